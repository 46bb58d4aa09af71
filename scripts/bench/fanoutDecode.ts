import * as sioParser from 'socket.io-parser';
import { EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';

/**
 * How the benchmark's clients read a message. All 1,000 clients share one process (one core here),
 * while real viewers each have a browser: parsing 1,000 copies of every ~55 KB patch in one process is
 * ~1 GB/s of JSON and measures this process, not the server. So by default (`--decode seq`) a client
 * reads only the message's head — its type and seq, the first fields the hub writes — and skips
 * JSON.parse of the rest; `--decode full` parses every message as a browser would. Both broadcasters'
 * clients decode the same way.
 */
export type Decode = 'seq' | 'full';

export interface Head {
  readonly type: string;
  readonly seq: number;
}

// Patches and snapshots are built as { type, version, epoch, seq, … } (server/hub/hub.ts).
const HEAD = /^\{"type":"(\w+)","version":\d+,"epoch":"[^"]*","seq":(\d+)[,}]/;
/** A Socket.IO EVENT packet (engine.io's own type digit already stripped) to the namespace. */
const SIO_PREFIX = `2${WALLBOARD_NAMESPACE},["${EVENTS.server}",`;

export function readHead(json: string): Head {
  const m = HEAD.exec(json);
  if (!m) throw new Error(`unexpected message head: ${json.slice(0, 80)}`);
  return { type: m[1] ?? '', seq: Number(m[2]) };
}

/**
 * A plain `ws` message (a Buffer) → its head. Decoded to a string first either way, as a browser's
 * WebSocket (and socket.io-client) hands text frames over as strings.
 */
export function plainHead(data: Buffer, decode: Decode): Head {
  const text = data.toString();
  return decode === 'full' ? (JSON.parse(text) as Head) : readHead(text.slice(0, 200));
}

/** Socket.IO's own parser, except that `message` events to the wallboard are read as their head. */
class SeqDecoder extends sioParser.Decoder {
  override add(obj: unknown): void {
    if (typeof obj === 'string' && obj.startsWith(SIO_PREFIX)) {
      const head = readHead(obj.slice(SIO_PREFIX.length, SIO_PREFIX.length + 200));
      this.emitReserved('decoded', {
        type: sioParser.PacketType.EVENT,
        nsp: WALLBOARD_NAMESPACE,
        data: [EVENTS.server, head],
      });
      return;
    }
    super.add(obj);
  }
}

/** The `parser` option for socket.io-client. */
export function socketIoParser(decode: Decode): typeof sioParser {
  return decode === 'full' ? sioParser : { ...sioParser, Decoder: SeqDecoder };
}
