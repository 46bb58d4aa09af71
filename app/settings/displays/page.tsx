import { DisplaysPage } from '@/components/settings/DisplaysPage';

/** `/settings/displays`: TVs and their tokens. */
export default function DisplaysRoute() {
  return <DisplaysPage />;
}
