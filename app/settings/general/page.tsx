import { GeneralPage } from '@/components/settings/GeneralPage';

/** `/settings/general`: timezone, day start, time and number formats, SLA and short-abandon seconds. */
export default function GeneralSettingsRoute() {
  return <GeneralPage />;
}
