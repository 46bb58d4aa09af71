/**
 * Every timer a connection owns, in one bag: closing or stopping clears the bag, so no forgotten
 * interval can keep the process alive or act on a socket that is gone.
 */
export type Timer = ReturnType<typeof setTimeout>;

export interface TimerBag {
  after(ms: number, fn: () => void): Timer;
  every(ms: number, fn: () => void): Timer;
  clear(timer: Timer | null | undefined): void;
  clearAll(): void;
  readonly size: number;
}

export function createTimerBag(): TimerBag {
  const timeouts = new Set<Timer>();
  const intervals = new Set<Timer>();
  return {
    after(ms, fn) {
      const t = setTimeout(() => {
        timeouts.delete(t);
        fn();
      }, ms);
      timeouts.add(t);
      return t;
    },
    every(ms, fn) {
      const t = setInterval(fn, ms);
      intervals.add(t);
      return t;
    },
    clear(timer) {
      if (!timer) return;
      if (timeouts.delete(timer)) clearTimeout(timer);
      if (intervals.delete(timer)) clearInterval(timer);
    },
    clearAll() {
      for (const t of timeouts) clearTimeout(t);
      for (const t of intervals) clearInterval(t);
      timeouts.clear();
      intervals.clear();
    },
    get size() {
      return timeouts.size + intervals.size;
    },
  };
}
