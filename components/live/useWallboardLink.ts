'use client';

import { useEffect } from 'react';
import { io } from 'socket.io-client';
import { QUIET_MS, shouldProbe } from '../../lib/board/stale';
import { type ControlMessage, EVENTS, type ServerMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { useWallboardStore } from './StoreProvider';
import { readToken } from './token';

/** Backoff for the reconnects Socket.IO leaves to us (after a server-side disconnect). */
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;
/** A new build reloads the page at most this often (two builds behind one address must not loop). */
const RELOAD_GUARD_MS = 60_000;
const RELOAD_KEY = 'callboard:reloadedAt';

/**
 * Keep the store fed from the server: every (re)connect starts with a snapshot the server sends; a gap
 * or a restarted server (new epoch) makes the store ask for a new one. Reconnects forever with
 * backoff: Socket.IO retries by itself after a lost connection (reconnectionAttempts: Infinity,
 * 1 s doubling to 30 s, ±50 % jitter), but not after the server disconnected us (its restart) nor
 * after a middleware error — those we retry ourselves, with the same backoff. Only a refused token
 * stops (a new token needs a new URL). A quiet link is probed with `resync` (lib/board/stale.ts). A
 * snapshot with another build id reloads the page.
 */
export function useWallboardLink(): void {
  const store = useWallboardStore();
  useEffect(() => {
    const token = readToken() ?? undefined;
    const socket = io(WALLBOARD_NAMESPACE, {
      auth: token ? { token } : {},
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
    let lastProbeAt: number | null = null;
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
      lastProbeAt = null;
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
      if (receive(message, Date.now())) socket.emit(EVENTS.client, { type: 'resync' });
    });
    // An admin's "Reload now" (settings → displays): the page reloads at once. Settings → General
    // saved: the formats are read again.
    socket.on(EVENTS.control, (message: ControlMessage) => {
      if (message?.type === 'reload') window.location.reload();
      else if (message?.type === 'settingsChanged') store.getState().settingsChanged();
    });

    const probe = setInterval(
      () => {
        const now = Date.now();
        if (socket.connected && shouldProbe(store.getState().lastMessageAt, lastProbeAt, now)) {
          lastProbeAt = now;
          socket.emit(EVENTS.client, { type: 'resync' });
        }
      },
      Math.min(5000, QUIET_MS / 3),
    );

    const stopReload = store.subscribe((s) => {
      if (!s.reloadRequired) return;
      const last = Number(sessionStorage.getItem(RELOAD_KEY) ?? 0);
      if (Date.now() - last < RELOAD_GUARD_MS) return;
      sessionStorage.setItem(RELOAD_KEY, String(Date.now()));
      window.location.reload();
    });

    return () => {
      closed = true;
      clearInterval(probe);
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
