'use client';

import { useEffect } from 'react';
import { io } from 'socket.io-client';
import {
  type ControlMessage,
  EVENTS,
  type LastAsk,
  recoveryOf,
  type ServerMessage,
  shouldAsk,
  WALLBOARD_NAMESPACE,
} from '../../lib/protocol';
import { useWallboardStore } from './StoreProvider';
import { readToken } from './token';

/** Backoff for the reconnects Socket.IO leaves to us (after a server-side disconnect). */
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** A new build reloads the page at most this often (two builds behind one address must not loop). */
const RELOAD_GUARD_MS = 60_000;
const RELOAD_KEY = 'callboard:reloadedAt';

/**
 * Keep the store fed from the server (protocol v3, lib/protocol.ts): the first connect starts with a
 * snapshot; a reconnect names the view it has in the handshake (`auth.resume`), so the server sends
 * only the patches missed when it still has them. A gap, a heartbeat ahead of the view or a restarted
 * server (new epoch) makes the client ask to catch up (`resume`, or `resync` without a view), once per
 * gap (`shouldAsk`). The server's heartbeats keep a quiet link provably live (lib/board/stale.ts): the
 * client never polls. Reconnects forever with
 * backoff: Socket.IO retries by itself after a lost connection (reconnectionAttempts: Infinity,
 * 1 s doubling to 30 s, ±50 % jitter), but not after the server disconnected us (its restart) nor
 * after a middleware error — those we retry ourselves, with the same backoff. Only a refused token
 * stops (a new token needs a new URL); "throttled" (too many failed handshakes from this address) is
 * retried like any other error. A snapshot with another build id reloads the page.
 */
export function useWallboardLink(): void {
  const store = useWallboardStore();
  useEffect(() => {
    const token = readToken() ?? undefined;
    // A function: Socket.IO asks for it on every connection attempt, so a reconnect resumes from the
    // view the store has by then.
    const auth = (cb: (data: object) => void) => {
      const view = store.getState().view;
      cb({ ...(token ? { token } : {}), ...(view ? { resume: { epoch: view.epoch, seq: view.seq } } : {}) });
    };
    const socket = io(WALLBOARD_NAMESPACE, {
      auth,
      transports: ['websocket'],
      reconnection: true,
      reconnectionAttempts: Number.POSITIVE_INFINITY,
      reconnectionDelay: RETRY_MIN_MS,
      reconnectionDelayMax: RETRY_MAX_MS,
      randomizationFactor: 0.5,
    });
    const { setLink, receive } = store.getState();
    let attempts = 0;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let lastAsk: LastAsk | null = null;
    let connectedBefore = false;
    let closed = false;

    const connectLater = () => {
      if (retry !== null || closed) return;
      const base = Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempts++);
      const delay = base * (0.5 + Math.random());
      retry = setTimeout(() => {
        retry = null;
        if (!socket.connected && !closed) socket.connect();
      }, delay);
    };

    socket.on('connect', () => {
      attempts = 0;
      lastAsk = null;
      setLink('live', Date.now());
      // Back after a drop: settings may have changed meanwhile (the first connect needs no re-read).
      if (connectedBefore) store.getState().settingsChanged();
      connectedBefore = true;
    });
    socket.on('disconnect', (reason) => {
      setLink('reconnecting', Date.now());
      if (reason === 'io server disconnect') connectLater();
    });
    socket.on('connect_error', (err) => {
      if (err.message === 'unauthorized') {
        setLink('refused', Date.now());
        return;
      }
      setLink('reconnecting', Date.now());
      if (!socket.active) connectLater();
    });
    socket.on(EVENTS.server, (message: ServerMessage) => {
      const now = Date.now();
      if (!receive(message, now)) return;
      const view = store.getState().view;
      if (!shouldAsk(lastAsk, view, now)) return;
      lastAsk = { at: now, seq: view?.seq ?? null };
      socket.emit(EVENTS.client, recoveryOf(view));
    });
    // An admin's "Reload now" (settings → displays): the page reloads at once. Settings → General
    // saved: the formats are read again.
    socket.on(EVENTS.control, (message: ControlMessage) => {
      if (message?.type === 'reload') window.location.reload();
      else if (message?.type === 'settingsChanged') store.getState().settingsChanged();
    });

    const stopReload = store.subscribe((s) => {
      if (!s.reloadRequired) return;
      const last = Number(sessionStorage.getItem(RELOAD_KEY) ?? 0);
      if (Date.now() - last < RELOAD_GUARD_MS) return;
      sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
      window.location.reload();
    });

    return () => {
      closed = true;
      if (retry !== null) clearTimeout(retry);
      stopReload();
      socket.close();
    };
  }, [store]);
}

/** Mount once, inside the provider: the link for every page of the app. */
export function LiveLink(): null {
  useWallboardLink();
  return null;
}
