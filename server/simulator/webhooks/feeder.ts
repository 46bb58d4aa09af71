import type { QueueCreated } from '../../../lib/domain/events';
import type { ModelOptions } from '../options';
import { feedModelOptions, SourceFeed } from './feed';
import { WEBHOOK_KINDS, type WebhookKind, type WebhookRequest } from './types';

/**
 * The webhook feeder: for each webhook source a seeded model of its own, stepped to the (injected)
 * clock every tick, whose calls are posted as that vendor's webhooks to the app's own endpoints, so
 * `npm run demo` shows webhook-fed queues beside the WSI-fed ones.
 *
 * Delivery is sequential per source (order matters: a call's end must not overtake its start) and
 * independent between sources. A network error, a timeout, a 5xx or a 429 is retried with
 * exponential backoff, up to `retry.attempts` tries; any other status (4xx: the payload or the token
 * is wrong, sending it again cannot help) is counted and logged, not retried.
 */

export interface PostRequest {
  readonly url: string;
  readonly method: 'POST';
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  readonly signal: AbortSignal;
}

/** Sends one request; resolves with the HTTP status, rejects on a network error. */
export type Poster = (req: PostRequest) => Promise<number>;

/** What the feeder logs through (a pino logger fits). */
export interface FeederLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface WebhookFeederOptions {
  /** Where the app listens, e.g. http://127.0.0.1:3000 (no trailing slash needed). */
  readonly baseUrl: string;
  /** The webhook secret: PortSIP's Bearer token, 3CX's `?token=`, VoIPstudio's last path segment. */
  readonly token: string;
  /** Default: all three. */
  readonly sources?: readonly WebhookKind[];
  /**
   * Feeds already played up to now (the demo's day so far, server/demo): posted on from where they
   * stand. Then `sources`, `seed`, `model` and `sourceIds` are theirs, not read here.
   */
  readonly feeds?: readonly SourceFeed[];
  /** Base seed (each source adds its own offset). Default: from the start time, so runs differ. */
  readonly seed?: number;
  /** The clock (ms). Read at start (the models start then) and at every tick. */
  readonly now?: () => number;
  readonly tickMs?: number;
  readonly timeZone: string;
  readonly slaSeconds: number;
  /** Default: fetch. */
  readonly post?: Poster;
  readonly logger: FeederLogger;
  /** Overrides of every source's model options (tests: busier centres). Seed and start: see above. */
  readonly model?: Omit<Partial<ModelOptions>, 'seed' | 'startAt'>;
  /** The app's source ids, for `queueFacts` (default: the kinds, as server/app.ts names them). */
  readonly sourceIds?: Partial<Record<WebhookKind, string>>;
  readonly retry?: { readonly attempts?: number; readonly baseMs?: number; readonly maxMs?: number };
  readonly requestTimeoutMs?: number;
  /** Requests waiting per source beyond this are dropped (counted): a dead app must not eat memory. */
  readonly maxBacklog?: number;
}

export interface WebhookFeederStats {
  /** Delivered (answered 2xx). */
  readonly sent: number;
  /** Given up: a non-retriable status, or every retry failed. */
  readonly failed: number;
  /** Tries repeated after a retriable failure. */
  readonly retried: number;
  /** Never tried: the backlog was full. */
  readonly dropped: number;
  /** Every answer by status ("200", "503", …; "error" for network errors and timeouts). */
  readonly byStatus: Readonly<Record<string, number>>;
}

export interface WebhookFeeder {
  readonly feeds: readonly SourceFeed[];
  /** Step every model to now and queue what it produced (the timer calls this every tickMs). */
  tick(): void;
  /** Resolves once every queued request has been delivered or given up. */
  idle(): Promise<void>;
  stats(): WebhookFeederStats;
  /** The queues the app should know (see SourceFeed.queueFacts), stamped with the current time. */
  queueFacts(): QueueCreated[];
  /** Stop ticking, abandon what is queued or in flight, and wait for the senders to finish. */
  stop(): Promise<void>;
}

export const fetchPoster: Poster = async (r) => {
  const res = await fetch(r.url, {
    method: r.method,
    headers: r.headers,
    body: r.body,
    signal: r.signal,
    redirect: 'manual',
  });
  await res.arrayBuffer().catch(() => undefined);
  return res.status;
};

const retriable = (status: number | 'error') =>
  status === 'error' || status >= 500 || status === 429 || status === 408;

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

interface Lane {
  readonly feed: SourceFeed;
  readonly backlog: WebhookRequest[];
  sending: Promise<void> | null;
  problemsSeen: number;
}

