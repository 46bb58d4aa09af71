import pg from 'pg';
import { io as connect, type Socket } from 'socket.io-client';
import { type ClientView, receive } from '../../../lib/linkClient';
import { EVENTS, type ServerMessage, WALLBOARD_NAMESPACE } from '../../../lib/protocol';
import type { SimulatorHandle } from '../../simulator';
import { feedModelOptions, SourceFeed } from '../../simulator/webhooks/feed';
import type { WebhookRequest } from '../../simulator/webhooks/types';
import { API_TOKEN, WEBHOOK_TOKEN } from '../../testing/callboard';
import { COUNTS } from '../../testing/demoDay';

/**
 * Test support for cluster.pg.test.ts: polling, a viewer that keeps a board's view from the socket
 * (snapshot, then patches, as a browser does), delivery of a webhook that tries the next instance
 * until one acknowledges it, figures against the simulator's truth, and the shared journal's rows
 * per call.
 */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `read` until `ok`; throws with the last value after `ms`. */
export async function until<T>(
  read: () => Promise<T> | T,
  ok: (v: T) => boolean,
  ms: number,
  what: string,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end)
      throw new Error(`timed out after ${ms} ms: ${what}: ${JSON.stringify(v).slice(0, 400)}`);
    await sleep(50);
  }
}

export interface Viewer {
  readonly socket: Socket;
  view(): ClientView | null;
  /** Why the last handshake failed, if one did (for a timeout's message). */
  lastError(): string | null;
}

/**
 * A real Socket.IO client on `base`'s board with `token`, keeping its view up to date. `retry`: it
 * tries its handshake again after a failure, as a browser does (a server's disconnect is final).
 */
export function viewer(base: string, token = API_TOKEN, retry = false): Viewer {
  const socket = connect(`${base}${WALLBOARD_NAMESPACE}`, {
    auth: { token },
    transports: ['websocket'],
    reconnection: retry,
    reconnectionDelay: 200,
    forceNew: true,
  });
  let error: string | null = null;
  socket.on('connect_error', (e) => {
    error = e.message;
  });
  let view: ClientView | null = null;
  socket.on(EVENTS.server, (m: ServerMessage) => {
    const r = receive(view, m);
    if (r.kind === 'resync') socket.emit(EVENTS.client, { type: 'resync' });
    else view = r.view;
  });
  return { socket, view: () => view, lastError: () => error };
}

/**
 * A VoIPstudio account's calls from 40 minutes before `now` (but not before today: UTC midnight is
 * never before London's), one queue "8001", for `step(toMs)` to write as webhook requests.
 */
export function recentVoipstudioDay(now: number): SourceFeed {
  const startAt = Math.max(now - 40 * 60_000, Math.floor(now / 86_400_000) * 86_400_000 + 1000);
  return new SourceFeed({
    kind: 'voipstudio',
    token: WEBHOOK_TOKEN,
    model: {
      ...feedModelOptions('voipstudio', { seed: 19, startAt, timeZone: 'UTC', slaSeconds: 20 }),
      callsPerHour: 120,
    },
  });
}

/** POST a feed's webhook request; the HTTP status, or 0 when the connection failed. */
export async function postRequest(base: string, r: WebhookRequest): Promise<number> {
  try {
    const res = await fetch(`${base}${r.path}`, {
      method: 'POST',
      headers: { ...r.headers, 'content-type': r.contentType },
      body: r.body,
      signal: AbortSignal.timeout(20_000),
    });
    await res.arrayBuffer();
    return res.status;
  } catch {
    return 0;
  }
}

/**
 * Deliver one webhook as a retrying sender spread over instances would: `send` to the next base URL
 * `next()` gives, the same body each time, until a 200; the instance that acknowledged it. No answer
 * or a 5xx is retried; any other status is a failure of the test.
 */
export async function deliver(next: () => string, send: (base: string) => Promise<number>): Promise<string> {
  for (;;) {
    const base = next();
    const status = await send(base);
    if (status === 200) return base;
    if (status !== 0 && status < 500) throw new Error(`webhook to ${base} answered ${status}`);
    await sleep(50);
  }
}

/** Where a board's queues differ from the simulator's truth (empty: equal). */
export function differences(
  sim: SimulatorHandle,
  queues: readonly { number: string | null; today: object }[] | undefined,
): string[] {
  const truth = sim.groundTruth().queues;
  const out: string[] = [];
  for (const q of sim.queues) {
    const shown = queues?.find((v) => v.number === q.number)?.today as Record<string, unknown> | undefined;
    for (const f of COUNTS) {
      const real = truth[q.number]?.[f];
      if (shown?.[f] !== real) out.push(`${q.number} ${f}: ${shown?.[f]} ≠ ${real}`);
    }
  }
  return out;
}

/** Per call id, how many rows of the shared journal's webhook entries (no link) hold it. */
export async function journalRowsPerCall(databaseUrl: string): Promise<Map<string, number>> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const rows = await db.query<{ events: { callId?: string }[] }>(
      'SELECT events FROM journal WHERE link IS NULL',
    );
    const stored = new Map<string, number>();
    for (const row of rows.rows) {
      for (const id of new Set(row.events.map((e) => e.callId)))
        if (id) stored.set(id, (stored.get(id) ?? 0) + 1);
    }
    return stored;
  } finally {
    await db.end();
  }
}
