import type { QueueCreated } from '../../../lib/domain/events';
import { CallCenterModel } from '../model';
import type { ModelOptions } from '../options';
import { CallTracker } from './calls';
import { portsipPayloads } from './portsip';
import { threeCxPayloads } from './threecx';
import type { CallChange, WebhookKind, WebhookRequest } from './types';
import { voipstudioPayloads } from './voipstudio';

/**
 * One webhook source's feed: its own seeded model (one queue, a handful of agents), the tracker that
 * reads the call lifecycle out of the model's messages, and the vendor writer. No clock and no I/O:
 * `step(toMs)` moves the model and returns the requests to post, in order.
 */

export interface WriterOptions {
  readonly token: string;
  /** PortSIP: the tenant's SIP domain, for target addresses. */
  readonly domain: string;
  /** VoIPstudio: call_id of call n is base + n. */
  readonly callIdBase: number;
}

/** The pure part: a batch of call changes → that vendor's requests, in order. */
export function webhookPayloads(
  kind: WebhookKind,
  changes: readonly CallChange[],
  o: WriterOptions,
): WebhookRequest[] {
  switch (kind) {
    case 'portsip-webhook':
      return portsipPayloads(changes, o);
    case '3cx':
      return threeCxPayloads(changes, o);
    case 'voipstudio':
      return voipstudioPayloads(changes, o);
  }
}

/** How queue names say where they come from: "Sales (3CX)". */
export const SOURCE_LABEL: Readonly<Record<WebhookKind, string>> = {
  'portsip-webhook': 'PortSIP webhook',
  '3cx': '3CX',
  voipstudio: 'VoIPstudio',
};

/** Distinct from the WSI demo simulator's tenant (676398719834259456) and from each other. */
const TENANT: Readonly<Record<WebhookKind, string>> = {
  'portsip-webhook': '676398719834259601',
  '3cx': '676398719834259602',
  voipstudio: '676398719834259603',
};
const DOMAIN: Readonly<Record<WebhookKind, string>> = {
  'portsip-webhook': 'portsip-hook.demo.callboard.local',
  '3cx': '3cx.demo.callboard.local',
  voipstudio: 'voipstudio.demo.callboard.local',
};
/** Added to the feeder's seed, so the three models never run the same calls. */
const SEED_OFFSET: Readonly<Record<WebhookKind, number>> = {
  'portsip-webhook': 101,
  '3cx': 202,
  voipstudio: 303,
};

export interface FeedModelSettings {
  readonly seed: number;
  readonly startAt: number;
  readonly timeZone: string;
  readonly slaSeconds: number;
}

/**
 * A small, lively call center for one source: one queue of 6 agents, 60 calls an hour at a flat
 * daytime rate (a demo is shown at any hour), about half the agents' capacity.
 */
export function feedModelOptions(
  kind: WebhookKind,
  s: FeedModelSettings,
): ModelOptions & { readonly startAt: number } {
  return {
    seed: s.seed + SEED_OFFSET[kind],
    startAt: s.startAt,
    timeZone: s.timeZone,
    slaSeconds: s.slaSeconds,
    tenantId: TENANT[kind],
    tenantName: `Callboard Demo (${SOURCE_LABEL[kind]})`,
    domain: DOMAIN[kind],
    queues: 1,
    agentsPerQueue: 6,
    callsPerHour: 60,
    dailyCurve: Array.from({ length: 24 }, () => 1),
  };
}

export interface SourceFeedOptions {
  readonly kind: WebhookKind;
  readonly token: string;
  /** The model; `startAt` must be set (the feed reads no clock). */
  readonly model: ModelOptions & { readonly startAt: number };
  /** The receiving app's id of this source (events' `source`); default: the kind. */
  readonly sourceId?: string;
}

export class SourceFeed {
  readonly kind: WebhookKind;
  readonly sourceId: string;
  readonly model: CallCenterModel;
  private readonly tracker: CallTracker;
  private readonly writer: WriterOptions;

  constructor(o: SourceFeedOptions) {
    this.kind = o.kind;
    this.sourceId = o.sourceId ?? o.kind;
    this.model = new CallCenterModel(o.model);
    const label = SOURCE_LABEL[o.kind];
    this.tracker = new CallTracker({
      queues: this.model.queues(),
      queueName: (q) => `${q.name} (${label})`,
      overflowDestination: this.model.settings.overflowDestination,
    });
    this.writer = {
      token: o.token,
      domain: this.model.settings.domain,
      // Unique per run (the model starts now), so a restarted demo never reuses a call id of today.
      callIdBase: Math.floor(this.model.startAt / 1000) * 1000,
    };
  }

  /** Move the model to `toMs`; the call changes it made and the requests that report them. */
  stepChanges(toMs: number): { changes: CallChange[]; requests: WebhookRequest[] } {
    const changes = this.tracker.changes(this.model.step(toMs));
    return { changes, requests: webhookPayloads(this.kind, changes, this.writer) };
  }

  step(toMs: number): WebhookRequest[] {
    return this.stepChanges(toMs).requests;
  }

  /** Where the model's messages and the tracker's reading of them disagreed (none expected). */
  problems(): readonly string[] {
    return this.tracker.problems();
  }

  /**
   * The queues as the receiving app should know them: a webhook never says which PortSIP target is
   * a queue, and no webhook names a queue. Ingested by the app, these give PortSIP webhook calls
   * their queue figures and every webhook queue its name ("Sales (3CX)").
   */
  queueFacts(at: number): QueueCreated[] {
    const tenant = this.kind === 'portsip-webhook' ? this.model.tenantId : undefined;
    return this.model.queues().map((q) => ({
      type: 'queueCreated',
      source: this.sourceId,
      origin: this.kind,
      at,
      ...(tenant === undefined ? {} : { tenant }),
      queue: { ...(tenant === undefined ? {} : { tenant }), number: q.number },
      name: `${q.name} (${SOURCE_LABEL[this.kind]})`,
    }));
  }
}
