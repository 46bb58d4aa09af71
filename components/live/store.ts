import { createStore } from 'zustand/vanilla';
import { type AgentSummary, sameAgent, summarizeAgents, updateAgentSummaries } from '../../lib/board/agents';
import type { BoardListEntry } from '../../lib/board/api';
import type { Board } from '../../lib/board/model';
import { firstBucketOf, lastBucketOf } from '../../lib/board/series';
import type { LinkState } from '../../lib/board/stale';
import type { ExtensionView, QueueView } from '../../lib/domain/view';
import { type ClientView, receive } from '../../lib/linkClient';
import {
  type BucketRow,
  type CallView,
  type FloorMessageView,
  PROTOCOL_VERSION,
  type ServerMessage,
  type SourceStatus,
} from '../../lib/protocol';

export type { LinkState } from '../../lib/board/stale';

/**
 * What the browser knows: the link's health, the last view the server sent, and that view indexed
 * for the boards. Every collection keeps the identity of its unchanged entries across patches AND
 * snapshots (a resync after a reconnect re-renders only what really changed), so a component that
 * selects one entry re-renders only when that entry changes.
 */
export interface WallboardData {
  readonly link: LinkState;
  readonly linkSince: number;
  readonly view: ClientView | null;
  /** Queues by id, agents inside; untouched queues keep their identity, so their rows do not re-render. */
  readonly queues: Readonly<Record<string, QueueView>>;
  readonly queueIds: readonly string[];
  readonly sources: readonly SourceStatus[];
  /** Client time since which each source has had its current status (first seen, or changed). */
  readonly sourceSince: Readonly<Record<string, number>>;
  readonly extensions: Readonly<Record<string, ExtensionView>>;
  readonly calls: Readonly<Record<string, CallView>>;
  /** Call ids, oldest first. */
  readonly callIds: readonly string[];
  /** One entry per agent (`<scope>/<extension>`) over every queue; see lib/board/agents.ts. */
  readonly agents: Readonly<Record<string, AgentSummary>>;
  readonly agentIds: readonly string[];
  /** Each queue's non-empty 15-minute buckets, by bucket index. */
  readonly buckets: Readonly<Record<string, readonly BucketRow[]>>;
  /** The chart range over all queues (lib/board/series.ts); null before any call today. */
  readonly bucketRange: { readonly first: number; readonly last: number } | null;
  /** Client time of the last server message applied; null before the first. */
  readonly lastMessageAt: number | null;
  /** Server clock − client clock, ms (from the messages' serverTime); add it to Date.now(). */
  readonly clockOffset: number;
  /** The first build id the server announced; reloadRequired once another one shows up. */
  readonly buildId: string | null;
  readonly reloadRequired: boolean;
  /**
   * Counts "read the settings again" moments: each link (re)connect and each `settingsChanged` from
   * the server. Whatever shows settings (the board formats) re-reads them when it moves.
   */
  readonly settingsRevision: number;
  /** The floor messages the server says this viewer may see now (lib/protocol.ts `floor`). */
  readonly floorMessages: readonly FloorMessageView[];
  /** Board configurations fetched so far, by id, and the list of boards. */
  readonly boards: Readonly<Record<string, BoardEntry>>;
  readonly boardList: readonly BoardListEntry[] | null;
}

export type BoardEntry =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly board: Board }
  | { readonly status: 'error'; readonly code: number; readonly error: string };

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

export interface WallboardActions {
  /** Apply a server message; returns true when the client must ask for a snapshot. */
  receive(message: ServerMessage, at?: number): boolean;
  setLink(link: LinkState, at: number): void;
  setBoard(id: string, entry: BoardEntry): void;
  setBoardList(list: readonly BoardListEntry[]): void;
  settingsChanged(): void;
  setFloorMessages(messages: readonly FloorMessageView[]): void;
}

export type WallboardState = WallboardData & WallboardActions;
export type WallboardStore = ReturnType<typeof createWallboardStore>;

