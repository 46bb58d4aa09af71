import type { AlertView } from './alerts/view';
import type { SourceAgreement } from './domain/agreement';
import type { SourceKind } from './domain/events';
import type { ExtensionView, QueueView } from './domain/view';

export type { AlertView } from './alerts/view';
/** A queue's `gaps`: spans today's figures miss (docs/metrics.md, "Gaps"); they travel in QueueView. */
export type { GapView } from './domain/gapsView';

/**
 * The browser link, in one file. The server sends a `snapshot` (its whole view and a `seq`), then
 * `patch`es numbered seq + 1, seq + 2, … and, on a stream idle for HEARTBEAT_MS, a tiny `heartbeat`
 * naming the seq it is at (so a quiet board proves it is live without a snapshot). A client that
 * falls behind (a gap, a heartbeat ahead of it) sends `resume {epoch, seq}`; on a reconnect it puts
 * the same in the handshake's `auth.resume`. The server answers from a bounded ring of recent patches
 * when it can, with a snapshot otherwise (another epoch, too old, never had one). `resync` asks for a
 * snapshot outright. The server answers one such request per socket per few seconds at most.
 * Socket.IO namespace `/wallboard`; the token travels in `auth.token`.
 */
export const PROTOCOL_VERSION = 3;
export const WALLBOARD_NAMESPACE = '/wallboard';
/** Longest silence on a healthy stream: an idle server sends a heartbeat at least this often. */
export const HEARTBEAT_MS = 10_000;

export type SourceHealth = 'connected' | 'connecting' | 'resyncing' | 'disconnected' | 'error';

export interface SourceStatus {
  readonly id: string;
  readonly kind: SourceKind;
  readonly status: SourceHealth;
  /** Time of the latest event from this source, ms, on the server's clock (its PBX time moved by clockOffsetMs). */
  readonly lastEventAt: number | null;
  /** Human-readable reason for the status (e.g. the PBX's auth error), never a secret. */
  readonly detail: string | null;
  /**
   * The scopes (queue key prefixes, lib/domain/keys.ts) this source's events were about: the queues it
   * feeds. Empty until its first event.
   */
  readonly scopes?: readonly string[];
  /**
   * The PBX's clock as estimated from this source's own frames: server time − PBX time, ms (positive:
   * the PBX is behind). null while unknown, and always for a source that sends no times (3CX). The
   * hub fills this and clockWarning in everything it publishes; a link need not set them.
   */
  readonly clockOffsetMs?: number | null;
  /** The offset is beyond the configured bound (CLOCK_WARN_SECONDS, default 5 s): fix the PBX's NTP. */
  readonly clockWarning?: boolean;
  /**
   * Server time of the source's last proof of life: an event, a pong, a snapshot or a check. A board
   * shows the age of a figure fed by a source whose proof is older than 2 min (lib/board/freshness.ts).
   * Absent/null: unknown. The hub fills it from the source's latest event as well.
   */
  readonly lastProofOfLifeAt?: number | null;
  /** Self-checks and cross-checks of this source against the PBX's truth (docs/metrics.md "Drift"). */
  readonly drift?: SourceDrift;
  /** A PBX link's owner (SourceOwner); absent for webhook sources. */
  readonly owner?: SourceOwner;
}

/**
 * Which Callboard instance runs a PBX link (its INSTANCE_ID): this one (`here`), or another while
 * this one stands by (`instance` null: none holds it yet). One instance alone always owns its links.
 */
export interface SourceOwner {
  readonly instance: string | null;
  readonly here: boolean;
}

/**
 * The source's self-checks against the PBX (a PortSIP link's fresh snapshots, its REST lists): when
 * the last one came in (server time) and how many entries the board had wrong today, by kind. The hub
 * fills it from the journaled checks.
 */
export interface SourceCheck {
  readonly lastCheckedAt: number | null;
  readonly differencesToday: { readonly waitingCaller: number; readonly agentState: number };
}

export interface SourceDrift {
  readonly check?: SourceCheck;
  /**
   * This source's counts against another source's of the same PBX tenant, per closed quarter-hour
   * (docs/metrics.md "Drift — agreement"). Absent: no other source feeds its queues (unknown, not 0).
   */
  readonly agreement?: SourceAgreement;
}
export type { AgreementCounts, SourceAgreement } from './domain/agreement';

export interface CallView {
  readonly id: string;
  readonly direction: string;
  readonly caller: string | null;
  readonly callerName: string | null;
  readonly callee: string | null;
  readonly phase: 'ringing' | 'connected' | 'held';
  readonly startedAt: number;
  readonly answeredAt: number | null;
  readonly queue: string | null;
  /** The extension number of the agent on the call now (its answered extension leg), if any. */
  readonly agent: string | null;
}

/** One agent of one queue. On the wire agents travel apart from their queue, so an agent's change
 * costs one small row, not the queue's whole agent list. */
export type AgentRow = NonNullable<QueueView['agents']>[number] & {
  /** `<queue id>/<extension>` */
  readonly id: string;
  readonly queue: string;
};

/** One non-empty 15-minute bucket of one queue's day (docs/metrics.md). */
export interface BucketRow {
  /** `<queue id>/<bucket index>` */
  readonly id: string;
  readonly queue: string;
  readonly bucket: number;
  /** Start of the bucket in the board's timezone, e.g. "09:15". */
  readonly label: string;
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  /** The counters behind a service level, so a board can apply its own formula (lib/domain/figures.ts). */
  readonly answeredWithinSla: number;
  readonly shortAbandoned: number;
  readonly overflowed: number;
  /** Under the default formula. */
  readonly serviceLevel: number | null;
  readonly asaSeconds: number | null;
}

