import type { Socket } from 'socket.io-client';
import { type AlertsMessage, EVENTS, type WatchAlerts } from '../../lib/protocol';
import type { AlertsStore } from './alertsStore';

/**
 * The alerts' side of the one live link (useWallboardLink): names the watched board on every
 * (re)connect and whenever the page moves to another board, and hands each `alerts` list to the store.
 */
export function linkAlerts(socket: Socket, store: AlertsStore): () => void {
  const ask = () => {
    const boardId = store.getState().watching;
    if (boardId !== null && socket.connected)
      socket.emit(EVENTS.watchAlerts, { boardId } satisfies WatchAlerts);
  };
  socket.on('connect', ask);
  const onAlerts = (m: AlertsMessage) => store.getState().receive(m, Date.now());
  socket.on(EVENTS.alerts, onAlerts);
  const stop = store.subscribe((s, prev) => {
    if (s.watching !== prev.watching) ask();
  });
  return () => {
    stop();
    socket.off('connect', ask);
    socket.off(EVENTS.alerts, onAlerts);
  };
}
