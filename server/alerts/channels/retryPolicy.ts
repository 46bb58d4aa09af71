/**
 * How hard one channel tries: bounded attempts with exponential backoff, a bounded queue, a deadline
 * per attempt. With the defaults a notification is given up after 6 attempts within about 4 minutes
 * (waits of 5, 10, 20, 40, 80 s; 15 s at most per attempt), and a dead receiver holds at most 100
 * notifications per channel.
 */
export interface RetryPolicy {
  /** Attempts per notification, the first included. */
  readonly maxAttempts: number;
  /** Delay before the 2nd attempt; doubled for each later one, up to capMs. */
  readonly baseMs: number;
  readonly capMs: number;
  /** An attempt with no answer by then is aborted and counts as failed (retried). */
  readonly attemptTimeoutMs: number;
  /** Notifications waiting per channel; a new one past it drops the oldest waiting one (logged). */
  readonly maxQueue: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 6,
  baseMs: 5_000,
  capMs: 120_000,
  attemptTimeoutMs: 15_000,
  maxQueue: 100,
};

/**
 * The wait before attempt `attempt + 1`, after attempt `attempt` (1-based) failed: base × 2^(attempt−1)
 * capped, less up to 20 % at random so channels failing together do not retry in lockstep; a
 * receiver's Retry-After is honoured up to the cap.
 */
export function retryDelay(
  policy: RetryPolicy,
  attempt: number,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exponential = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const jittered = Math.round(exponential * (1 - 0.2 * random()));
  return retryAfterMs === undefined ? jittered : Math.min(policy.capMs, Math.max(jittered, retryAfterMs));
}

/** Why an attempt was aborted at its deadline, in the log's words: "no answer within 15 s". */
export function noAnswerText(policy: RetryPolicy): string {
  const ms = policy.attemptTimeoutMs;
  return `no answer within ${ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`}`;
}