export function startWebhookFeeder(o: WebhookFeederOptions): WebhookFeeder {
  const now = o.now ?? Date.now;
  const tickMs = o.tickMs ?? 1000;
  const attempts = o.retry?.attempts ?? 6;
  const baseMs = o.retry?.baseMs ?? 250;
  const maxMs = o.retry?.maxMs ?? 10_000;
  const timeoutMs = o.requestTimeoutMs ?? 10_000;
  const maxBacklog = o.maxBacklog ?? 10_000;
  const post = o.post ?? fetchPoster;
  const baseUrl = o.baseUrl.replace(/\/+$/, '');
  /** The token is in the 3CX and VoIPstudio paths (URL-encoded): it must never reach a log line. */
  const redact = (path: string) => path.split(encodeURIComponent(o.token)).join('…').split(o.token).join('…');

  const startAt = now();
  const seed = o.seed ?? Math.floor(startAt / 1000) % 2 ** 31;
  const feeds =
    o.feeds ??
    [...new Set(o.sources ?? WEBHOOK_KINDS)].map(
      (kind) =>
        new SourceFeed({
          kind,
          token: o.token,
          sourceId: o.sourceIds?.[kind],
          model: {
            ...feedModelOptions(kind, { seed, startAt, timeZone: o.timeZone, slaSeconds: o.slaSeconds }),
            ...o.model,
            startAt,
          },
        }),
    );
  const lanes: Lane[] = feeds.map((feed) => ({
    feed,
    backlog: [],
    sending: null,
    problemsSeen: 0,
  }));

  const stats = { sent: 0, failed: 0, retried: 0, dropped: 0, byStatus: {} as Record<string, number> };
  const stopper = new AbortController();
  let stopped = false;
  let waiters: (() => void)[] = [];

  const settleWaiters = () => {
    if (lanes.some((l) => l.sending !== null)) return;
    const ready = waiters;
    waiters = [];
    for (const w of ready) w();
  };

  async function deliver(req: WebhookRequest): Promise<void> {
    const url = `${baseUrl}${req.path}`;
    for (let attempt = 0; !stopped; attempt++) {
      let status: number | 'error';
      try {
        status = await post({
          url,
          method: 'POST',
          headers: req.headers,
          body: req.body,
          signal: AbortSignal.any([stopper.signal, AbortSignal.timeout(timeoutMs)]),
        });
      } catch {
        status = 'error';
      }
      if (stopped) return;
      const key = String(status);
      stats.byStatus[key] = (stats.byStatus[key] ?? 0) + 1;
      if (typeof status === 'number' && status >= 200 && status < 300) {
        stats.sent++;
        return;
      }
      const where = { source: req.kind, path: redact(req.path), status };
      if (!retriable(status)) {
        stats.failed++;
        o.logger.warn({ ...where, body: req.body.slice(0, 300) }, 'demo webhook refused; not retried');
        return;
      }
      if (attempt + 1 >= attempts) {
        stats.failed++;
        o.logger.error({ ...where, attempts }, 'demo webhook undeliverable; given up');
        return;
      }
      stats.retried++;
      await sleep(Math.min(maxMs, baseMs * 2 ** attempt), stopper.signal);
    }
  }

  function pump(lane: Lane): void {
    if (lane.sending || stopped) return;
    lane.sending = (async () => {
      while (!stopped) {
        const next = lane.backlog[0];
        if (!next) break;
        await deliver(next);
        lane.backlog.shift();
      }
    })().finally(() => {
      lane.sending = null;
      // Something may have been queued while the last request was settling.
      if (!stopped && lane.backlog.length > 0) pump(lane);
      else settleWaiters();
    });
  }

  function tick(): void {
    if (stopped) return;
    const to = now();
    for (const lane of lanes) {
      try {
        const requests = lane.feed.step(to);
        const room = Math.max(0, maxBacklog - lane.backlog.length);
        if (requests.length > room) {
          stats.dropped += requests.length - room;
          o.logger.warn(
            { source: lane.feed.kind, dropped: requests.length - room, backlog: lane.backlog.length },
            'demo webhook backlog full; dropping',
          );
        }
        lane.backlog.push(...requests.slice(0, room));
        const problems = lane.feed.problems();
        if (problems.length > lane.problemsSeen) {
          o.logger.warn(
            { source: lane.feed.kind, problems: problems.slice(lane.problemsSeen) },
            'demo webhook feed misread the model',
          );
          lane.problemsSeen = problems.length;
        }
      } catch (err) {
        o.logger.error({ err, source: lane.feed.kind }, 'demo webhook feed failed to step');
      }
      if (lane.backlog.length > 0) pump(lane);
    }
  }

  const timer = setInterval(tick, tickMs);
  timer.unref?.();
  o.logger.info(
    {
      sources: lanes.map((l) => l.feed.kind),
      ...(o.feeds ? {} : { seed }),
      queues: lanes.map((l) => l.feed.queueFacts(startAt)[0]?.name),
    },
    'demo webhook feeder started',
  );

  return {
    feeds: lanes.map((l) => l.feed),
    tick,
    idle() {
      if (lanes.every((l) => l.sending === null && l.backlog.length === 0)) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
    stats: () => ({ ...stats, byStatus: { ...stats.byStatus } }),
    queueFacts: () => lanes.flatMap((l) => l.feed.queueFacts(now())),
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      stopper.abort();
      await Promise.all(lanes.map((l) => l.sending));
      for (const l of lanes) l.backlog.length = 0;
      settleWaiters();
    },
  };
}
