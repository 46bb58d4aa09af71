import { describe, expect, it } from 'vitest';
import { runChaos } from '../testing/chaos';
import { problemsOf } from '../testing/chaosReport';

/**
 * The short chaos run (`npm run chaos` is the long one): webhook senders against a real server on a
 * small disk, while every kind of fault strikes twice at seeded random moments (SIGKILL, sqlite3
 * reads and .backup, a full disk, immutable files). After each round, every acknowledged webhook is
 * stored once and nothing else is. The seed is new each run and printed with any failure: rerun it
 * with `npm run chaos -- --seed <seed> --rounds 10`.
 */
describe('chaos (short)', () => {
  it('loses and doubles nothing acknowledged through two rounds of every fault', {
    timeout: 90_000,
  }, async () => {
    const seed = Date.now() % 2 ** 31;
    const report = await runChaos({ seed, rounds: 10, senders: 4, loadMs: [200, 900], diskMegabytes: 128 });
    expect(problemsOf(report), `seed ${seed}: ${JSON.stringify(report)}`).toEqual([]);
    expect(Object.values(report.faults)).toEqual([2, 2, 2, 2, 2]);
    expect(report.events).toBeGreaterThan(200);
  });
});
