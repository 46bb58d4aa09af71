import { WebhookSourcesPage } from '@/components/settings/WebhookSourcesPage';

/** `/settings/webhooks`: webhook sources. */
export default function WebhookSettingsRoute() {
  return <WebhookSourcesPage />;
}
