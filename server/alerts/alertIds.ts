import type { AlertStore } from '../storage';

/**
 * The evaluator's alert ids, reserved from the store in blocks (issue #19): the store gives each
 * block once, to whichever instance asks (PostgreSQL: one counter row, schema v7; SQLite: the one
 * process's counter above the stored ids), so no two instances, nor an evaluator and its successor,
 * give one id twice. The evaluator (lib/alerts/evaluate.ts) counts within the block it holds; it asks
 * for more before an evaluation could run past the block's end (at most one raise per rule target).
 * Ids left unused when an evaluator stops are never given: ids are unique, not gapless.
 */
export function createIdBlock(store: Pick<AlertStore, 'reserveIds'>) {
  let next = 0;
  let end = 0;
  let topping: Promise<void> | null = null;
  return {
    /** The first id the next evaluation may give. */
    get next(): number {
      return next;
    },
    /** Whether `count` more ids are held. */
    covers: (count: number): boolean => end - next >= count,
    /** The evaluation gave ids up to (not including) `upTo`. */
    used(upTo: number): void {
      if (upTo > end) throw new RangeError(`alert id ${upTo - 1} is past the reserved block (to ${end - 1})`);
      next = Math.max(next, upTo);
    },
    /** Reserve at least `count` more (one reservation at a time; a contiguous block extends the held one). */
    topUp(count: number): Promise<void> {
      topping ??= (async () => {
        const size = Math.max(32, count * 2);
        const first = await store.reserveIds(size);
        if (first !== end) next = first;
        end = first + size;
      })().finally(() => {
        topping = null;
      });
      return topping;
    },
    /** The block is let go (the lease was lost): a new evaluator starts from a new reservation. */
    forget(): void {
      next = 0;
      end = 0;
    },
  };
}
