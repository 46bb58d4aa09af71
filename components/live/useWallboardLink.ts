'use client';

import { usePathname } from 'next/navigation';
import { useEffect } from 'react';
import { io } from 'socket.io-client';
import { type LastAsk, recoveryOf, shouldAsk } from '../../lib/linkClient';
import { type ControlMessage, EVENTS, type ServerMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { useAlertsStore } from '../alerts/AlertsProvider';
import { linkAlerts } from '../alerts/alertsLink';
import { startDisplayReports } from './displayReports';
import { needsLiveLink } from './livePaths';
import { useWallboardStore } from './StoreProvider';
import { readToken } from './token';

/**
 * Backoff while the server is away (a lost connection, its restart): 0.5 s doubling, capped so that
 * a screen is back within ~2 s of the server being ready (the server holds a handshake until today's
 * state is replayed, so an early attempt waits at the door rather than failing). An attempt on a
 * server that is down costs it nothing (the TCP connect is refused), so a wall of screens retrying
 * every 2 s is cheap; the jitter spreads them.
 */
const RECONNECT_MIN_MS = 500;
const RECONNECT_MAX_MS = 2000;
/** Backoff after the server turned a handshake down ("throttled", a server error): slower, up to 30 s. */
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
 * 0.5 s doubling to 2 s, ±50 % jitter, capped), but not after the server disconnected us (its
 * restart: we retry as fast) nor after a middleware error (we retry slower, 1 s doubling to 30 s). Only a refused token
 * stops (a new token needs a new URL); "throttled" (too many failed handshakes from this address) is
 * retried like any other error. A snapshot with another build id reloads the page.
 */
export function useWallboardLink(enabled = true): void {
  const store = useWallboardStore();
  const alerts = useAlertsStore();
  useEffect(() => {
    if (!enabled) return;
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
      reconnectionDelay: RECONNECT_MIN_MS,
      reconnectionDelayMax: RECONNECT_MAX_MS,
      randomizationFactor: 0.5,
    });
    const stopAlerts = linkAlerts(socket, alerts);
    const { setLink, receive } = store.getState();
    let attempts = 0;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let lastAsk: LastAsk | null = null;
    let connectedBefore = false;
    let closed = false;

    const connectLater = (minMs: number, maxMs: number) => {
      if (retry !== null || closed) return;
      const base = Math.min(maxMs, minMs * 2 ** attempts++);
      const delay = Math.min(maxMs, base * (0.5 + Math.random()));
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
      // The server closed us (its restart, a shutdown): back soon, as after a lost connection.
      if (reason === 'io server disconnect') connectLater(RECONNECT_MIN_MS, RECONNECT_MAX_MS);
    });
    socket.on('connect_error', (err) => {
      // A revoked display token is told apart from an unknown one: its screen says it was revoked.
      if (err.message === 'unauthorized' || err.message === 'revoked') {
        setLink(err.message === 'revoked' ? 'revoked' : 'refused', Date.now());
        return;
      }
      setLink('reconnecting', Date.now());
      if (!socket.active) connectLater(RETRY_MIN_MS, RETRY_MAX_MS);
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
      else if (message?.type === 'floor' && Array.isArray(message.messages))
        store.getState().setFloorMessages(message.messages);
    });
    // A display (its page opened with a token) tells the server how it is doing (Settings → Displays).
    const stopReports = token ? startDisplayReports(socket, store) : () => {};

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
      stopReports();

      stopAlerts();
      socket.close();
    };
  }, [store, alerts, enabled]);
}

/** Mount once, inside the provider: the link for every page of the app. */
export function LiveLink(): null {
  useWallboardLink(needsLiveLink(usePathname()));
  return null;
}
