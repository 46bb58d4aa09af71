import { Map as IMap } from 'immutable';
import type { AgentQueueFigures, AgentStateTime } from './agentDay';
import type { Clocked } from './clocks';
import type {
  AgentState,
  CallDirection,
  CallerKind,
  CallParties,
  CallStatus,
  DriftCounts,
  GapReason,
  LegTargetKind,
  Presence,
} from './events';
import type { Figures, Thresholds } from './figures';
import type { AgreementState } from './reduce/agreement';
import { type DayWindow, dayWindow } from './time';
import type { Visit } from './visit';

/**
 * The reducer's state. Small collections are plain records; the large, hot ones (extensions, calls,
 * today's visits) are persistent maps so that one event costs O(log n), not a copy of thousands of
 * entries. `lib/domain/view.ts` turns it into the plain JSON that the API and the browser see.
 */

export interface Settings {
  /** IANA zone in which today's figures reset. */
  readonly timezone: string;
  /** Local "HH:MM" at which "today" starts (a night shift may count until 06:00); default midnight. */
  readonly dayStartsAt?: string;
  readonly defaults: Thresholds;
  /** Per-queue overrides, by queue key. */
  readonly queues?: Readonly<Record<string, Partial<Thresholds>>>;
}

/** Each listed entry says whose clock its `since` is on (clocks.ts), to show it against `now`. */
export interface WaitingCaller extends Clocked {
  readonly sessionId: string;
  readonly caller?: string;
  readonly callerName?: string;
  readonly kind: CallerKind;
  readonly since: number;
  readonly position?: number;
}

export interface QueueAgent extends Clocked {
  readonly extension: string;
  readonly state: AgentState;
  /** When the agent entered `state` (PBX time). */
  readonly since: number;
  readonly sessionId?: string;
  readonly caller?: string;
  readonly callerName?: string;
  /** The visit this agent is wrapping up, so the wrap-up time can be added to it. */
  readonly wrapVisit?: string;
}

export interface QueueState {
  readonly key: string;
  readonly scope: string;
  readonly number?: string;
  readonly id?: string;
  readonly name?: string;
  /** By session id. null = no source that can see this queue's waiting list reports it (unknown, not empty). */
  readonly waiting: IMap<string, WaitingCaller> | null;
  /** By extension number; null = unknown, as for `waiting`. */
  readonly agents: IMap<string, QueueAgent> | null;
  readonly today: Figures;
  /** 15-minute buckets of today, by bucket index (see time.ts). */
  readonly buckets: IMap<number, Figures>;
  readonly slaBreaches: number;
}

export interface ExtensionState {
  readonly key: string;
  readonly scope: string;
  readonly number: string;
  readonly id?: string;
  readonly name?: string;
  readonly email?: string;
  readonly department?: string;
  readonly online: boolean | null;
  readonly pushOnline?: boolean;
  readonly onlineAt?: number;
  readonly callStatus: CallStatus | null;
  readonly callStatusAt?: number;
  readonly presence: Presence | null;
  readonly presenceNote?: string;
  readonly presenceAt?: number;
  /** When the presence (and its note) began, on the server's timeline (reduce/extensions.ts). */
  readonly presenceSince?: number;
}

export type LegStatus = 'added' | 'ringing' | 'answered' | 'notAnswered' | 'failed' | 'ended';

export interface Leg {
  readonly leg: string;
  readonly target: string;
  readonly kind: LegTargetKind;
  readonly status: LegStatus;
  readonly addedAt?: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  readonly talkSeconds?: number;
  readonly statusAt: number;
}

export type CallPhase = 'ringing' | 'connected' | 'held' | 'ended';

export interface CallState {
  readonly key: string;
  readonly scope: string;
  readonly callId: string;
  readonly source: string;
  readonly direction: CallDirection;
  readonly parties: CallParties;
  readonly phase: CallPhase;
  readonly startedAt: number;
  readonly answeredAt?: number;
  readonly endedAt?: number;
  /** Hold and resume facts by PBX time; hold seconds are paired from them in time order. */
  readonly holds: Readonly<Record<number, 'held' | 'resumed'>>;
  readonly legs: Readonly<Record<string, Leg>>;
  /**
   * Queues this call visited (keys), the one entered last first: the first is the queue the call is
   * in now (the call view's `queue`). Linked from its visits, whichever source reported them
   * (reduce/callQueues.ts).
   */
  readonly queues: readonly string[];
  /** A final CDR has been applied: nothing later changes this call. */
  readonly final: boolean;
  /**
   * Closed as "ended, unknown" by a `trackLost` fact (reduce/lostTrack.ts); any later fact about the
   * call reopens it, since it shows the source still tracks it.
   */
  readonly lostTrack?: true;
  readonly lastEventAt: number;
}

