/**
 * setTimeout takes at most 2^31 − 1 ms (~24.8 days); a longer delay is silently set to 1 ms, so a
 * far deadline (an alert's next check, a retry, an expiry) would fire at once and, re-armed, spin.
 * Every scheduler that sleeps until a computed time goes through this: it wakes early at worst, then
 * looks again and re-arms.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

export function timerDelay(ms: number): number {
  return Math.min(MAX_TIMER_MS, Math.max(0, ms));
}
