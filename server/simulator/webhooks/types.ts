import type { CallCdrMessage, CallStartMessage } from '../cdr';

/**
 * What the webhook feeder works with: the three webhook sources, the HTTP requests it posts, and the
 * vendor-neutral call lifecycle (CallChange) that the tracker reads out of the model's messages and
 * each vendor file turns into that vendor's payloads.
 */

export type WebhookKind = 'portsip-webhook' | '3cx' | 'voipstudio';
export const WEBHOOK_KINDS: readonly WebhookKind[] = ['portsip-webhook', '3cx', 'voipstudio'];

/** One POST, ready to send to `${baseUrl}${path}`. */
export interface WebhookRequest {
  readonly kind: WebhookKind;
  /** Simulated time of the change it reports (ms). 3CX sends no time: the receiver stamps arrival. */
  readonly at: number;
  /** Path and query, e.g. `/api/webhooks/3cx?token=…`. */
  readonly path: string;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

export interface QueueLabel {
  readonly number: string;
  /** What the board should call it, e.g. "Sales (3CX)". */
  readonly name: string;
}

/** An inbound call to a queue, as known when the change happened (a snapshot: never mutated). */
export interface InboundCall {
  /** 1-based number of the call within its feed (inbound and callback calls share the count). */
  readonly n: number;
  readonly sessionId: string;
  readonly cdrId: string;
  readonly tenantId: string;
  readonly caller: string;
  /** "" when the caller withholds it. */
  readonly callerName: string;
  readonly did: string;
  readonly queue: QueueLabel;
  readonly startedAt: number;
  readonly answeredAt?: number;
  readonly agent?: string;
  /** When the agent's talk ended (set from the talk's end on). */
  readonly endedAt?: number;
}

/** The later call an agent makes to honour a callback request: a call of its own. */
export interface CallbackCall {
  readonly n: number;
  readonly sessionId: string;
  readonly cdrId: string;
  readonly tenantId: string;
  readonly agent: string;
  readonly agentName: string;
  readonly customer: string;
  readonly customerName: string;
  readonly startedAt: number;
  readonly connectedAt?: number;
}

interface Change {
  readonly at: number;
  /** 0-based position among every change of the feed: unique, for event ids. */
  readonly seq: number;
}

/**
 * The call lifecycle, vendor-neutral. `pbx` carries the model's own PortSIP CDR messages (call_start,
 * call_cdr) for the PortSIP writer to pass on unchanged; the other changes are read from the WSI
 * messages. Within one `changes()` batch they are in the order the model made them.
 */
export type CallChange =
  | (Change & { readonly type: 'pbx'; readonly message: CallStartMessage | CallCdrMessage })
  | (Change & { readonly type: 'queued'; readonly call: InboundCall })
  | (Change & { readonly type: 'ringing'; readonly call: InboundCall; readonly agent: string })
  | (Change & {
      readonly type: 'ringEnded';
      readonly call: InboundCall;
      readonly agent: string;
      /** noAnswer: the agent let it ring out; cancelled: the caller left while it rang. */
      readonly why: 'noAnswer' | 'cancelled';
    })
  | (Change & { readonly type: 'answered'; readonly call: InboundCall; readonly agent: string })
  | (Change & {
      readonly type: 'left';
      readonly call: InboundCall;
      /** hangup: gave up; callback: gave up asking to be called back; overflow: max wait reached. */
      readonly why: 'hangup' | 'callback' | 'overflow';
      /** Where an overflowed call goes on to (the model's overflowDestination). */
      readonly overflowTo?: string;
    })
  | (Change & {
      readonly type: 'talkEnded';
      readonly call: InboundCall;
      readonly agent: string;
      readonly talkSeconds: number;
      /** PortSIP's ended_reason: caller_disconnected or callee_disconnected. */
      readonly reason: string;
    })
  | (Change & { readonly type: 'wrapStarted'; readonly call: InboundCall; readonly agent: string })
  | (Change & { readonly type: 'wrapEnded'; readonly call: InboundCall; readonly agent: string })
  | (Change & { readonly type: 'callbackDialled'; readonly call: CallbackCall })
  | (Change & { readonly type: 'callbackConnected'; readonly call: CallbackCall })
  | (Change & { readonly type: 'callbackEnded'; readonly call: CallbackCall; readonly talkSeconds: number });

export type CallChangeType = CallChange['type'];
