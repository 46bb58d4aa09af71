/**
 * Floor messages' fan-out (issue #18): N display sockets of one board on the real process (real
 * HTTP, SQLite, Socket.IO over loopback); a message is posted through the API and the time until every
 * screen has its new list is measured, for each of ROUNDS posts (and as many removals).
 *
 *   node --import tsx scripts/bench/floorFanout.ts [screens=1000] [rounds=20]
 */
import { io as connect, type Socket } from 'socket.io-client';
import { type ControlMessage, EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { API_TOKEN, startTestCallboard } from '../../server/testing/callboard';

const screens = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 20);
const auth = { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' };

async function main(): Promise<void> {
  const app = await startTestCallboard();
  const sockets: Socket[] = [];
  let pending = 0;
  let done: (() => void) | null = null;
  for (let i = 0; i < screens; i++) {
    const created = (await (
      await fetch(`${app.url}/api/v1/displays`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ name: `TV ${i}`, boardId: 'all-queues' }),
      })
    ).json()) as { token: string };
    const s = connect(`${app.url}${WALLBOARD_NAMESPACE}`, {
      auth: { token: created.token },
      transports: ['websocket'],
      reconnection: false,
      forceNew: true,
    });
    s.on(EVENTS.control, (m: ControlMessage) => {
      if (m.type !== 'floor' || pending === 0) return;
      pending -= 1;
      if (pending === 0) done?.();
    });
    sockets.push(s);
  }
  await Promise.all(
    sockets.map((s) => (s.connected ? null : new Promise<void>((r) => s.once('connect', () => r())))),
  );
  await new Promise((r) => setTimeout(r, 1000)); // the greetings at connect are in

  const times: number[] = [];
  const timed = async (send: () => Promise<Response>) => {
    const all = new Promise<void>((resolve) => {
      done = resolve;
    });
    pending = screens;
    const t0 = performance.now();
    const res = await send();
    if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
    await all;
    times.push(performance.now() - t0);
    return res;
  };
  for (let r = 0; r < rounds; r++) {
    const posted = await timed(() =>
      fetch(`${app.url}/api/v1/floor-messages`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({
          text: `Round ${r}`,
          severity: 'info',
          boardIds: ['all-queues'],
          expiresInSeconds: null,
        }),
      }),
    );
    const id = ((await posted.clone().json()) as { message: { id: number } }).message.id;
    await timed(() => fetch(`${app.url}/api/v1/floor-messages/${id}`, { method: 'DELETE', headers: auth }));
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]?.toFixed(1);
  console.log(
    `floor fan-out: ${screens} display sockets, ${times.length} changes (post or remove) → every screen has the new list: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`,
  );
  for (const s of sockets) s.close();
  await app.close({ remove: true });
}

void main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
