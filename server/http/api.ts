import type { IncomingMessage, ServerResponse } from 'node:http';
import { longestWaitAt } from '../../lib/domain/view';
import type { SnapshotMessage } from '../../lib/protocol';
import { assemble } from '../../lib/wireState';
import { createScopedView } from '../realtime/scopedView';
import type { StorageHealth } from '../storage';
import type { QueueScope } from './guard';
import type { ClosingDays } from './historyClosing';
import { json } from './respond';
import type { Route } from './router';

/**
 * The read API beside Next's pages: `GET /api/v1/state` (the published view, longest waits as of the
 * request, filtered to what the caller may see, exactly as its socket would be), `GET /healthz` (the process is up), `GET /readyz` (today's state is loaded and storage takes writes; `closing` names past days whose history is still being written).
 */
export interface ApiOptions {
  readonly snapshot: () => SnapshotMessage;
  readonly now: () => number;
  /** What the caller may see (the same filter as its socket); null: refused. */
  readonly scope: (req: IncomingMessage) => Promise<QueueScope | null>;
  readonly ready: () => boolean;
  /** Whether storage takes writes: while it refuses them, /readyz is 503 with the reason. */
  readonly storage?: () => StorageHealth;
  /** This instance's name (INSTANCE_ID), in /healthz: which of several instances answered. */
  readonly instance?: string;
  /**
   * Past days whose history is still being written (server/history/dayClose.ts; on a cluster, every
   * day the shared history lacks, the same on every instance: history/sharedClosing.ts): the board
   * is ready without them (they are history, not today), so /readyz stays 200 and names them.
   */
  readonly closing?: ClosingDays;
}

/** Storage probes every 2 s while it fails (server/storage/health.ts): ask again a little later. */
const STORAGE_RETRY_AFTER_SECONDS = 5;

export function createApi(o: ApiOptions): Route[] {
  async function state(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const scope = await o.scope(req);
    if (scope === null) {
      res.setHeader('www-authenticate', 'Bearer');
      return json(res, 401, { error: 'log in, or send a display or API token as Bearer' });
    }
    const now = o.now();
    const full = o.snapshot();
    const state = assemble(scope === 'all' ? full.state : createScopedView(scope).snapshot(full).state);
    return json(res, 200, {
      ...state,
      serverTime: now,
      queues: state.queues.map((q) => ({
        ...q,
        today: { ...q.today, longestWaitSeconds: longestWaitAt(q, now) },
      })),
    });
  }
  // Probes answer any method, as they always did.
  return [
    {
      method: '*',
      path: '/healthz',
      handle: (_req, res) => json(res, 200, { ok: true, ...(o.instance ? { instance: o.instance } : {}) }),
    },
    {
      method: '*',
      path: '/readyz',
      handle: (_req, res) => readiness(res, o),
    },
    { method: 'GET', path: '/api/v1/state', handle: state },
  ];
}

/** 503 until today is replayed, and while storage refuses writes (a 2xx webhook must mean "on disk"). */
async function readiness(res: ServerResponse, o: ApiOptions): Promise<true> {
  if (!o.ready()) return json(res, 503, { ready: false });
  const storage = o.storage?.();
  if (storage && !storage.ok)
    return json(
      res,
      503,
      { ready: false, reason: `storage refuses writes: ${storage.reason}`, since: storage.since },
      { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) },
    );
  const closing = (await o.closing?.()) ?? [];
  return json(res, 200, closing.length > 0 ? { ready: true, closing } : { ready: true });
}
