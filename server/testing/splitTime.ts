import type { Scheduler } from '../hub/hub';

/**
 * Timers that run on elapsed time, apart from the wall clock (as Node's do): a test moves the wall
 * clock as it likes (sets it back, jumps it) and lets time pass, firing the timers that fall due.
 */
export function splitTime(start: number) {
  let wall = start;
  let elapsed = 0;
  let next = 1;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const scheduler: Scheduler = {
    setTimeout: (fn, ms) => {
      const id = next++;
      timers.set(id, { at: elapsed + ms, fn });
      return id;
    },
    clearTimeout: (h) => void timers.delete(h as number),
  };
  return {
    scheduler,
    now: () => wall,
    setWall: (at: number) => {
      wall = at;
    },
    /** Let `ms` pass on both clocks, firing what falls due on the way. */
    pass(ms: number) {
      const until = elapsed + ms;
      for (;;) {
        const due = [...timers.entries()]
          .filter(([, t]) => t.at <= until)
          .sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        timers.delete(due[0]);
        wall += due[1].at - elapsed;
        elapsed = due[1].at;
        due[1].fn();
      }
      wall += until - elapsed;
      elapsed = until;
    },
    /** The delays of the timers still waiting, from this moment. */
    pendingDelays: () => [...timers.values()].map((t) => t.at - elapsed),
  };
}
