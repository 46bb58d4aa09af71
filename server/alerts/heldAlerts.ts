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

  /** Holds `next`; the boards whose lists moved are announced (`reread`) unless `quiet`. */
  function replace(next: AlertsState, quiet = false): void {
    if (quiet) {
      state = next;
      return;
    }
    const before = listsOf(state);
    const after = listsOf(next);
    state = next;
    const moved = [...before.keys(), ...after.keys()].filter((b) => before.get(b) !== after.get(b));
    announce(new Set(moved), { kind: 'reread' });
  }

  /**
   * The stored open alerts, and for an evaluator about to begin each target's last clear (its
   * cooldowns; a follower needs none, and they are a scan of every kept clear). False when
   * overtaken: nothing held.
   */
  async function reload(wanted: { readonly clears?: boolean } = {}): Promise<boolean> {
    const read = ++reads;
    const term = o.current();
    const [open, lastCleared] = await Promise.all([
      o.store.open(),
      wanted.clears ? o.store.lastCleared() : new Map<string, number>(),
    ]);
    if (read !== reads || term !== o.current()) return false;
    replace(restoreState(open, lastCleared, 0));
    return true;
  }

  /**
   * What people did to the held open alerts, as stored: the evaluator takes only that (its raises,
   * clears and worst values are its own). `quiet`: the caller announces.
   */
  function adopt(stored: readonly Alert[], quiet = false): void {
    const byId = new Map(stored.map((a) => [a.id, a]));
    const active = new Map(state.active);
    for (const [key, mine] of state.active) {
      const s = byId.get(mine.id);
      if (s && s.clearedAt === null) active.set(key, keepPeoplesPart(s, mine));
    }
    replace({ ...state, active }, quiet);
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
    reload,
    adopt,
    /**
     * What may have moved in the store since: a follower reads its open alerts again whole; the
     * evaluator adopts what people did, to `ids` (told) or to every open alert (the timer's resync).
     */
    async refresh(leading: boolean, ids?: readonly number[]): Promise<void> {
      if (!leading) {
        await reload();
        return;
      }
      const stored = ids ? await Promise.all(ids.map((id) => o.store.get(id))) : await o.store.open();
      adopt(stored.flatMap((a) => (a ? [a] : [])));
    },
    onChange(listener: AlertsListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
