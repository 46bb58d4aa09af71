/**
 * PortSIP ids (tenant, queue, extension, session, CDR) are 18-digit snowflake-like numbers, beyond
 * 2^53: they only ever exist here as strings, minted from a BigInt so no digit is lost.
 */

const LOW = 600_000_000_000_000_000n;
const SPAN = 300_000_000_000_000_000n;

/** A deterministic 18-digit starting point for one kind of id, from the run's seed. */
export function idBase(seed: number, salt: number): bigint {
  // Different salts land far apart, so two kinds of id never collide within a run.
  const mixed =
    (BigInt(Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) >>> 0) * 23_283_064_365n) % 100_000_000_000_000_000n;
  return LOW + ((BigInt(salt) * 37_000_000_000_000_000n + mixed) % SPAN);
}

/**
 * The first id of one kind of call id for a run: `d` (6, 7 or 8, one digit per kind), the run's number
 * in 10 digits, then a 7-digit count. Runs numbered by their start in unix seconds therefore never
 * collide: an earlier run would need over 10 million ids per second it ran to reach a later one's range.
 */
export function runIdBase(digit: 6 | 7 | 8, runId: number): bigint {
  return BigInt(digit) * 100_000_000_000_000_000n + BigInt(runId) * 10_000_000n;
}

/** Hands out consecutive ids from a base: one mint per kind of id. */
export class IdMint {
  private next_: bigint;

  constructor(base: bigint) {
    this.next_ = base;
  }

  next(): string {
    const id = this.next_.toString();
    this.next_ += 1n;
    return id;
  }
}

export const ID_PATTERN = /^\d{18}$/;
