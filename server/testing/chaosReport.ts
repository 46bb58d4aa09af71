/**
 * Test support only: what a chaos run (chaos.ts) reports, and the verdict on it, shared by
 * `npm run chaos` and the short run in the tests.
 */
export const FAULTS = ['sigkill', 'sqlite-read', 'sqlite-backup', 'disk-full', 'immutable'] as const;
export type Fault = (typeof FAULTS)[number];

export interface ChaosReport {
  readonly seed: number;
  /** What the small disk under DATA_DIR was. */
  readonly filesystem: string;
  /** Times a storage fault ended the server process (SIGBUS on an immutable -shm): restarted. */
  readonly killedByFaults: number;
  readonly rounds: number;
  readonly senders: number;
  /** Webhooks acknowledged (2xx), each a distinct call. */
  readonly events: number;
  /** Requests made, retries included. */
  readonly requests: number;
  readonly faults: Readonly<Record<Fault, number>>;
  /**
   * Replies to webhooks sent while the disk was full or files immutable and answered before the
   * fault was undone, by fault and status ("0": no connection, the server had died).
   */
  readonly duringStorageFaults: Readonly<Record<string, number>>;
  /** 503s while storage failed that had no Retry-After. */
  readonly missingRetryAfter: number;
  /** Storage faults during which some write failed but /readyz still said 200. */
  readonly readyWhileFailing: number;
  /** Longest wait for /readyz 200 after a storage fault was undone (ms). */
  readonly longestRecoveryMs: number;
  readonly lost: number;
  readonly doubled: number;
  /** Stored calls never acknowledged once the senders had settled. */
  readonly unacknowledged: number;
  /** The round the first discrepancy appeared in, or null. */
  readonly firstBadRound: number | null;
  readonly durationMs: number;
}

/**
 * What may answer a webhook while storage fails. A full disk: only 503 (Retry-After is checked apart).
 * Immutable files: 503, or no answer from a server the kernel killed (ext4, SIGBUS), or a 200 on a
 * file system that lets writes through descriptors opened before the flag (tmpfs): such a write did
 * land, and the round's count proves it.
 */
const ALLOWED_DURING_FAULTS = new Set(['disk-full 503', 'immutable 503', 'immutable 0', 'immutable 200']);

/** What a report shows went wrong; empty when the run kept every promise. */
export function problemsOf(r: ChaosReport): string[] {
  const problems: string[] = [];
  if (r.lost > 0) problems.push(`${r.lost} acknowledged webhooks lost (first in round ${r.firstBadRound})`);
  if (r.doubled > 0) problems.push(`${r.doubled} webhooks stored twice (first in round ${r.firstBadRound})`);
  if (r.unacknowledged > 0) problems.push(`${r.unacknowledged} stored webhooks never acknowledged`);
  if (r.missingRetryAfter > 0) problems.push(`${r.missingRetryAfter} 503s without Retry-After`);
  if (r.readyWhileFailing > 0) problems.push(`/readyz said 200 during ${r.readyWhileFailing} storage faults`);
  for (const [reply, count] of Object.entries(r.duringStorageFaults))
    if (!ALLOWED_DURING_FAULTS.has(reply))
      problems.push(`${count} replies "${reply}" while storage refused writes`);
  return problems;
}
