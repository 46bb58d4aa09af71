/**
 * The demo's opening: how long `DEMO=1` takes from start to a board admitting viewers, when the day so
 * far is played in fast-forward (server/demo), for a start at several hours of the day. The real app
 * (startCallboard: SQLite journal, hub, webhook ingest, the WSI link to the simulator) on a temp dir,
 * with the clock injected at that hour (UTC).
 *
 *   npm run bench:demo [-- --hours 6,12,17]
 */

import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { startTestCallboard } from '../../server/testing/callboard';
import { fmt, mb } from './cli';

const arg = process.argv.indexOf('--hours');
const hours = (arg >= 0 ? (process.argv[arg + 1] ?? '') : '6,12,17').split(',').map(Number);
const DAY = Date.UTC(2026, 2, 10);

console.log(`demo day: ${cpus().length} × ${cpus()[0]?.model}, load ${loadavg()[0]?.toFixed(2)}`);
console.log('| start at (UTC) | played | ready after | WSI queues offered | webhook queues offered | heap |');
console.log('|---|---|---|---|---|---|');
for (const hour of hours) {
  const clock = DAY + hour * 3600_000;
  const began = performance.now();
  const app = await startTestCallboard({ now: () => clock, env: { DEMO: '1', WALLBOARD_TIMEZONE: 'UTC' } });
  const ms = performance.now() - began;
  const queues = [...app.hub.state().queues.values()];
  const offered = (wsi: boolean) =>
    queues
      .filter((q) => q.key.startsWith(`${app.demo?.sim.tenantId}/`) === wsi)
      .map((q) => fmt(q.today.offered))
      .join(' / ');
  console.log(
    `| ${hour}:00 | ${((app.demo?.plan.fastForwardMs ?? 0) / 3600_000).toFixed(0)} h | ${fmt(ms)} ms | ${offered(true)} | ${offered(false)} | ${mb(process.memoryUsage().heapUsed)} |`,
  );
  await app.close({ remove: true });
}
