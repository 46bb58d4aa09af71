import { runChaos } from '../server/testing/chaos';
import { problemsOf } from '../server/testing/chaosReport';

/**
 * `npm run chaos [-- --rounds 60 --seed 12345 --senders 6]`: the chaos suite (server/testing/chaos.ts)
 * at full length. Needs root (a tmpfs disk, chattr +i) and Debian's sqlite3. Prints every round and a
 * JSON report; exits 1 if anything acknowledged was lost or doubled, or storage misbehaved.
 */
function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  if (at < 0) return fallback;
  const value = Number(process.argv[at + 1]);
  if (!Number.isInteger(value) || value < 0) throw new Error(`--${name} takes a whole number`);
  return value;
}

const seed = option('seed', Date.now() % 2 ** 31);
process.stdout.write(`chaos: seed ${seed} (repeat a run with --seed ${seed})\n`);
const report = await runChaos({
  seed,
  rounds: option('rounds', 60),
  senders: option('senders', 6),
  loadMs: [300, 2000],
  diskMegabytes: option('disk-mb', 256),
  log: (line) => process.stdout.write(`${line}\n`),
});
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
const problems = problemsOf(report);
for (const problem of problems) process.stdout.write(`PROBLEM: ${problem}\n`);
process.stdout.write(problems.length > 0 ? 'chaos: FAILED\n' : 'chaos: passed\n');
process.exit(problems.length > 0 ? 1 : 0);
