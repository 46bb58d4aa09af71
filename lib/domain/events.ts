/**
 * The one event model. Every source normalizer turns vendor payloads into these past-tense facts;
 * the reducer is the only consumer. No vendor field names here: those live in lib/sources/<source>.
 */

/** Which kind of PBX integration produced an event. Decides what the event can be trusted to mean. */
export type SourceKind = 'portsip-wsi' | 'portsip-webhook' | '3cx' | 'voipstudio';

export type AgentState =
  | 'ready'
  | 'queueCall'
  | 'otherCall'
  | 'wrapUp'
  | 'notReady'
  | 'loggedOut'
  | 'offline';
export const AGENT_STATES: readonly AgentState[] = [
  'ready',
  'queueCall',
  'otherCall',
  'wrapUp',
  'notReady',
  'loggedOut',
  'offline',
];

export type CallerKind = 'normal' | 'callback';
export type CallStatus = 'idle' | 'ringing' | 'onCall';
export type Presence = 'available' | 'lunch' | 'businessTrip' | 'doNotDisturb' | 'away' | 'other';
export type CallDirection = 'inbound' | 'outbound' | 'internal' | 'inboundToOutbound' | 'unknown';
/** What kind of party a call leg rings. `queue` legs are what queue figures are derived from. */
export type LegTargetKind = 'queue' | 'extension' | 'other' | 'unknown';

/**
 * A queue as the sources name it. PortSIP WSI sometimes gives only the queue id, webhooks only the
 * number; the reducer resolves both to one queue.
 */
export interface QueueRef {
  readonly tenant?: string;
  readonly id?: string;
  readonly number?: string;
}

export interface ExtensionRef {
  readonly tenant?: string;
  readonly number: string;
  readonly id?: string;
}

/** Common to every event. */
interface Fact {
  /** Configured source id (e.g. "pbx-main"), so figures and health can be traced to a connection. */
  readonly source: string;
  readonly origin: SourceKind;
  /** The PBX's own time of the fact, ms since epoch (arrival time only where the PBX sends none). */
  readonly at: number;
  /**
   * Set when `at` is this server's arrival time because the payload carried no PBX time (a snapshot,
   * a queue created, every 3CX event). Such a time is on the server's clock: it is never compared
   * with a PBX time, and it says nothing about the PBX's clock (docs/metrics.md, "Two clocks").
   */
  readonly atArrival?: true;
  /** Tenant id, exact string; absent for single-tenant sources. */
  readonly tenant?: string;
}

export interface WaitingCallerFact {
  readonly sessionId: string;
  readonly caller?: string;
  readonly callerName?: string;
  readonly kind: CallerKind;
  readonly since: number;
  readonly position?: number;
}

export interface QueueAgentFact {
  readonly extension: string;
  readonly state: AgentState;
  readonly since: number;
  readonly sessionId?: string;
  readonly caller?: string;
  readonly callerName?: string;
}

/** One call target of a finished call, as a CDR lists it. Times in ms; absent = never happened. */
export interface CdrLeg {
  readonly target: string;
  readonly targetKind: LegTargetKind;
  readonly startedAt?: number;
  readonly ringAt?: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  readonly endReason?: string;
  readonly statusCode?: number;
  readonly callType?: string;
}

export interface CallParties {
  readonly direction?: CallDirection;
  readonly caller?: string;
  readonly callerName?: string;
  readonly callee?: string;
  readonly calleeName?: string;
  readonly did?: string;
}

// --- queue facts -------------------------------------------------------------------------------

export interface CallerQueued extends Fact {
  readonly type: 'callerQueued';
  readonly queue: QueueRef;
  readonly caller: WaitingCallerFact;
}
export interface CallerAnswered extends Fact {
  readonly type: 'callerAnswered';
  readonly queue: QueueRef;
  readonly sessionId: string;
  readonly agent?: string;
}
export interface CallerAbandoned extends Fact {
  readonly type: 'callerAbandoned';
  readonly queue: QueueRef;
  readonly sessionId: string;
}
export interface CallerOverflowed extends Fact {
  readonly type: 'callerOverflowed';
  readonly queue: QueueRef;
  readonly sessionId: string;
}
export interface CallbackScheduled extends Fact {
  readonly type: 'callbackScheduled';
  readonly queue: QueueRef;
  readonly sessionId: string;
}
/** The PBX's full picture of one queue. Replaces the waiting list and agents we had. */
export interface QueueSnapshotted extends Fact {
  readonly type: 'queueSnapshotted';
  readonly queue: QueueRef;
  readonly name?: string;
  readonly waiting: readonly WaitingCallerFact[];
  readonly agents: readonly QueueAgentFact[];
}
export interface AgentStateChanged extends Fact {
  readonly type: 'agentStateChanged';
  readonly queue: QueueRef;
  readonly agent: QueueAgentFact;
}
export interface AgentRemovedFromQueue extends Fact {
  readonly type: 'agentRemovedFromQueue';
  readonly queue: QueueRef;
  readonly extension: string;
}
export interface SlaBreachReported extends Fact {
  readonly type: 'slaBreachReported';
  readonly queue: QueueRef;
  readonly caller?: string;
  readonly totalBreached?: number;
  readonly slaSeconds?: number;
  readonly waitingCallers?: number;
}
export interface QueueCreated extends Fact {
  readonly type: 'queueCreated';
  readonly queue: QueueRef;
  readonly name?: string;
}
export interface QueueUpdated extends Fact {
  readonly type: 'queueUpdated';
  readonly queue: QueueRef;
  readonly name?: string;
}
export interface QueueDeleted extends Fact {
  readonly type: 'queueDeleted';
  readonly queue: QueueRef;
}

