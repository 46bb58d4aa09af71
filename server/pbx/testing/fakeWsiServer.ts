import type { AddressInfo } from 'node:net';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';

/**
 * Test support only: a small PortSIP WSI server speaking the parts of the Pub/Sub doc (v22.3) the
 * connector tests need. Auth replies are the doc's verbatim; subscribe replies are an assumption (the
 * doc shows none): the auth reply's shape with command "subscribe". Frames are shaped like
 * fixtures/seeds/002-portsip-wsi, with queue_status repaired (agents beside waiting_list, not in it).
 * The full PBX simulator lives in server/simulator.
 */

export interface FakeWsiOptions {
  readonly password?: string;
  /** Queue number → agent extension numbers. */
  readonly queues?: Readonly<Record<string, readonly string[]>>;
  /** The auth error text; default the doc's. */
  readonly authError?: string;
  /** Close every new connection at once (for backoff timing). */
  readonly refuseConnections?: boolean;
  readonly tenant?: string;
  /** How far the PBX's clock is ahead of the real one (ms; negative = behind). Default 0. */
  readonly clockAheadMs?: number;
}

/** What the PBX knows of a queue beyond its agents' numbers: their states and who waits. */
export interface FakeQueueTruth {
  /** Agent extension → WSI state (READY, QUEUE_CALL, …); an agent not listed is READY. */
  readonly agentStates?: Readonly<Record<string, string>>;
  /** Callers waiting: session id and how long ago (PBX clock) they entered, in seconds. */
  readonly waiting?: readonly { readonly sessionId: string; readonly waitedSeconds?: number }[];
}

export interface ReceivedCommand {
  readonly connection: number;
  readonly command: Record<string, unknown>;
}

export const DOC_AUTH_ERROR = 'access_token , username , domain or password error';