/** Offsets within this of the current one are not worth a store update. */
const CLOCK_SLACK_MS = 1000;

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameFlat<T extends object>(a: T, b: T): boolean {
  for (const k of Object.keys(a) as (keyof T)[]) if (a[k] !== b[k]) return false;
  return Object.keys(a).length === Object.keys(b).length;
}

/**
 * Index a list by id, keeping the previous object for every entry that is the same object or (for
 * snapshots, `same`) equal to it; returns the previous record itself when nothing changed.
 */
function indexById<T extends { readonly id: string }>(
  prev: Readonly<Record<string, T>>,
  list: readonly T[],
  same: ((a: T, b: T) => boolean) | null,
): Readonly<Record<string, T>> {
  const next: Record<string, T> = {};
  let changed = list.length !== Object.keys(prev).length;
  for (const item of list) {
    const old = prev[item.id];
    if (old !== undefined && (old === item || same?.(old, item))) next[item.id] = old;
    else {
      next[item.id] = item;
      changed = true;
    }
  }
  return changed ? next : prev;
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id, i) => id === b[i]);
}

const sameBucket = (a: BucketRow, b: BucketRow) => a === b || sameFlat(a, b);

function groupBuckets(
  prev: Readonly<Record<string, readonly BucketRow[]>>,
  rows: readonly BucketRow[],
): Readonly<Record<string, readonly BucketRow[]>> {
  const grouped = new Map<string, BucketRow[]>();
  for (const r of rows) {
    const list = grouped.get(r.queue);
    if (list) list.push(r);
    else grouped.set(r.queue, [r]);
  }
  const next: Record<string, readonly BucketRow[]> = {};
  let changed = grouped.size !== Object.keys(prev).length;
  for (const [queue, list] of grouped) {
    list.sort((a, b) => a.bucket - b.bucket);
    const old = prev[queue];
    if (old && old.length === list.length && old.every((r, i) => sameBucket(r, list[i] as BucketRow)))
      next[queue] = old;
    else {
      next[queue] = list;
      changed = true;
    }
  }
  return changed ? next : prev;
}

