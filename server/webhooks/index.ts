/** Webhook receivers for PortSIP (Event URL), 3CX (WebhooksApi add-on) and VoIPstudio. */
export { eventsDedupeKey, threeCxDedupeKey } from './dedupeKey';
export { createWebhookReceiver } from './receiver';
export { replayDeadLetter } from './replay';
export type {
  ReplayDeps,
  WebhookKind,
  WebhookLimits,
  WebhookReceiverOptions,
  WebhookSourceConfig,
} from './types';
