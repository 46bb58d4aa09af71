import { createStore } from 'zustand/vanilla';
import type { AlertsMessage, AlertView } from '../../lib/protocol';

/**
 * The open alerts of the board this page shows (issue #18), fed by the live link (`alerts` messages,
 * lib/protocol.ts). Separate from the wallboard store: alerts travel outside the seq-numbered
 * stream, one whole list per change. Created per app in AlertsProvider, never global.
 */
export interface AlertsState {
  /** The board the page shows: the link asks the server for its alerts (`watchAlerts`). */
  readonly watching: string | null;
  readonly boardId: string | null;
  readonly alerts: readonly AlertView[];
  /** server time − client time when the list came, for snoozes that end on the server's clock. */
  readonly offsetMs: number;
  watch(boardId: string | null): void;
  receive(message: AlertsMessage, at: number): void;
}

export type AlertsStore = ReturnType<typeof createAlertsStore>;

export function createAlertsStore() {
  return createStore<AlertsState>()((set, get) => ({
    watching: null,
    boardId: null,
    alerts: [],
    offsetMs: 0,
    watch(boardId) {
      if (get().watching !== boardId) set({ watching: boardId, ...(boardId === null ? { alerts: [] } : {}) });
    },
    receive(m, at) {
      if (m?.type !== 'alerts' || !Array.isArray(m.alerts)) return;
      // A late answer about a board this page left is dropped.
      if (m.boardId !== get().watching) return;
      set({ boardId: m.boardId, alerts: m.alerts, offsetMs: m.serverTime - at });
    },
  }));
}
