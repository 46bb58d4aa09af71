import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import { sameSecret } from '../auth/tokens';
import type { LinkStats } from '../realtime/linkStats';
import type { StorageHealth } from '../storage';
import { type BoardReadings, registerBoardMetrics } from './metricsBoard';
import { type ProcessReadings, type ProcessSinks, registerProcessMetrics } from './metricsProcess';
import type { Permission, Route } from './router';

/**
 * `GET /metrics` in Prometheus's text format (prom-client), for the API token (Bearer), admins, and
 * METRICS_TOKEN (a scraper's own token, good for nothing else): per queue and per source the board's
 * figures as of the scrape (metricsBoard.ts), the process's work (metricsProcess.ts), the live link's
 * defences (slow viewers and floods dropped, handshakes refused, resumes), the viewers connected,
 * whether storage takes writes, and Node's own process metrics (event-loop lag, heap). One registry
 * per server (no global one): two servers in one process, as in the tests, never share counters.
 * Every name is listed in docs/api.md ("Metrics"); docs/grafana/ charts them.
 */
export interface MetricsOptions extends BoardReadings, ProcessReadings {
  /** The live link's counters, monotonic since start (server/realtime/linkStats.ts). */
  readonly link: () => LinkStats & { readonly sockets: number; readonly rooms: number };
  readonly storage: () => StorageHealth;
  /** Who may read them: the settings readers (admins, the API token). */
  readonly allow: (req: IncomingMessage) => Permission | Promise<Permission>;
  /** METRICS_TOKEN: also lets a scraper in (as Bearer), compared in constant time. */
  readonly metricsToken: string | null;
}

/** Link counters as Prometheus counters: name → [field, help]. */
const LINK_COUNTERS: readonly (readonly [string, keyof LinkStats, string])[] = [
  [
    'callboard_viewers_slow_dropped_total',
    'slowConsumersDropped',
    'Viewers cut off: unsent bytes over the limit',
  ],
  [
    'callboard_viewers_flood_dropped_total',
    'floodersDropped',
    'Viewers cut off for sending too many messages',
  ],
  [
    'callboard_viewer_answers_deferred_total',
    'answersDeferred',
    'Snapshot or resume requests held back by the pace',
  ],
  ['callboard_resumes_from_ring_total', 'resumedFromRing', 'Reconnects answered from the patch ring'],
  ['callboard_resumes_fell_back_total', 'resumeFellBack', 'Reconnects that needed a snapshot'],
  ['callboard_snapshots_sent_total', 'snapshotsSent', 'Snapshots sent to viewers'],
  ['callboard_heartbeats_sent_total', 'heartbeatsSent', 'Heartbeats sent on idle streams'],
  ['callboard_handshakes_refused_total', 'handshakesRefused', 'Socket handshakes refused (bad credentials)'],
  [
    'callboard_handshakes_throttled_total',
    'handshakesThrottled',
    'Socket handshakes refused for too many failures',
  ],
];

export function createMetrics(o: MetricsOptions): {
  readonly registry: Registry;
  readonly routes: Route[];
  readonly sinks: ProcessSinks;
} {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const scrapeClock = registerBoardMetrics(registry, o);
  const sinks = registerProcessMetrics(registry, o);
  for (const [name, field, help] of LINK_COUNTERS) {
    new Counter({
      name,
      help,
      registers: [registry],
      // The link keeps its own monotonic count; the scrape reads it as it is.
      collect() {
        this.reset();
        this.inc(o.link()[field]);
      },
    });
  }
  new Gauge({
    name: 'callboard_viewers_connected',
    help: 'Wallboard sockets connected now',
    registers: [registry],
    collect() {
      this.set(o.link().sockets);
    },
  });
  new Gauge({
    name: 'callboard_storage_writable',
    help: '1 while the journal takes writes, 0 while it refuses them (/readyz is 503 then)',
    registers: [registry],
    collect() {
      this.set(o.storage().ok ? 1 : 0);
    },
  });

  async function scrape(_req: IncomingMessage, res: ServerResponse): Promise<void> {
    const text = await scrapeClock.around(() => registry.metrics());
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
  }
  const allow = (req: IncomingMessage): Permission | Promise<Permission> =>
    o.metricsToken !== null && sameSecret(bearerOf(req), o.metricsToken) ? { ok: true } : o.allow(req);
  return { registry, sinks, routes: [{ method: 'GET', path: '/metrics', allow, handle: scrape }] };
}

function bearerOf(req: IncomingMessage): string | undefined {
  const h = req.headers.authorization;
  return h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
}
