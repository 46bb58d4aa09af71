import { afterAll, beforeAll, expect } from 'vitest';
import WebSocket from 'ws';
import { type SimulatorHandle, type SimulatorOptions, startSimulator } from './index';

/**
 * Test support only (never imported by product code): a WSI client over a real socket that records
 * every frame it receives. `settle()` is a barrier: the server answers a ping after everything it
 * sent before, so once the pong is back every earlier frame has arrived.
 */

export interface TestClient {
  readonly ws: WebSocket;
  /** Every frame received so far, in order. */
  readonly frames: string[];
  send(command: unknown): void;
  /** Resolves once everything the server sent before now has arrived. */
  settle(): Promise<void>;
  /** Send a command and return the frames it caused (replies, snapshots). */
  request(command: unknown): Promise<Record<string, unknown>[]>;
  /** Frames received after index `from`, parsed. */
  since(from: number): Record<string, unknown>[];
  /** Resolves with the close code once the socket is closed. */
  readonly closed: Promise<number>;
}

export async function connect(url: string): Promise<TestClient> {
  const ws = new WebSocket(url);
  const frames: string[] = [];
  ws.on('message', (data) => frames.push(data.toString()));
  const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const since = (from: number) => frames.slice(from).map((f) => JSON.parse(f) as Record<string, unknown>);
  const settle = () =>
    new Promise<void>((resolve, reject) => {
      const timeout = setTimeout(() => reject(new Error('no pong within 2 s')), 2000);
      ws.once('pong', () => {
        clearTimeout(timeout);
        resolve();
      });
      ws.ping();
    });
  const send = (command: unknown) => ws.send(typeof command === 'string' ? command : JSON.stringify(command));
  return {
    ws,
    frames,
    send,
    settle,
    since,
    closed,
    async request(command) {
      const from = frames.length;
      send(command);
      await settle();
      return since(from);
    },
  };
}

/** The credentials the simulator uses by default. */
export const DEFAULT_LOGIN = {
  command: 'auth',
  username: 'admin',
  password: 'admin',
  domain: 'demo.callboard.local',
} as const;

export interface SimulatorFixture {
  /** The running simulator (valid inside tests). */
  sim(): SimulatorHandle;
  client(): Promise<TestClient>;
  /** A client that has logged in with the default credentials (and checked the reply). */
  loggedIn(): Promise<TestClient>;
}

/** One simulator for the test file (started in beforeAll, stopped with its clients in afterAll). */
export function simulatorFixture(options: SimulatorOptions): SimulatorFixture {
  let sim: SimulatorHandle | undefined;
  const open: TestClient[] = [];
  const running = () => {
    if (!sim) throw new Error('simulator not started');
    return sim;
  };
  beforeAll(async () => {
    sim = await startSimulator(options);
  });
  afterAll(async () => {
    for (const c of open) c.ws.terminate();
    await sim?.stop();
  });
  const client = async () => {
    const c = await connect(running().url);
    open.push(c);
    return c;
  };
  return {
    sim: running,
    client,
    async loggedIn() {
      const c = await client();
      expect(await c.request(DEFAULT_LOGIN)).toEqual([{ command: 'auth', id: '1', status: 0 }]);
      return c;
    },
  };
}
