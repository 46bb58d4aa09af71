/**
 * The webhook feeder: seeded call centres whose calls are posted as PortSIP "Event URL", 3CX
 * WebhooksApi and VoIPstudio webhooks to the app's own endpoints (see README.md).
 */
export { CallTracker, type CallTrackerOptions } from './calls';
export { type CarriedFigures, carriedFigures } from './carried';
export {
  type FeedModelSettings,
  feedModelOptions,
  SOURCE_LABEL,
  SourceFeed,
  type SourceFeedOptions,
  type WriterOptions,
  webhookPayloads,
} from './feed';
export {
  type FeederLogger,
  fetchPoster,
  type Poster,
  type PostRequest,
  startWebhookFeeder,
  type WebhookFeeder,
  type WebhookFeederOptions,
  type WebhookFeederStats,
} from './feeder';
export { PORTSIP_PATH, portsipPayloads } from './portsip';
export {
  renderThreeCx,
  type ThreeCxEncoding,
  type ThreeCxEvent,
  threeCxPath,
  threeCxPayloads,
} from './threecx';
export {
  type CallbackCall,
  type CallChange,
  type InboundCall,
  WEBHOOK_KINDS,
  type WebhookKind,
  type WebhookRequest,
} from './types';
export { voipstudioPath, voipstudioPayloads } from './voipstudio';
