import type { Socket } from 'socket.io';

/**
 * How much the server holds for one socket that it has not handed to the kernel yet, and a cut-off.
 * engine.io queues a socket's packets in `conn.writeBuffer` while its transport is busy with the
 * previous batch (the websocket transport stays unwritable until ws reports that batch written), then
 * hands the batch to ws, which keeps what the TCP socket has not taken in `bufferedAmount`. A viewer
 * that stops reading fills both without bound. So every packet engine.io creates for the socket
 * (`packetCreate`, before it is queued) is counted into the batch being gathered (reset on `flush`,
 * when the batch goes to ws), and the socket is cut off once that plus ws's `bufferedAmount` passes
 * the limit. Read from engine.io 6 / ws 8 (node_modules/engine.io/build/socket.js, transports/websocket.js).
 */
interface EngineSocket {
  on(event: 'packetCreate', listener: (packet: { data?: unknown }) => void): void;
  on(event: 'flush', listener: () => void): void;
  readonly transport: {
    readonly name: string;
    /** The ws WebSocket under the websocket transport. */
    readonly socket?: { readonly bufferedAmount?: number; terminate?(): void };
  };
  close(discard?: boolean): void;
}

const sizeOf = (data: unknown): number =>
  typeof data === 'string'
    ? Buffer.byteLength(data)
    : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
      ? data.byteLength
      : 0;

/** Calls `onOverflow(bytes)` once, the first time the socket's unsent bytes pass `limit`. */
export function guardOutgoing(socket: Socket, limit: number, onOverflow: (bytes: number) => void): void {
  const conn = socket.conn as unknown as EngineSocket;
  let gathering = 0;
  let tripped = false;
  conn.on('flush', () => {
    gathering = 0;
  });
  conn.on('packetCreate', (packet) => {
    if (tripped) return;
    gathering += sizeOf(packet.data);
    const bytes = gathering + (conn.transport.socket?.bufferedAmount ?? 0);
    if (bytes <= limit) return;
    tripped = true;
    onOverflow(bytes);
  });
}

/**
 * Drop a socket now, with what is queued for it: a polite close would wait for buffers that a
 * non-reading client never drains (engine.io closes after `drain`; ws after its close handshake, 30 s).
 * ws's `terminate()` destroys the TCP socket at once; another transport is closed, discarding its queue.
 */
export function dropNow(socket: Socket): void {
  const conn = socket.conn as unknown as EngineSocket;
  socket.disconnect(true);
  const ws = conn.transport.socket;
  if (ws?.terminate) ws.terminate();
  else conn.close(true);
}