// --- extension facts ---------------------------------------------------------------------------

export interface ExtensionRegistrationChanged extends Fact {
  readonly type: 'extensionRegistrationChanged';
  readonly extension: ExtensionRef;
  readonly online: boolean;
  readonly pushOnline?: boolean;
}
export interface ExtensionCallStatusChanged extends Fact {
  readonly type: 'extensionCallStatusChanged';
  readonly extension: ExtensionRef;
  readonly callStatus: CallStatus;
}
export interface ExtensionPresenceChanged extends Fact {
  readonly type: 'extensionPresenceChanged';
  readonly extension: ExtensionRef;
  readonly presence: Presence;
  readonly note?: string;
}
export interface ExtensionProfile {
  readonly name?: string;
  readonly email?: string;
  readonly username?: string;
  readonly department?: string;
  readonly enabled?: boolean;
}
export interface ExtensionCreated extends Fact {
  readonly type: 'extensionCreated';
  readonly extension: ExtensionRef;
  readonly profile: ExtensionProfile;
}
export interface ExtensionUpdated extends Fact {
  readonly type: 'extensionUpdated';
  readonly extension: ExtensionRef;
  readonly profile: ExtensionProfile;
}
export interface ExtensionDeleted extends Fact {
  readonly type: 'extensionDeleted';
  readonly extension: ExtensionRef;
}

// --- call facts --------------------------------------------------------------------------------

interface CallFact extends Fact {
  /** The source's id for the whole call (PortSIP session id, 3CX Id without its -N suffix, …). */
  readonly callId: string;
  /**
   * The call's SIP Call-ID where the source names it (PortSIP CDR events' and REST CDRs' `call_id`):
   * the one id a REST CDR shares with the live facts, so a backfilled call is the call already known
   * (reduce/callAliases.ts).
   */
  readonly sipCallId?: string;
}
interface LegFact extends CallFact {
  /** Stable per call: the same target rung twice in one call is one leg. */
  readonly leg: string;
  readonly target: string;
  readonly targetKind: LegTargetKind;
}

export interface CallStarted extends CallFact {
  readonly type: 'callStarted';
  readonly parties: CallParties;
}
export interface CallUpdated extends CallFact {
  readonly type: 'callUpdated';
  readonly parties: CallParties;
}
export interface CallLegAdded extends LegFact {
  readonly type: 'callLegAdded';
}
export interface CallLegRinging extends LegFact {
  readonly type: 'callLegRinging';
}
export interface CallLegAnswered extends LegFact {
  readonly type: 'callLegAnswered';
}
export interface CallLegNotAnswered extends LegFact {
  readonly type: 'callLegNotAnswered';
}
export interface CallLegFailed extends LegFact {
  readonly type: 'callLegFailed';
  readonly statusCode?: number;
}
export interface CallLegEnded extends LegFact {
  readonly type: 'callLegEnded';
  /** Talk seconds as the PBX counted them, where it says (3CX `Duration`). */
  readonly talkSeconds?: number;
  readonly transferred?: boolean;
}
export interface CallEnded extends CallFact {
  readonly type: 'callEnded';
  readonly answered?: boolean;
  readonly reason?: string;
}
export interface CallHeld extends CallFact {
  readonly type: 'callHeld';
  readonly extension?: string;
}
export interface CallResumed extends CallFact {
  readonly type: 'callResumed';
  readonly extension?: string;
}
/** The PBX's final record of a call: authoritative, and the last word on it. */
export interface CallDetailRecorded extends CallFact {
  readonly type: 'callDetailRecorded';
  readonly parties: CallParties;
  readonly startedAt?: number;
  readonly answeredAt?: number;
  readonly endedAt: number;
  readonly endReason?: string;
  readonly statusCode?: number;
  readonly legs: readonly CdrLeg[];
}

// --- the source's clock -----------------------------------------------------------------------

/**
 * The edge's estimate of a source's clock: `offsetMs` = server time − PBX time, from the arrival
 * times of its frames (lib/sources/clockOffset.ts). `at` is the arrival of the frame that moved it
 * (server clock). Journaled like any fact, so a replay puts PBX times on the same timeline again.
 */
export interface SourceClockEstimated extends Fact {
  readonly type: 'sourceClockEstimated';
  readonly atArrival: true;
  readonly offsetMs: number;
}

