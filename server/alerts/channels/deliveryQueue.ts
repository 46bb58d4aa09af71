import type { DeliveryLogEntry } from '../../../lib/settings/alertChannels';
import { timerDelay } from '../../timerDelay';
import type { AlertNotification } from '../notification';
import { noAnswerText, type RetryPolicy, retryDelay } from './retryPolicy';
import type { ChannelTimers, Delivery } from './types';

/**
 * One channel's queue: notifications in the order they came, one attempt at a time (so "cleared"
 * never overtakes "raised"), each retried with backoff until delivered, refused for good, or out of
 * attempts. Bounded in length and attempts; every attempt and drop is recorded.
 */
export interface DeliveryQueue {
  /** False when this notification (id, kind) is already waiting here. */
  push(n: AlertNotification): boolean;
  /** Whether this notification (id, kind) waits here (or is being tried). */
  has(n: AlertNotification): boolean;
  size(): number;
  /** Drops what waits and aborts the attempt under way. */
  stop(): void;
  /**
   * A graceful stop: nothing new is tried; the attempt under way may end, and its outcome is
   * recorded, for up to `ms` (then it is aborted, unrecorded); what waits is dropped unrecorded.
   */
  drain(ms: number): Promise<void>;
}

export interface DeliveryQueueOptions {
  /** One attempt; must not throw. The signal aborts it at the policy's deadline or on stop. */
  readonly attempt: (n: AlertNotification, signal: AbortSignal) => Promise<Delivery>;
  readonly record: (entry: DeliveryLogEntry) => void;
  readonly policy: RetryPolicy;
  readonly timers: ChannelTimers;
  readonly now: () => number;
  readonly random: () => number;
}

interface Job {
  readonly n: AlertNotification;
  attempts: number;
  dueAt: number;
}

const keyOf = (n: AlertNotification) => `${n.kind}\u0000${n.id}`;

export function createDeliveryQueue(o: DeliveryQueueOptions): DeliveryQueue {
  const jobs: Job[] = [];
  let running = false;
  let stopped = false;
  let draining = false;
  let current: Promise<void> | null = null;
  let wake: unknown = null;
  let inFlight: AbortController | null = null;

  const entry = (job: Job, d: Partial<DeliveryLogEntry> & Pick<DeliveryLogEntry, 'outcome'>) =>
    o.record({
      at: o.now(),
      notificationId: job.n.id,
      notificationKind: job.n.kind,
      attempt: job.attempts,
      status: null,
      detail: null,
      ms: null,
      ...d,
    });

  function schedule(): void {
    if (stopped || draining || running || wake !== null) return;
    const head = jobs[0];
    if (!head) return;
    const wait = head.dueAt - o.now();
    if (wait > 0) {
      wake = o.timers.setTimeout(() => {
        wake = null;
        schedule();
      }, timerDelay(wait));
      return;
    }
    running = true;
    current = run(head).finally(() => {
      running = false;
      current = null;
      schedule();
    });
  }

  async function run(job: Job): Promise<void> {
    job.attempts += 1;
    const controller = new AbortController();
    inFlight = controller;
    const deadline = o.timers.setTimeout(
      () => controller.abort(noAnswerText(o.policy)),
      o.policy.attemptTimeoutMs,
    );
    const started = o.now();
    let d: Delivery;
    try {
      d = await o.attempt(job.n, controller.signal);
    } catch (err) {
      // A sender that throws is a bug, not the receiver's answer: log it once, don't retry it.
      d = { ok: false, status: null, detail: `internal error: ${(err as Error).message}`, retry: false };
    } finally {
      o.timers.clearTimeout(deadline);
      inFlight = null;
    }
    if (stopped) return;
    const ms = o.now() - started;
    const result = { status: d.status, detail: d.detail, ms };
    if (d.ok) {
      remove(job);
      entry(job, { outcome: 'delivered', ...result });
    } else if (d.retry && job.attempts < o.policy.maxAttempts) {
      job.dueAt = o.now() + retryDelay(o.policy, job.attempts, o.random, d.retryAfterMs);
      entry(job, { outcome: 'retrying', ...result });
    } else {
      remove(job);
      const why = d.retry ? ` (gave up after ${job.attempts} attempts)` : '';
      entry(job, { outcome: 'failed', ...result, detail: `${d.detail ?? 'failed'}${why}` });
    }
  }

  function remove(job: Job): void {
    const i = jobs.indexOf(job);
    if (i >= 0) jobs.splice(i, 1);
  }

  function stop(): void {
    stopped = true;
    if (wake !== null) o.timers.clearTimeout(wake);
    wake = null;
    inFlight?.abort('stopped');
    jobs.length = 0;
  }

  return {
    push(n) {
      if (stopped) return false;
      const key = keyOf(n);
      if (jobs.some((j) => keyOf(j.n) === key)) return false;
      if (jobs.length >= o.policy.maxQueue) {
        // The oldest that is not being tried right now: newer news about an alert matters more.
        const victim = jobs[running ? 1 : 0];
        if (victim) {
          remove(victim);
          entry(victim, {
            outcome: 'dropped',
            detail: `queue full (${o.policy.maxQueue} waiting): dropped the oldest`,
          });
        }
      }
      jobs.push({ n, attempts: 0, dueAt: o.now() });
      schedule();
      return true;
    },
    has: (n) => jobs.some((j) => keyOf(j.n) === keyOf(n)),
    size: () => jobs.length,
    async drain(ms) {
      draining = true;
      if (wake !== null) o.timers.clearTimeout(wake);
      wake = null;
      if (current) {
        let timer: unknown = null;
        const late = new Promise<void>((resolve) => {
          timer = o.timers.setTimeout(resolve, ms);
        });
        await Promise.race([current, late]);
        o.timers.clearTimeout(timer);
      }
      stop();
    },
    stop,
  };
}
