import { createStore } from 'zustand/vanilla';
import type { QueueView } from '../../lib/domain/view';
import { type ClientView, receive, type ServerMessage, type SourceStatus } from '../../lib/protocol';

/** What the browser knows: the link's health and the last view the server sent. */
export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'refused';

export interface WallboardData {
  readonly link: LinkState;
  readonly linkSince: number;
  readonly view: ClientView | null;
  /** Queues by id; untouched queues keep their identity across patches, so their rows do not re-render. */
  readonly queues: Readonly<Record<string, QueueView>>;
  readonly queueIds: readonly string[];
  readonly sources: readonly SourceStatus[];
}

export interface WallboardActions {
  /** Apply a server message; returns true when the client must ask for a snapshot. */
  receive(message: ServerMessage): boolean;
  setLink(link: LinkState, at: number): void;
}

export type WallboardStore = ReturnType<typeof createWallboardStore>;

/** One store per app instance (created in the provider), never a module-level singleton. */
export function createWallboardStore(now: number) {
  return createStore<WallboardData & WallboardActions>()((set, get) => ({
    link: 'connecting',
    linkSince: now,
    view: null,
    queues: {},
    queueIds: [],
    sources: [],
    receive(message) {
      const result = receive(get().view, message);
      if (result.kind === 'resync') return true;
      const view = result.view;
      if (view === get().view) return false;
      const queues: Record<string, QueueView> = {};
      for (const q of view.state.queues) queues[q.id] = q;
      const ids = view.state.queues.map((q) => q.id);
      const sameIds = ids.length === get().queueIds.length && ids.every((id, i) => id === get().queueIds[i]);
      set({ view, queues, queueIds: sameIds ? get().queueIds : ids, sources: view.state.sources });
      return false;
    },
    setLink(link, at) {
      if (get().link !== link) set({ link, linkSince: at });
    },
  }));
}
