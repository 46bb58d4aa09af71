import { type WebSocket, WebSocketServer } from 'ws';
import type { GroundTruth, TruthRange } from './groundTruth';
import type { CallCenterModel, QueueInfo } from './model';
import type { SimulatorSettings } from './options';
import { ClientSession, type Credentials } from './session';
import type { Emitted } from './world';
import type { ExtensionManagementMessage } from './wsiMessages';

/**
 * The simulator on the wire: a WebSocket server speaking PortSIP WSI to any number of clients, fed
 * by the model. It also carries the controls tests and demos need to misbehave like a real network:
 * drop every connection, go silent without closing (a half-open link), inject raw frames.
 */

export interface SimulatorHandle {
  readonly url: string;
  readonly host: string;
  readonly port: number;
  readonly credentials: Credentials;
  readonly tenantId: string;
  readonly queues: readonly QueueInfo[];
  /** extension_created for every agent (display names), as the extension management topic pushes. */
  readonly extensionCreated: () => ExtensionManagementMessage[];
  readonly extensions: readonly string[];
  /** Simulated now (ms). */
  now(): number;
  /** Move simulated time on by `ms` and publish what happened (works with or without autoRun). */
  advance(ms: number): void;
  groundTruth(range?: TruthRange): GroundTruth;
  /** Every agent's queue state as it really is, since the true time they entered it. */
  agentTruth(): ReturnType<CallCenterModel['agentTruth']>;
  /** Connected clients (authenticated or not). */
  clientCount(): number;
  /** Terminate every socket at once, no close handshake. The server keeps accepting. */
  dropConnections(): void;
  /** On: answer no ping and send nothing (replies, events, raw frames), yet keep sockets open. */
  blackhole(on: boolean): void;
  /** Send a frame verbatim to every connected client (malformed input for tests). */
  sendRaw(text: string): void;
  /** Stop the clock, close every socket and the server. */
  stop(): Promise<void>;
}

interface Client {
  readonly ws: WebSocket;
  readonly session: ClientSession;
}

export async function serveModel(s: SimulatorSettings, model: CallCenterModel): Promise<SimulatorHandle> {
  const wss = new WebSocketServer({ host: s.host, port: s.port, autoPong: false });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const credentials: Credentials = { username: s.username, password: s.password, domain: s.domain };
  const clients = new Set<Client>();
  let silent = false;

  const send = (ws: WebSocket, text: string) => {
    if (!silent && ws.readyState === ws.OPEN) ws.send(text);
  };

  wss.on('connection', (ws) => {
    const client: Client = { ws, session: new ClientSession(model, credentials) };
    clients.add(client);
    ws.on('message', (data) => {
      if (silent) return; // a half-open link loses what it is sent
      for (const reply of client.session.handle(data.toString())) send(ws, reply);
    });
    // autoPong is off so a black-holed link can leave pings unanswered, as a dead route does.
    ws.on('ping', (data) => {
      if (!silent && ws.readyState === ws.OPEN) ws.pong(data);
    });
    ws.on('close', () => clients.delete(client));
    ws.on('error', () => clients.delete(client));
  });

  const publish = (emitted: readonly Emitted[]) => {
    for (const e of emitted) {
      let text: string | undefined;
      for (const c of clients) {
        if (!c.session.wants(e.route)) continue;
        text ??= JSON.stringify(e.message);
        send(c.ws, text);
      }
    }
  };

  const advance = (ms: number) => {
    if (!(ms > 0)) return;
    publish(model.step(model.now + ms));
  };

  // The real clock drives simulated time: each tick moves it by the real time elapsed × timeScale.
  let timer: ReturnType<typeof setInterval> | undefined;
  if (s.autoRun) {
    let last = s.now();
    timer = setInterval(() => {
      const real = s.now();
      advance((real - last) * s.timeScale);
      last = real;
    }, s.tickMs);
  }

  const address = wss.address();
  const port = typeof address === 'object' && address !== null ? address.port : s.port;
  const hostInUrl = s.host.includes(':') ? `[${s.host}]` : s.host;

  return {
    url: `ws://${hostInUrl}:${port}`,
    host: s.host,
    port,
    credentials,
    tenantId: model.tenantId,
    queues: model.queues(),
    extensionCreated: () => model.extensionCreated(),
    extensions: model.extensions(),
    now: () => model.now,
    advance,
    groundTruth: (range) => model.groundTruth(range),
    agentTruth: () => model.agentTruth(),
    clientCount: () => clients.size,
    dropConnections() {
      for (const c of clients) c.ws.terminate();
    },
    blackhole(on) {
      silent = on;
    },
    sendRaw(text) {
      for (const c of clients) send(c.ws, text);
    },
    async stop() {
      if (timer) clearInterval(timer);
      for (const c of clients) c.ws.terminate();
      clients.clear();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