// --- lost track (issue #14) -------------------------------------------------------------------

/**
 * The server's word that entries of `source` lost their track: emitted by the server (a live link once
 * its fresh snapshots are in after a (re)connect, or a timer when an entry outlived the no-news bound)
 * and journaled like any fact, so a replay closes exactly what the live run closed. `at` is the
 * arrival (server) time; `quietSince` is a server time too: only entries with no news since then are
 * closed (docs/metrics.md, "Lost track").
 * - `resynced`: the source's fresh snapshots are in; an open call they no longer report (not waiting in
 *   a queue, no party on a call) is closed. (Callers the snapshots drop are closed by the snapshot.)
 * - `bound`: every waiting caller and open call with no news since `quietSince` is closed.
 */
export interface TrackLost extends Fact {
  readonly type: 'trackLost';
  readonly atArrival: true;
  readonly reason: 'resynced' | 'bound';
  readonly quietSince: number;
}

// --- self-check against the PBX (issue #14 item 4) ----------------------------------------

/** What a self-check compares: waiting callers by session id, agents by extension and state. */
export type DriftKind = 'waitingCaller' | 'agentState';
export type DriftCounts = { readonly [K in DriftKind]: number };

/**
 * The server's word that it compared what the board believed of one queue with what the PBX reported
 * just now (a fresh `queue_status`, or the PBX's REST API), and how many entries differed, by kind
 * (lib/domain/reconcile.ts). `at` is the arrival (server) time of the PBX's answer. Journaled, so
 * today's drift counts survive a restart (docs/metrics.md, "Drift"). Healing is not this fact's
 * business: the fresh snapshot itself replaces the board's view.
 */
export interface QueueChecked extends Fact {
  readonly type: 'queueChecked';
  readonly atArrival: true;
  readonly queue: QueueRef;
  /** Which of the PBX's answers: a WSI re-subscribe's snapshot, or the REST API's lists. */
  readonly via: 'snapshot' | 'rest';
  readonly differences: DriftCounts;
}

// --- gaps (issue #14) --------------------------------------------------------------------------

/** Why a source's facts did not reach this server for a while. */
export type GapReason = 'linkDown' | 'serverStopped';

/**
 * The server's word that `source`'s facts did not reach it from `from` to `to` (both server times,
 * arrival timeline only): today's figures miss what happened meanwhile (docs/metrics.md, "Gaps").
 * `linkDown`: from the link's last proof of life to its fresh snapshots; `serverStopped`: from the
 * last journaled arrival (or clean stop) to this process's start. `at` is when it was said.
 */
export interface SourceGapRecorded extends Fact {
  readonly type: 'sourceGapRecorded';
  readonly atArrival: true;
  readonly from: number;
  readonly to: number;
  readonly reason: GapReason;
}

/**
 * What a backfill from the PBX's own records made of the gap of `source` that began at `from`:
 * `filled` (its calls are journaled; the gap no longer shows) or `failed` (it still shows, with `detail`).
 */
export interface SourceGapBackfilled extends Fact {
  readonly type: 'sourceGapBackfilled';
  readonly atArrival: true;
  readonly from: number;
  readonly outcome: 'filled' | 'failed';
  /** Calls the PBX's records gave for the gap (journaled; those already known count once). */
  readonly calls: number;
  readonly detail?: string;
}

// --- wrap-up -----------------------------------------------------------------------------------

export interface WrapUpStarted extends Fact {
  readonly type: 'wrapUpStarted';
  readonly extension: string;
  readonly callId?: string;
  readonly queue?: QueueRef;
}
export interface WrapUpEnded extends Fact {
  readonly type: 'wrapUpEnded';
  readonly extension: string;
  readonly callId?: string;
  readonly queue?: QueueRef;
  readonly timedOut: boolean;
}

export type DomainEvent =
  | CallerQueued
  | CallerAnswered
  | CallerAbandoned
  | CallerOverflowed
  | CallbackScheduled
  | QueueSnapshotted
  | AgentStateChanged
  | AgentRemovedFromQueue
  | SlaBreachReported
  | QueueCreated
  | QueueUpdated
  | QueueDeleted
  | ExtensionRegistrationChanged
  | ExtensionCallStatusChanged
  | ExtensionPresenceChanged
  | ExtensionCreated
  | ExtensionUpdated
  | ExtensionDeleted
  | CallStarted
  | CallUpdated
  | CallLegAdded
  | CallLegRinging
  | CallLegAnswered
  | CallLegNotAnswered
  | CallLegFailed
  | CallLegEnded
  | CallEnded
  | CallHeld
  | CallResumed
  | CallDetailRecorded
  | WrapUpStarted
  | WrapUpEnded
  | SourceClockEstimated
  | TrackLost
  | QueueChecked
  | SourceGapRecorded
  | SourceGapBackfilled;

export type DomainEventType = DomainEvent['type'];
export type EventOf<T extends DomainEventType> = Extract<DomainEvent, { type: T }>;
export type LegEvent = Extract<DomainEvent, LegFact>;