export async function startFakeWsiServer(options: FakeWsiOptions = {}) {
  const password = options.password ?? 'secret';
  const tenant = options.tenant ?? '883634229655633920';
  const queues = new Map(Object.entries(options.queues ?? {}).map(([q, a]) => [q, [...a]]));
  // autoPong off: the fake answers pings itself, so a test can make it stop (a black-holed link).
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, autoPong: false });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as AddressInfo).port;

  const received: ReceivedCommand[] = [];
  const connectedAt: number[] = [];
  const droppedAt: number[] = [];
  /** Every connection's close as the PBX saw it (either side closing, or the peer gone). */
  const closed: { readonly connection: number; readonly at: number }[] = [];
  const managementSubscribers = new Set<WebSocket>();
  const silenced = new WeakSet<WebSocket>();
  let replyId = 0;
  const truth = new Map<string, FakeQueueTruth>();
  let answerQueueSubscribes = true;

  const pbxNow = () => Date.now() + (options.clockAheadMs ?? 0);
  const nowSeconds = () => String(Math.floor(pbxNow() / 1000));
  const send = (ws: WebSocket, frame: unknown) => {
    if (!silenced.has(ws) && ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const reply = (ws: WebSocket, command: string, error?: string) => {
    replyId += 1;
    send(
      ws,
      error === undefined
        ? { command, id: String(replyId), status: 0 }
        : { command, error, id: String(replyId), status: -1 },
    );
  };
  const queueCreated = (q: string) => ({ event_type: 'queue_created', queue_number: q, tenant_id: tenant });
  const queueStatus = (q: string) => ({
    event_type: 'queue_status',
    tenant_id: tenant,
    queue_id: `id-${q}`,
    queue_number: q,
    queue_name: `Queue ${q}`,
    waiting_list: (truth.get(q)?.waiting ?? []).map((c, i) => ({
      position: String(i + 1),
      session_id: c.sessionId,
      caller_number: '5550100',
      timestamp: String(Math.floor(pbxNow() / 1000) - (c.waitedSeconds ?? 10)),
      type: 'normal',
    })),
    agents: (queues.get(q) ?? []).map((a) => ({
      state: truth.get(q)?.agentStates?.[a] ?? 'READY',
      agent_extension_number: a,
      timestamp: nowSeconds(),
    })),
  });
  const extensionStatus = (extensions: readonly string[]) => ({
    event_type: 'extension_status',
    status: extensions.map((e) => ({
      extension: `sip:${e}@test.io`,
      extension_id: `x${e}`,
      call_status: '',
      online: true,
      presence: 'ONLINE',
      presence_note: '',
      push_online: false,
      time: nowSeconds(),
    })),
    tenant_id: tenant,
  });
  const knownExtensions = () => new Set([...queues.values()].flat());

  function onCommand(ws: WebSocket, connection: number, command: Record<string, unknown>): void {
    received.push({ connection, command });
    if (command.command === 'auth') {
      if (command.password === password) reply(ws, 'auth');
      else reply(ws, 'auth', options.authError ?? DOC_AUTH_ERROR);
      return;
    }
    if (command.command !== 'subscribe') return;
    reply(ws, 'subscribe');
    const topic = Array.isArray(command.topics) ? command.topics[0] : undefined;
    const list = (key: string) => (Array.isArray(command[key]) ? (command[key] as string[]) : []);
    if (topic === 'queue_management_events') {
      managementSubscribers.add(ws);
      for (const q of queues.keys()) send(ws, queueCreated(q));
    } else if (topic === 'queue_events') {
      if (!answerQueueSubscribes) return;
      for (const q of list('queues')) if (queues.has(q)) send(ws, queueStatus(q));
    } else if (topic === 'extension_events') {
      const known = knownExtensions();
      const ext = list('extensions').filter((e) => known.has(e));
      if (ext.length > 0) send(ws, extensionStatus(ext));
    }
  }

  let connections = 0;
  wss.on('connection', (ws) => {
    connections += 1;
    const connection = connections;
    connectedAt.push(Date.now());
    if (options.refuseConnections) {
      droppedAt.push(Date.now());
      ws.terminate();
      return;
    }
    ws.on('ping', (data) => {
      if (!silenced.has(ws)) ws.pong(data);
    });
    ws.on('close', () => {
      managementSubscribers.delete(ws);
      closed.push({ connection, at: Date.now() });
    });
    ws.on('message', (data: RawData, isBinary) => {
      if (isBinary || silenced.has(ws)) return;
      try {
        onCommand(ws, connection, JSON.parse(data.toString()) as Record<string, unknown>);
      } catch {
        // The connector only sends JSON; a test that sends garbage gets no answer, like a real PBX.
      }
    });
  });

  return {
    url: `ws://127.0.0.1:${port}`,
    received,
    connectedAt,
    droppedAt,
    closed,
    connections: () => connections,
    /** Commands received on one connection (1-based), in order. */
    commandsOf: (connection: number) =>
      received.filter((r) => r.connection === connection).map((r) => r.command),
    /** A new queue: queue_created to every management subscriber, as the PBX does. */
    createQueue(q: string, agents: readonly string[]): void {
      queues.set(q, [...agents]);
      for (const ws of managementSubscribers) send(ws, queueCreated(q));
    },
    /**
     * The PBX's truth of a queue changes without a frame saying so (a frame lost on the way, a PBX
     * bug): only the next queue_status shows it.
     */
    setQueueTruth(q: string, next: FakeQueueTruth): void {
      truth.set(q, next);
    },
    /** Subscribes to queue_events are still acknowledged, but no queue_status follows (while false). */
    answerQueueSubscribes(on: boolean): void {
      answerQueueSubscribes = on;
    },
    /** The PBX's clock (ms): what its frames' timestamps are taken from. */
    pbxNow,
    /** Raw text or binary to every open connection. */
    broadcast(data: string | Buffer): void {
      for (const ws of wss.clients) if (ws.readyState === ws.OPEN) ws.send(data);
    },
    /** Cut every connection without a close handshake (a PBX restart). */
    dropAll(): void {
      for (const ws of wss.clients) {
        droppedAt.push(Date.now());
        ws.terminate();
      }
    },
    /** Current connections go silent (no pongs, no frames) but stay open: a half-open link. */
    blackHole(): void {
      for (const ws of wss.clients) silenced.add(ws);
    },
    close(): Promise<void> {
      for (const ws of wss.clients) ws.terminate();
      return new Promise((resolve) => wss.close(() => resolve()));
    },
  };
}

export type FakeWsiServer = Awaited<ReturnType<typeof startFakeWsiServer>>;

/** Polls until `check` is true; real time, so it works beside real sockets. */
export async function waitUntil(check: () => boolean, timeoutMs = 2_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