/** Agent wrap-up reported as its own start/end facts (VoIPstudio), by extension key and call. */
export interface WrapUp {
  readonly startedAt?: number;
  readonly endedAt?: number;
}

/** Changing the shape of this state (or of anything in it)? Bump STATE_SCHEMA_VERSION (checkpoint.ts). */
export interface DomainState {
  readonly settings: Settings;
  readonly day: DayWindow;
  readonly queues: IMap<string, QueueState>;
  /** `${scope}/#${queueId}` → queue key, learnt from snapshots. */
  readonly queueIds: Readonly<Record<string, string>>;
  readonly extensions: IMap<string, ExtensionState>;
  readonly calls: IMap<string, CallState>;
  readonly visits: IMap<string, Visit>;
  /**
   * Queue keys of today's visits whose call was not known when they began, by call key
   * (`scope/callId`): a call reported after its queue facts (WSI queue topics ahead of cdr_events)
   * finds its visits without scanning every queue. A known call holds its links itself. One queue
   * (nearly every call) is kept as its key alone, several as a list.
   */
  readonly visitQueues: IMap<string, string | readonly string[]>;
  /** Today's figures per agent (extension key), from the visits they answered. */
  readonly agentsToday: IMap<string, Figures>;
  /** Today's counters per agent × queue (`agentQueueKeyOf`), from the visits they answered (agentDay.ts). */
  readonly agentQueueToday?: IMap<string, AgentQueueFigures>;
  /** Today's closed periods per state, per agent × queue (agentDay.ts); absent until the first. */
  readonly agentStateTime?: IMap<string, AgentStateTime>;
  readonly wrapUps: IMap<string, WrapUp>;
  /** Keys of SLA breach reports seen today, so a repeated report counts once. */
  readonly breaches: IMap<string, true>;
  /**
   * Time of the latest event per source id, on the server's timeline (its PBX time moved by the
   * source's clock offset), so that "last event 5 s ago" subtracts times of one clock.
   */
  readonly sources: Readonly<Record<string, number>>;
  /**
   * The scopes each source's events were about (a PortSIP link: its tenant; 3CX, VoIPstudio: itself),
   * so a board can tell which queues a source feeds and mark only those when it is down.
   */
  readonly sourceScopes?: Readonly<Record<string, readonly string[]>>;
  /** Each source's clock offset as last estimated at the edge: server time − PBX time, ms. */
  readonly clocks: Readonly<Record<string, number>>;
  /** Each source's self-checks against the PBX (reduce/drift.ts); absent until the first. */
  readonly drift?: Readonly<Record<string, SourceDriftState>>;
  /** Each source's own count of today's stays where two sources feed one scope (reduce/agreement.ts). */
  readonly agreement?: AgreementState;
  /** Today's gaps (reduce/gaps.ts): spans in which a source's facts did not reach the server. */
  readonly gaps?: readonly SourceGap[];
  /** `scope/sipCallId` → the call id it was first seen under (reduce/callAliases.ts). */
  readonly callAliases?: IMap<string, string>;
}

/** A source's self-checks: the last one's arrival time, and the differences counted on `dayStart`'s day. */
export interface SourceDriftState {
  readonly lastCheckedAt: number;
  /** Start of the day the counts belong to: counts of an earlier day read as zero (no rollDay work). */
  readonly dayStart: number;
  readonly differences: DriftCounts;
}

/** A span of today (server times) in which `source`'s facts did not arrive (docs/metrics.md, "Gaps"). */
export interface SourceGap {
  readonly source: string;
  /** The gap's start as recorded (before clipping to today): with `source`, what names it. */
  readonly key: number;
  readonly from: number;
  readonly to: number;
  readonly reason: GapReason;
  /** What a backfill made of it, once one has run. */
  readonly backfill?: {
    readonly outcome: 'filled' | 'failed';
    readonly calls: number;
    readonly detail?: string;
  };
}

export function initialState(settings: Settings, now: number): DomainState {
  return {
    settings,
    day: dayWindow(now, settings.timezone, settings.dayStartsAt),
    queues: IMap(),
    queueIds: {},
    extensions: IMap(),
    calls: IMap(),
    visits: IMap(),
    visitQueues: IMap(),
    agentsToday: IMap(),
    wrapUps: IMap(),
    breaches: IMap(),
    sources: {},
    clocks: {},
  };
}

export function thresholdsFor(settings: Settings, queueKey: string): Thresholds {
  const own = settings.queues?.[queueKey];
  return own ? { ...settings.defaults, ...own } : settings.defaults;
}
