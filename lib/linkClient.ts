import { type ClientMessage, PROTOCOL_VERSION, type ServerMessage, type WallboardState } from './protocol';
import { applyPatch, assemble } from './wireState';

/**
 * The client's side of the link (lib/protocol.ts defines the messages): what to do with each server
 * message, and when and how to ask to catch up. Pure, shared by the browser store, the read API and
 * the tests.
 */

export interface ClientView {
  readonly epoch: string;
  readonly seq: number;
  readonly state: WallboardState;
}

export type Received =
  | { readonly kind: 'applied'; readonly view: ClientView }
  /** Ask the server for a snapshot: the message cannot be applied to what we have. */
  | { readonly kind: 'resync'; readonly reason: string };

/**
 * What a client does with a server message: a snapshot always replaces its view; a patch applies only
 * on top of seq − 1 of the same epoch and version; a heartbeat changes nothing when it names the seq
 * the client has. Anything else means the client must catch up (`recoveryOf`).
 */
export function receive(current: ClientView | null, msg: ServerMessage): Received {
  if (msg.version !== PROTOCOL_VERSION) return { kind: 'resync', reason: `protocol version ${msg.version}` };
  if (msg.type === 'snapshot')
    return { kind: 'applied', view: { epoch: msg.epoch, seq: msg.seq, state: assemble(msg.state) } };
  if (!current) return { kind: 'resync', reason: `${msg.type} before any snapshot` };
  if (msg.epoch !== current.epoch) return { kind: 'resync', reason: 'the server restarted' };
  if (msg.type === 'heartbeat')
    return msg.seq === current.seq
      ? { kind: 'applied', view: current }
      : { kind: 'resync', reason: `server at ${msg.seq}, view at ${current.seq}` };
  if (msg.seq <= current.seq) return { kind: 'applied', view: current }; // a repeat: already applied
  if (msg.seq !== current.seq + 1)
    return { kind: 'resync', reason: `missed patches ${current.seq + 1}…${msg.seq - 1}` };
  return {
    kind: 'applied',
    view: { epoch: current.epoch, seq: msg.seq, state: applyPatch(current.state, msg) },
  };
}

/** A client's last catch-up ask: when, and from which seq (null: it had no view). */
export interface LastAsk {
  readonly at: number;
  readonly seq: number | null;
}

/** Longer than the server's pace (one answer per socket per 5 s): an answer this late is not coming. */
export const ASK_AGAIN_MS = 6000;

/**
 * Whether a client that needs to catch up should ask now. Every message after a gap says "catch up";
 * one ask covers them all, so the client asks again only once its view moved on (that ask was
 * answered) or the answer is overdue. The server drops a socket that sends too many messages.
 */
export function shouldAsk(last: LastAsk | null, view: ClientView | null, now: number): boolean {
  if (last === null) return true;
  if ((view?.seq ?? null) !== last.seq) return true;
  return now - last.at >= ASK_AGAIN_MS;
}

/** What a client asks for to catch up: resume from its view when it has one, else a snapshot. */
export function recoveryOf(view: ClientView | null): ClientMessage {
  return view ? { type: 'resume', epoch: view.epoch, seq: view.seq } : { type: 'resync' };
}
