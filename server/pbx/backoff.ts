/**
 * "Full jitter" exponential backoff: a uniformly random delay in [0, min(cap, base × 2^attempt)).
 * The randomness matters more than the exponent: after a PBX restart, every wallboard reconnects at
 * once, and without jitter they would keep doing so in lockstep.
 */
export function fullJitterDelay(
  attempt: number,
  baseMs: number,
  capMs: number,
  random: () => number,
): number {
  // 2^attempt overflows to Infinity long before attempt is large enough to matter; min() absorbs it.
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.floor(random() * ceiling);
}
