/**
 * The kiosk under load in headless Chromium (issue #5): `/kiosk/all-queues` at 1920×1080, 50 queues ×
 * 100 agents, the hub publishing its maximum (~20 patches/s, one per 50 ms window) for 60 s. Targets:
 * no long task over 50 ms, React commit p95 ≤ 8 ms, event → painted DOM p50 ≤ 50 ms / p99 ≤ 150 ms,
 * kiosk JavaScript ≤ 250 KB gzipped. Results go in docs/benchmarks.md.
 *
 *   npm run build && npm run bench:browser [-- --seconds 60] [-- --warmup 5] [-- --rate 100] [-- --seed 1]
 *                                          [-- --profile on] [-- --hook off]
 *
 * Needs the production build (.next; the script stops with a message if it is missing) and Chromium at
 * /usr/bin/chromium (or CHROMIUM_PATH). The server (Next + Callboard, server/index.ts's wiring) runs in
 * this process (browserServer.ts); what the page records is in browserPage.ts.
 */

import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import type { BenchApi, PageResults } from './browserPage';
import { initScript } from './browserPage';
import { startProfile } from './browserProfile';
import { report, type ScriptFile } from './browserReport';
import {
  BENCH_TOKEN,
  buildDay,
  buildIdOf,
  retimed,
  startBenchServer,
  startFeed,
  timeline,
} from './browserServer';
import { choice, option } from './cli';
import { machineCpu } from './fanoutServer';
import { sleep } from './fanoutShared';

const SECONDS = option('seconds', 60);
const WARMUP = option('warmup', 5);
/** Events per second fed to the hub: enough that nearly every 50 ms window has a change. */
const RATE = option('rate', 100);
const SEED = option('seed', 1);
/** `--profile on`: a CPU profile of the page over the window (browserProfile.ts); it slows the page. */
const PROFILE = choice('profile', ['off', 'on']);
/** `--hook off`: no React timing (to see what the instrumentation itself costs). */
const HOOK = choice('hook', ['on', 'off']);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const watchdog = setTimeout(
  () => {
    console.error('browser bench: watchdog expired, giving up');
    process.exit(2);
  },
  (WARMUP + SECONDS + 300) * 1000,
);
watchdog.unref();

type BenchWindow = Window & { __callboardBench: BenchApi };

/** Every same-origin script the page loads: raw bytes and gzip -9 of the body. */
function collectScripts(page: Page, origin: string): Promise<ScriptFile | null>[] {
  const files: Promise<ScriptFile | null>[] = [];
  page.on('response', (r) => {
    if (r.request().resourceType() !== 'script' || !r.url().startsWith(origin)) return;
    files.push(
      r.body().then(
        (body) => ({
          url: r.url(),
          raw: body.length,
          gzip: gzipSync(body, { level: 9 }).length,
          encoding: r.headers()['content-encoding'] ?? null,
        }),
        () => null,
      ),
    );
  });
  return files;
}

async function main(): Promise<void> {
  buildIdOf(ROOT); // before anything slow: no build, no benchmark
  const total = (WARMUP + SECONDS + 5) * RATE;
  const day = await buildDay(SEED, total);
  const liveStart = day.live[0]?.at ?? day.startAt;
  const liveEnd = day.live[day.live.length - 1]?.at ?? liveStart;
  // The day's events at RATE per second on average: the PBX's clock runs `speed` × faster than ours.
  const speed = (liveEnd - liveStart) / ((total / RATE) * 1000);
  if (PROFILE === 'on' || HOOK === 'off')
    console.log(`--profile ${PROFILE} --hook ${HOOK}: not a figure to record`);
  console.log(
    `synthetic day (seed ${SEED}, 50 queues × 100 agents): ${day.setup.length} set-up events, then ` +
      `${day.live.length} from 08:01 played ${speed.toFixed(1)}× fast (~${RATE} events/s)`,
  );

  const server = await startBenchServer(ROOT);
  const { hub, recorder } = server.callboard;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    // As the WSI connector does: the link is up, then its snapshot (queues, agents, registrations).
    hub.setSourceStatus({
      id: 'bench',
      kind: 'portsip-wsi',
      status: 'connected',
      lastEventAt: null,
      detail: null,
    });
    const setupAt = Date.now();
    recorder.ingest(retimed(day.setup, timeline(liveStart, setupAt, speed)));
    hub.flush();
    let counting = false;
    const sent: number[] = [];
    hub.onPatch((p) => {
      if (counting) sent.push(p.seq);
    });

    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    page.on('pageerror', (err) => console.error(`page error: ${err.message}`));
    await page.addInitScript({ content: initScript(HOOK === 'on') });
    const scripts = collectScripts(page, server.url);
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metrics = async () =>
      Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));

    const navigated = Date.now();
    await page.goto(`${server.url}/kiosk/all-queues?token=${BENCH_TOKEN}`);
    await page.locator('[data-testid^="queue-row-"]').first().waitFor({ timeout: 60_000 });
    const firstRenderMs = Date.now() - navigated;

    const live = retimed(day.live, timeline(liveStart, Date.now() + 100, speed, setupAt));
    const feed = startFeed(live, recorder.ingest);
    await sleep(WARMUP * 1000);

    const m0 = await metrics();
    const cpu0 = process.cpuUsage();
    const machine0 = machineCpu();
    const stopProfile = PROFILE === 'on' ? await startProfile(cdp) : null;
    const t0 = Date.now();
    await page.evaluate(
      (ms) => (window as unknown as BenchWindow).__callboardBench.start(ms),
      SECONDS * 1000,
    );
    counting = true;
    await sleep(SECONDS * 1000);
    counting = false;
    const seconds = (Date.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const machine1 = machineCpu();
    const m1 = await metrics();
    await stopProfile?.();
    const fed = feed.stop();
    // Drain: a page that fell behind gets up to 30 s to receive the last patch; then its frame.
    const last = hub.stats().seq;
    for (let i = 0; i < 300; i++) {
      if ((await page.evaluate(() => (window as unknown as BenchWindow).__callboardBench.lastSeq())) >= last)
        break;
      await sleep(100);
    }
    await sleep(1000);
    const results: PageResults = await page.evaluate(() =>
      (window as unknown as BenchWindow).__callboardBench.results(),
    );
    const renderer = Object.fromEntries(Object.keys(m1).map((k) => [k, (m1[k] ?? 0) - (m0[k] ?? 0)]));
    const ok = report({
      seconds,
      page: results,
      sent,
      fed,
      scripts: (await Promise.all(scripts)).flatMap((f) => (f ? [f] : [])),
      firstRenderMs,
      renderer,
      serverCpu: (cpu.user + cpu.system) / 1000 / (seconds * 1000),
      machineBusy:
        machine0 && machine1 ? (machine1.busy - machine0.busy) / (machine1.total - machine0.total) : null,
    });
    console.log(ok ? '\nall targets met' : '\nnot every target is met (see above)');
  } finally {
    await browser.close();
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
