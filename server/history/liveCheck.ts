import type { ClosedDay } from '../../lib/domain/closedDay';
import { type Figures, ZERO } from '../../lib/domain/figures';
import type { DomainState } from '../../lib/domain/state';

/** Each queue's day counters as the board holds them at the roll: `[queue key, today]`. */
export type BoardTotals = readonly (readonly [string, Figures])[];

/**
 * What the main thread hands the day-close thread at a live close besides the day: the board's own
 * day counters per queue (one small object per queue, no walk of the day's visits), so the thread can
 * say where the journal's day, from which it makes every row, differs from what the board showed.
 */
export function boardTotalsOf(state: DomainState): BoardTotals {
  const out: [string, Figures][] = [];
  for (const q of state.queues.values()) out.push([q.key, q.today]);
  return out;
}

/**
 * The queues whose day counters in `closed` (the day replayed from the journal) are not the board's,
 * sorted. They agree unless the journal lacks what the board applied (a live link's write that
 * failed) or holds what the board had not applied by the roll. A queue absent on one side counts as
 * zero there (closedDayOf leaves out queues with nothing today).
 */
export function queuesAgainstBoard(board: BoardTotals, closed: ClosedDay): string[] {
  const journal = new Map(closed.queues.map((q) => [q.queue, q.today]));
  const shown = new Map(board);
  const out: string[] = [];
  for (const key of new Set([...journal.keys(), ...shown.keys()])) {
    const a = journal.get(key) ?? ZERO;
    const b = shown.get(key) ?? ZERO;
    // Seconds may be fractional: sums in another order differ in the last bits, not by a microsecond.
    const differs = (Object.keys(ZERO) as (keyof Figures)[]).some((f) => Math.abs(a[f] - b[f]) > 1e-6);
    if (differs) out.push(key);
  }
  return out.sort();
}