/** One store per app instance (created in the provider), never a module-level singleton. */
export function createWallboardStore(now: number) {
  return createStore<WallboardState>()((set, get) => ({
    link: 'connecting',
    linkSince: now,
    view: null,
    queues: {},
    queueIds: [],
    sources: [],
    sourceSince: {},
    extensions: {},
    calls: {},
    callIds: [],
    agents: {},
    agentIds: [],
    buckets: {},
    bucketRange: null,
    lastMessageAt: null,
    clockOffset: 0,
    buildId: null,
    reloadRequired: false,
    settingsRevision: 0,
    floorMessages: [],
    boards: {},
    boardList: null,

    receive(message, at = Date.now()) {
      const s = get();
      // A new build, or a protocol this page does not speak: only a reload helps (checked before
      // applying, so a snapshot this page cannot read still triggers it).
      const announced =
        message.type === 'snapshot'
          ? ((message as { buildId?: unknown }).buildId ?? (message.state as { buildId?: unknown })?.buildId)
          : undefined;
      const newBuild =
        typeof announced === 'string' && announced !== '' && s.buildId !== null && announced !== s.buildId;
      if ((newBuild || message.version !== PROTOCOL_VERSION) && !s.reloadRequired)
        set({ reloadRequired: true });
      const result = receive(s.view, message);
      if (result.kind === 'resync') return true;
      const view = result.view;
      const serverTime = message.type === 'snapshot' ? message.state.serverTime : message.serverTime;
      const offset = Number.isFinite(serverTime) ? serverTime - at : s.clockOffset;
      const patch: Mutable<WallboardData> = { lastMessageAt: at };
      if (s.lastMessageAt === null || Math.abs(offset - s.clockOffset) > CLOCK_SLACK_MS)
        patch.clockOffset = offset;
      if (typeof announced === 'string' && announced !== '' && s.buildId === null) patch.buildId = announced;
      if (view === s.view) {
        set(patch);
        return false;
      }
      const before = s.view?.state;
      const state = view.state;
      const deep = message.type === 'snapshot';
      patch.view = view;

      if (state.queues !== before?.queues) {
        const queues = indexById(s.queues, state.queues, deep ? sameJson : null);
        if (queues !== s.queues) {
          patch.queues = queues;
          const ids = state.queues.map((q) => q.id);
          if (!sameIds(ids, s.queueIds)) patch.queueIds = ids;
          // A patch re-summarises only the agents of the queues it touched; a snapshot, everyone.
          const changedQueues = new Set<string>();
          for (const id of ids) if (queues[id] !== s.queues[id]) changedQueues.add(id);
          for (const id of s.queueIds) if (!queues[id]) changedQueues.add(id);
          const agents = deep
            ? everyAgent(state.queues, s.agents)
            : updateAgentSummaries(s.agents, s.queues, state.queues, changedQueues);
          const keys = Object.keys(agents);
          const sameKeys = keys.length === s.agentIds.length && s.agentIds.every((id) => id in agents);
          const agentIds = sameKeys ? s.agentIds : keys.sort();
          const changed =
            agentIds.length !== s.agentIds.length || agentIds.some((id) => agents[id] !== s.agents[id]);
          if (changed) {
            patch.agents = agents;
            if (!sameIds(agentIds, s.agentIds)) patch.agentIds = agentIds;
          }
        }
      }

      if (state.sources !== before?.sources) {
        const sources = deep && sameJson(state.sources, s.sources) ? s.sources : state.sources;
        if (sources !== s.sources) {
          patch.sources = sources;
          const since: Record<string, number> = {};
          const old = new Map(s.sources.map((x) => [x.id, x.status]));
          for (const x of sources) {
            const prevSince = s.sourceSince[x.id];
            since[x.id] = old.get(x.id) === x.status && prevSince !== undefined ? prevSince : at;
          }
          if (!sameJson(since, s.sourceSince)) patch.sourceSince = since;
        }
      }

      if (state.extensions !== before?.extensions) {
        const extensions = indexById(s.extensions, state.extensions, deep ? sameFlat : null);
        if (extensions !== s.extensions) patch.extensions = extensions;
      }

      if (state.calls !== before?.calls) {
        const calls = indexById(s.calls, state.calls, deep ? sameFlat : null);
        if (calls !== s.calls) {
          patch.calls = calls;
          const callIds = [...state.calls]
            .sort((a, b) => a.startedAt - b.startedAt || (a.id < b.id ? -1 : 1))
            .map((c) => c.id);
          if (!sameIds(callIds, s.callIds)) patch.callIds = callIds;
        }
      }

      if (state.buckets !== before?.buckets) {
        const buckets = groupBuckets(s.buckets, state.buckets);
        if (buckets !== s.buckets) patch.buckets = buckets;
        const first = firstBucketOf(state.buckets);
        const last = lastBucketOf(state.buckets);
        const range = first === null || last === null ? null : { first, last };
        if (!sameJson(range, s.bucketRange)) patch.bucketRange = range;
      }

      set(patch);
      return false;
    },

    setLink(link, at) {
      if (get().link !== link) set({ link, linkSince: at });
    },

    setBoard(id, entry) {
      set({ boards: { ...get().boards, [id]: entry } });
    },

    setBoardList(list) {
      if (!sameJson(list, get().boardList)) set({ boardList: list });
    },
    setFloorMessages(floorMessages) {
      set({ floorMessages });
    },
    settingsChanged() {
      set({ settingsRevision: get().settingsRevision + 1 });
    },
  }));
}

/** Every agent summarised again (a snapshot), keeping the objects of those that did not change. */
function everyAgent(
  queues: readonly QueueView[],
  prev: Readonly<Record<string, AgentSummary>>,
): Record<string, AgentSummary> {
  const agents: Record<string, AgentSummary> = {};
  for (const [id, a] of summarizeAgents(queues)) {
    const old = prev[id];
    agents[id] = old && sameAgent(old, a) ? old : a;
  }
  return agents;
}
