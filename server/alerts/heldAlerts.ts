import { keepPeoplesPart } from '../../lib/alerts/actions';
import { type Alert, type AlertsState, activeOf, restoreState } from '../../lib/alerts/evaluate';
import type { AlertStore } from '../storage';

/** What moved the lists: the evaluator, a person here (`acted`), or the store read again (`reread`). */
export type AlertsChange =
  | { readonly kind: 'evaluated' | 'reread' }
  | { readonly kind: 'acted'; readonly alertIds: readonly number[] };
export type AlertsListener = (boardIds: ReadonlySet<string>, change: AlertsChange) => void;

/**
 * The open alerts an instance holds and shows (engine.ts), and who hears when they move. The
 * evaluator's are its evaluation state; a following instance's are the stored ones (issue #19), read
 * again whole (`reload`: few rows, and a read can never drift) when told and on a timer. `current`
 * says which term of the engine's role a read belongs to: a read begun before the role changed is
 * dropped, as is one overtaken by a later read.
 */
export function createHeldAlerts(o: { readonly store: AlertStore; readonly current: () => number }) {
  let state: AlertsState = restoreState([], new Map(), 0);
  const listeners = new Set<AlertsListener>();
  let reads = 0;

  function announce(boardIds: ReadonlySet<string>, change: AlertsChange): void {
    if (boardIds.size > 0) for (const listener of listeners) listener(boardIds, change);
  }

  const listsOf = (s: AlertsState) =>
    new Map([...s.active.values()].map((a) => [a.boardId, JSON.stringify(activeOf(s, a.boardId))]));

  /** Holds `next`; the boards whose lists moved are announced (`reread`). */
  function replace(next: AlertsState): void {
    const before = listsOf(state);
    const after = listsOf(next);
    state = next;
    const moved = [...before.keys(), ...after.keys()].filter((b) => before.get(b) !== after.get(b));
    announce(new Set(moved), { kind: 'reread' });
  }

  return {
    get state(): AlertsState {
      return state;
    },
    /** The evaluator's own step: held as it is (the evaluator announces what moved). */
    set(next: AlertsState): void {
      state = next;
    },
    announce,
    /** The stored open alerts and each target's last clear; false when overtaken (nothing held). */
    async reload(): Promise<boolean> {
      const read = ++reads;
      const term = o.current();
      const [open, lastCleared] = await Promise.all([o.store.open(), o.store.lastCleared()]);
      if (read !== reads || term !== o.current()) return false;
      replace(restoreState(open, lastCleared, 0));
      return true;
    },
    /**
     * What people did to the held open alerts, as stored: the evaluator takes only that (its raises,
     * clears and worst values are its own).
     */
    adopt(stored: readonly Alert[]): void {
      const byId = new Map(stored.map((a) => [a.id, a]));
      const active = new Map(state.active);
      for (const [key, mine] of state.active) {
        const s = byId.get(mine.id);
        if (s && s.clearedAt === null) active.set(key, keepPeoplesPart(s, mine));
      }
      replace({ ...state, active });
    },
    onChange(listener: AlertsListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
