/**
 * At most one answer per key (a socket) per `intervalMs`, however often it asks: an ask inside the
 * interval is held back and answered when the interval ends; asks held together get one answer, for
 * the latest of them. While a key has an ask held back it is `held` (the namespace sends it no stream
 * meanwhile: whatever it would get, the answer covers).
 */
export interface PaceOptions<A> {
  readonly intervalMs: number;
  readonly now: () => number;
  readonly answer: (key: string, ask: A) => void;
  /** A new ask was held back (not counting later ones folded into it). */
  readonly onHeld?: () => void;
}

export interface Pace<A> {
  ask(key: string, ask: A): void;
  /** Forget the key: its held-back ask, if any, is never answered. */
  forget(key: string): void;
  readonly held: ReadonlySet<string>;
  stop(): void;
}

interface Entry<A> {
  lastAnswerAt: number;
  pending: A | null;
  timer: ReturnType<typeof setTimeout> | null;
}

export function createPace<A>(o: PaceOptions<A>): Pace<A> {
  const entries = new Map<string, Entry<A>>();
  const held = new Set<string>();

  function answer(key: string, e: Entry<A>, ask: A): void {
    e.lastAnswerAt = o.now();
    o.answer(key, ask);
  }

  return {
    held,
    ask(key, ask) {
      let e = entries.get(key);
      if (!e) {
        e = { lastAnswerAt: Number.NEGATIVE_INFINITY, pending: null, timer: null };
        entries.set(key, e);
      }
      const wait = e.lastAnswerAt + o.intervalMs - o.now();
      if (wait <= 0 && e.timer === null) {
        answer(key, e, ask);
        return;
      }
      if (e.pending === null) o.onHeld?.();
      e.pending = ask;
      held.add(key);
      const entry = e;
      entry.timer ??= setTimeout(
        () => {
          entry.timer = null;
          held.delete(key);
          const last = entry.pending;
          entry.pending = null;
          if (last !== null && entries.get(key) === entry) answer(key, entry, last);
        },
        Math.max(0, wait),
      );
    },
    forget(key) {
      const e = entries.get(key);
      if (e?.timer) clearTimeout(e.timer);
      entries.delete(key);
      held.delete(key);
    },
    stop() {
      for (const e of entries.values()) if (e.timer) clearTimeout(e.timer);
      entries.clear();
      held.clear();
    },
  };
}