/** A queue as sent: its agents travel as AgentRows; `agentsKnown: false` means the list is unknown. */
export type QueueWire = Omit<QueueView, 'agents'> & { readonly agentsKnown: boolean };

/** What the server sends in a snapshot. */
export interface WireState {
  readonly seq: number;
  readonly serverTime: number;
  /** The running build: a client that sees another one reloads itself. */
  readonly buildId?: string;
  readonly sources: readonly SourceStatus[];
  readonly queues: readonly QueueWire[];
  readonly agents: readonly AgentRow[];
  readonly buckets: readonly BucketRow[];
  readonly extensions: readonly ExtensionView[];
  readonly calls: readonly CallView[];
}

/** What a client works with: queues carry their agents again, sorted by extension. */
export interface WallboardState extends Omit<WireState, 'queues' | 'agents'> {
  readonly queues: readonly QueueView[];
}

/** The collections a patch can change; each element has a string `id`. */
export type Collection = 'sources' | 'queues' | 'agents' | 'buckets' | 'extensions' | 'calls';

export type PatchOp =
  | { readonly op: 'upsert'; readonly collection: Collection; readonly id: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly collection: Collection; readonly id: string };

export interface SnapshotMessage {
  readonly type: 'snapshot';
  readonly version: number;
  /** Changes when the server restarts: seq numbers of another epoch mean nothing. */
  readonly epoch: string;
  readonly seq: number;
  readonly state: WireState;
}

export interface PatchMessage {
  readonly type: 'patch';
  readonly version: number;
  readonly epoch: string;
  readonly seq: number;
  readonly serverTime: number;
  readonly ops: readonly PatchOp[];
}

/** Nothing changed: the server is at `seq` of `epoch` (what a client in step already has). */
export interface HeartbeatMessage {
  readonly type: 'heartbeat';
  readonly version: number;
  readonly epoch: string;
  readonly seq: number;
  readonly serverTime: number;
}

export type ServerMessage = SnapshotMessage | PatchMessage | HeartbeatMessage;

/** Where a client's view stands: sent to resume from there (message or handshake `auth.resume`). */
export interface ResumePoint {
  readonly epoch: string;
  readonly seq: number;
}

export type ClientMessage = { readonly type: 'resync' } | ({ readonly type: 'resume' } & ResumePoint);

/**
 * Socket.IO event names. `control` carries ControlMessages, outside the seq-numbered stream; `report`
 * a display's DisplayReport. So do a board's alerts: the client names the board it shows
 * (`watchAlerts`, WatchAlerts), the server answers and then re-sends the board's whole list on every
 * change (`alerts`, AlertsMessage).
 */
export const EVENTS = {
  server: 'message',
  client: 'client',
  control: 'control',
  report: 'report',
  watchAlerts: 'watchAlerts',
  alerts: 'alerts',
} as const;

/** The board whose open alerts a screen wants (a display may name only its own board). */
export interface WatchAlerts {
  readonly boardId: string;
}

/** A board's open alerts (raised or acknowledged), oldest first: the whole list, each time it changes. */
export interface AlertsMessage {
  readonly type: 'alerts';
  readonly boardId: string;
  readonly serverTime: number;
  readonly alerts: readonly AlertView[];
}

/**
 * The server's word to a screen, outside the state stream: `reload` the page now ("Reload now" on a
 * display); `settingsChanged`: Settings → General was saved, so read the board formats (clock, number
 * language, timezone) again; those two carry nothing themselves: what a viewer may read stays behind
 * the API. `floor`: the floor messages, filtered for the viewer by the server.
 */
export type ControlMessage =
  | { readonly type: 'reload' }
  | { readonly type: 'settingsChanged' }
  /**
   * The floor messages this viewer may see, all of them, whenever they change and right after each
   * connect (so a reconnecting TV shows them): a display gets its board's, a person every board's
   * (each names its boards; a page shows its own board's). The server's clock expires them.
   */
  | { readonly type: 'floor'; readonly messages: readonly FloorMessageView[] };

export type FloorSeverity = 'info' | 'warn' | 'critical';

/** A message to the floor (server/floor): shown as a banner on its boards' kiosks and pages. */
export interface FloorMessageView {
  readonly id: number;
  readonly text: string;
  readonly severity: FloorSeverity;
  readonly boardIds: readonly string[];
  readonly postedAt: number;
  /** Server clock; null: until removed. */
  readonly expiresAt: number | null;
}

/**
 * A display screen's report on itself (client → server, EVENTS.report; server/fleet/report.ts bounds
 * and validates it). `forMs`: how long it has been in its live / not-live state, a duration, so the
 * server places it on its own clock without comparing the TV's clock with its own.
 */
export interface DisplayReport {
  readonly build: string | null;
  readonly page: string;
  readonly screen: { readonly width: number; readonly height: number };
  readonly live: boolean;
  readonly forMs: number;
}

/** A resume point as a client sent it (untrusted input), or null when it is not one. */
export function resumePointOf(value: unknown): ResumePoint | null {
  if (typeof value !== 'object' || value === null) return null;
  const { epoch, seq } = value as { epoch?: unknown; seq?: unknown };
  if (typeof epoch !== 'string' || epoch.length === 0 || epoch.length > 100) return null;
  if (typeof seq !== 'number' || !Number.isSafeInteger(seq) || seq < 0) return null;
  return { epoch, seq };
}
