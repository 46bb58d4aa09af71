import { AlertChannelsPage } from '@/components/settings/AlertChannelsPage';

/** `/settings/alerts`: where alerts go (webhook, Slack, Teams, e-mail), each with Send test and its log. */
export default function AlertSettingsRoute() {
  return <AlertChannelsPage />;
}
