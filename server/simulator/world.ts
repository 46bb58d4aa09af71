import type { Rank } from './agenda';
import type { CallCdrMessage, CallRecord, CallStartMessage, Leg } from './cdr';
import type { Truth, TruthVisit } from './groundTruth';
import type { IdMint } from './ids';
import type { ModelSettings } from './options';
import type { Rng } from './random';
import type {
  AgentStateName,
  CallerType,
  ExtensionAgentStatusMessage,
  ExtensionCallMessage,
  ExtensionCallStatus,
  ExtensionPresenceMessage,
  ExtensionStatusMessage,
  PresenceName,
  QueueAgentStatusMessage,
  QueueCallerStatusMessage,
  QueueManagementMessage,
  QueueSlaBreachedMessage,
  QueueStatusMessage,
} from './wsiMessages';

/**
 * The model's entities and the narrow interface (World) the caller and agent flows act through.
 * Entities are mutable on purpose: the model is one sequential simulation, and every change goes
 * through a flow function that also emits the message telling subscribers about it.
 */

export type WsiMessage =
  | QueueManagementMessage
  | QueueStatusMessage
  | QueueCallerStatusMessage
  | QueueAgentStatusMessage
  | QueueSlaBreachedMessage
  | ExtensionStatusMessage
  | ExtensionCallMessage
  | ExtensionPresenceMessage
  | ExtensionAgentStatusMessage
  | CallStartMessage
  | CallCdrMessage;

/** Which subscribers a message is for: a topic and, for queue and extension topics, whose. */
export type Route =
  | { readonly topic: 'queue_management_events' }
  | { readonly topic: 'queue_events'; readonly queue: string }
  | { readonly topic: 'extension_events'; readonly extension: string }
  | { readonly topic: 'cdr_events' };

export interface Emitted {
  /** Simulated time of the change (ms). */
  readonly at: number;
  readonly route: Route;
  readonly message: WsiMessage;
}

export interface Queue {
  readonly index: number;
  readonly id: string;
  readonly number: string;
  readonly name: string;
  readonly did: string;
  readonly peakPerHour: number;
  readonly agents: Agent[];
  /** In arrival order; callers waiting for a callback stay listed, as the PBX lists them. */
  readonly waiting: Caller[];
  /** Next arrival (ms, unrounded: the Poisson process runs on from it). */
  nextArrivalAt: number;
  /** The second a routing pass is already planned for. */
  dispatchAt?: number;
}

export interface Agent {
  readonly extension: string;
  readonly extensionId: string;
  /** Display name, as the agent's outbound calls (callbacks) show it. */
  readonly name: string;
  /** sip:101@domain, as extension events name it. */
  readonly uri: string;
  readonly queue: Queue;
  state: AgentStateName;
  since: number;
  callStatus: ExtensionCallStatus;
  callStatusSince: number;
  presence: PresenceName;
  presenceNote: string;
  presenceSince: number;
  online: boolean;
  onlineSince: number;
  /** Routing offers a caller to the agent idle the longest. */
  idleSince: number;
  /** The caller being rung (or called back) and that ring's call target. */
  offer?: { readonly caller: Caller; readonly leg: Leg };
  /** The caller of the current queue call, then of the wrap-up. */
  serving?: Caller;
  /** Bumped on every change; a planned action runs only if the epoch it was planned in still holds. */
  epoch: number;
}

export type CallerStatus =
  | 'waiting'
  | 'ringing'
  | 'talking'
  | 'gone'
  | 'callbackWaiting'
  | 'callbackDialling'
  | 'callbackTalking'
  | 'callbackDone';

export interface Caller {
  readonly record: CallRecord;
  readonly number: string;
  readonly name: string;
  readonly queue: Queue;
  readonly enqueuedAt: number;
  readonly queueLeg: Leg;
  /** The call's targets: the queue leg first, then every agent rung, then any overflow leg. */
  readonly legs: Leg[];
  readonly visit: TruthVisit;
  kind: CallerType;
  status: CallerStatus;
  answeredAt?: number;
  /** The agent whose phone rings for this caller now. */
  offeredTo?: Agent;
  /** The call target (agent leg) that answered. */
  answeredLeg?: Leg;
  /** The later call made to honour a callback request: a call of its own. */
  callback?: CallRecord & { readonly legs: Leg[] };
}

export interface World {
  readonly o: ModelSettings;
  readonly rng: Rng;
  readonly tenantId: string;
  readonly queues: readonly Queue[];
  readonly ids: { readonly session: IdMint; readonly cdr: IdMint; readonly leg: IdMint };
  readonly truth: Truth;
  schedule(at: number, rank: Rank, run: () => void): void;
  emit(at: number, route: Route, message: WsiMessage): void;
  /** Plan a routing pass for the queue at `at`, after everything else due in that second. */
  dispatchSoon(queue: Queue, at: number): void;
}

export const queueRoute = (q: Queue): Route => ({ topic: 'queue_events', queue: q.number });
export const extensionRoute = (a: Agent): Route => ({ topic: 'extension_events', extension: a.extension });
export const CDR_ROUTE: Route = { topic: 'cdr_events' };

/** The carrier the simulated inbound calls come through (a documentation address, RFC 5737). */
export const TRUNK = { name: 'DemoTrunk', host: '203.0.113.10' } as const;
