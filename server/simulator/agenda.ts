/**
 * The model's future: a min-heap of things that will happen, ordered by time, then rank, then the
 * order they were planned in. No timers: the model runs what is due when it is stepped.
 */

/**
 * What happens first within one second. Callers leaving come before agents acting, and routing comes
 * last, once the queue has settled: so no agent is ever rung for a caller who hung up in that second.
 */
export const Rank = {
  callerLeaves: 0,
  agent: 1,
  arrival: 2,
  slaCheck: 3,
  dispatch: 4,
} as const;
export type Rank = (typeof Rank)[keyof typeof Rank];

interface Entry {
  readonly at: number;
  readonly rank: number;
  readonly seq: number;
  readonly run: () => void;
}

function before(a: Entry, b: Entry): boolean {
  if (a.at !== b.at) return a.at < b.at;
  if (a.rank !== b.rank) return a.rank < b.rank;
  return a.seq < b.seq;
}

export class Agenda {
  private readonly heap: Entry[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  schedule(at: number, rank: Rank, run: () => void): void {
    const heap = this.heap;
    heap.push({ at, rank, seq: this.seq++, run });
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const child = heap[i] as Entry;
      const up = heap[parent] as Entry;
      if (!before(child, up)) break;
      heap[i] = up;
      heap[parent] = child;
      i = parent;
    }
  }

  /** Time of the next entry, or Infinity. */
  nextAt(): number {
    return this.heap[0]?.at ?? Number.POSITIVE_INFINITY;
  }

  /** Remove and return the earliest entry. */
  pop(): { at: number; run: () => void } | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (top === undefined || last === undefined) return undefined;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l] as Entry, heap[m] as Entry)) m = l;
        if (r < heap.length && before(heap[r] as Entry, heap[m] as Entry)) m = r;
        if (m === i) break;
        const tmp = heap[i] as Entry;
        heap[i] = heap[m] as Entry;
        heap[m] = tmp;
        i = m;
      }
    }
    return top;
  }
}
