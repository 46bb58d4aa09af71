import WebSocket from 'ws';
import { type ClientView, type LastAsk, receive, recoveryOf, shouldAsk } from '../../lib/linkClient';
import { EVENTS, type ResumePoint, type ServerMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { clock } from './fanoutShared';

/**
 * A viewer for the live-link benchmark, on a raw websocket speaking the Socket.IO frames by hand, so
 * that it can count the TCP bytes it reads (`bytesRead` of its socket, the wire cost with every
 * header) and, as the abusive client, stop reading. Follows the stream with the browser's `receive`.
 */
export interface BenchViewer {
  readonly ws: WebSocket;
  view(): ClientView | null;
  /** TCP bytes read since the namespace was joined. */
  bytes(): number;
  readonly counts: Record<string, number>;
  /** Receipt time of each patch, by seq. */
  readonly patchAt: Map<number, number>;
  send(message: unknown): void;
  close(): void;
}

const tcp = (ws: WebSocket) => (ws as unknown as { _socket?: { bytesRead: number } })._socket?.bytesRead ?? 0;

export async function benchViewer(
  port: number,
  o: { resume?: ResumePoint | null; from?: ClientView | null; localAddress?: string } = {},
): Promise<BenchViewer> {
  const ws = new WebSocket(
    `ws://127.0.0.1:${port}/socket.io/?EIO=4&transport=websocket`,
    o.localAddress ? { localAddress: o.localAddress } : {},
  );
  let view: ClientView | null = o.from ?? null;
  let joinedAt = 0;
  const counts: Record<string, number> = {};
  const patchAt = new Map<number, number>();
  let lastAsk: LastAsk | null = null;
  const send = (message: unknown) =>
    ws.send(`42${WALLBOARD_NAMESPACE},${JSON.stringify([EVENTS.client, message])}`);
  await new Promise<void>((resolve, reject) => {
    ws.on('error', reject);
    ws.on('message', (data) => {
      const text = String(data);
      if (text === '2') ws.send('3');
      else if (text.startsWith('0')) {
        const auth = o.resume ? { resume: o.resume } : {};
        ws.send(`40${WALLBOARD_NAMESPACE},${JSON.stringify(auth)}`);
      } else if (text.startsWith(`40${WALLBOARD_NAMESPACE},`)) {
        joinedAt = tcp(ws);
        resolve();
      } else if (text.startsWith(`44${WALLBOARD_NAMESPACE},`)) {
        ws.terminate();
        reject(new Error(text.slice(WALLBOARD_NAMESPACE.length + 3)));
      } else if (text.startsWith(`42${WALLBOARD_NAMESPACE},`)) {
        const [event, message] = JSON.parse(text.slice(WALLBOARD_NAMESPACE.length + 3)) as [
          string,
          ServerMessage,
        ];
        if (event !== EVENTS.server) return;
        counts[message.type] = (counts[message.type] ?? 0) + 1;
        if (message.type === 'patch') patchAt.set(message.seq, clock());
        const r = receive(view, message);
        if (r.kind === 'applied') view = r.view;
        else if (shouldAsk(lastAsk, view, Date.now())) {
          lastAsk = { at: Date.now(), seq: view?.seq ?? null };
          send(recoveryOf(view));
        }
      }
    });
  });
  return {
    ws,
    view: () => view,
    bytes: () => tcp(ws) - joinedAt,
    counts,
    patchAt,
    send,
    close: () => ws.terminate(),
  };
}
