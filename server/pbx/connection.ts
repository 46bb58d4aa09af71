import WebSocket from 'ws';
import type { SelfCheck } from './selfCheck';
import type { Session } from './session';
import { createTimerBag, type Timer, type TimerBag } from './timers';
import { deadLinkBoundMs, type WsiTiming } from './timing';

/** One socket's worth of state; replaced on every reconnect, since the PBX forgets everything with it. */
export interface Connection {
  readonly ws: WebSocket;
  /** Heartbeat, auth and session timers: cleared together when the socket closes. */
  readonly timers: TimerBag;
  /** Labels of the subscribes sent, oldest first: replies carry no topic, so they are matched in order. */
  readonly unanswered: string[];
  session: Session | null;
  /** The self-check, once the snapshots are in (tenant link, checks configured). */
  check: SelfCheck | null;
  authTimer: Timer | null;
  authRefused: boolean;
  /** Why the socket is going down, when we know better than the close code. */
  lastError: string | null;
}

export function openConnection(url: string, timing: WsiTiming, tlsInsecure: boolean): Connection {
  const ws = new WebSocket(url, {
    maxPayload: timing.maxPayloadBytes,
    rejectUnauthorized: !tlsInsecure,
    // A TCP connect or TLS handshake that hangs is a dead link too.
    handshakeTimeout: deadLinkBoundMs(timing),
  });
  return {
    ws,
    timers: createTimerBag(),
    unanswered: [],
    session: null,
    check: null,
    authTimer: null,
    authRefused: false,
    lastError: null,
  };
}

/** Polite close first; a PBX that does not answer the close handshake gets the socket cut. */
export function closeConnection(c: Connection, graceMs: number): void {
  c.timers.clearAll(); // heartbeat and session timers: nothing more may be sent
  if (c.ws.readyState === WebSocket.CONNECTING) {
    c.ws.terminate();
    return;
  }
  c.timers.after(graceMs, () => c.ws.terminate());
  c.ws.close(1000, 'wallboard stopping');
}
