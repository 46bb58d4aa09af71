import type { Logger } from 'pino';
import type { Namespace } from 'socket.io';
import { type LocalPresence, presenceAnswerSchema, type Seen, seenFromAnswer } from './presence';

/**
 * The displays connected to the other instances (issue #19), asked through the Socket.IO PostgreSQL
 * adapter already in place (server/realtime/cluster.ts): one `serverSideEmit` with an
 * acknowledgement reaches every instance the adapter counts in the cluster (its heartbeats), each
 * answers with its own displays (presence.ts, as ages), and the adapter hands back every answer, or
 * on its timeout (5 s, socket.io-adapter's) those that came. Why not `fetchSockets()`:
 * docs/decisions.md ("The fleet of TVs on many instances").
 *
 * Cost: one question at a time, asked at most once per `everyMs` (the watch's evaluation period)
 * however many displays or readers of Settings → Displays there are; a reader arriving while one is
 * under way waits for it.
 *
 * A missing answer keeps that instance's last one: an instance that did not answer in time keeps its
 * displays as they were, never all offline at once. An instance that left the cluster (stopped, or
 * its heartbeats gone for 10 s) is no longer asked: the next round completes without it, and only
 * then are its displays forgotten (they are offline, unless connected elsewhere by then). Until the
 * first complete round after WARM_UP_MS, `settled()` is false and the watch does not evaluate outages.
 * Limit: an instance whose own LISTEN connection stays down past 10 s hears no heartbeat and takes
 * itself for alone; the others' displays then look offline to it (docs/decisions.md).
 */
export const PRESENCE_EVENT = 'callboard:fleet-presence';

/**
 * An instance learns who else is in the cluster from their heartbeats (socket.io-adapter: every 5 s,
 * a node silent for 10 s is dropped). A round asked sooner after start may be "complete" only because
 * nobody is known yet: it counts as settled only from this long after start.
 */
export const WARM_UP_MS = 10_000;

export interface RemotePresence {
  /**
   * One question to the cluster, unless one was asked less than `maxAgeMs` ago (default `everyMs`)
   * or is under way (then its answer). The watch's own period asks with 0.
   */
  refresh(maxAgeMs?: number): Promise<void>;
  /** What the other instances said, each on this instance's timeline. */
  seen(): ReadonlyMap<number, Seen>[];
  /** A complete round has been heard since this instance started. */
  settled(): boolean;
}

export function createClusterPresence(o: {
  readonly nsp: Namespace;
  readonly instance: string;
  readonly local: LocalPresence;
  readonly everyMs: number;
  readonly now: () => number;
  readonly logger: Logger;
}): RemotePresence & { stop(): void } {
  const answerHere = (ack: unknown) => {
    if (typeof ack === 'function') ack(o.local.answer(o.instance));
  };
  o.nsp.on(PRESENCE_EVENT, answerHere);

  const startedAt = o.now();
  let answers = new Map<string, ReadonlyMap<number, Seen>>();
  let askedAt = Number.NEGATIVE_INFINITY;
  let complete = false;
  let under: Promise<void> | null = null;

  function ask(): Promise<void> {
    const at = o.now();
    askedAt = at;
    return new Promise<void>((resolve) => {
      o.nsp.serverSideEmit(PRESENCE_EVENT, (err: Error | null, responses: unknown[]) => {
        const heard = new Map<string, ReadonlyMap<number, Seen>>();
        for (const raw of responses ?? []) {
          const parsed = presenceAnswerSchema.safeParse(raw);
          if (parsed.success) heard.set(parsed.data.instance, seenFromAnswer(parsed.data, at));
          else o.logger.warn('fleet presence: an answer not understood');
        }
        if (err) {
          // Timed out: those that answered are news; the silent ones keep their last answer.
          o.logger.warn(
            { err: err.message, answered: heard.size },
            'fleet presence: not every instance answered',
          );
          answers = new Map([...answers, ...heard]);
        } else {
          answers = heard;
          if (at - startedAt >= WARM_UP_MS) complete = true;
        }
        resolve();
      });
    });
  }

  return {
    refresh(maxAgeMs = o.everyMs) {
      if (under) return under;
      if (o.now() - askedAt < maxAgeMs) return Promise.resolve();
      under = ask().finally(() => {
        under = null;
      });
      return under;
    },
    seen: () => [...answers.values()],
    settled: () => complete,
    stop() {
      o.nsp.off(PRESENCE_EVENT, answerHere);
    },
  };
}
