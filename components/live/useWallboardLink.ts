'use client';

import { useEffect } from 'react';
import { io } from 'socket.io-client';
import { EVENTS, type ServerMessage, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { useWallboardStore } from './StoreProvider';

/**
 * Keep the store fed from the server: every (re)connect starts with a snapshot the server sends;
 * a gap or a restarted server makes the store ask for a new one. Reconnects forever, with backoff.
 */
export function useWallboardLink(): void {
  const store = useWallboardStore();
  useEffect(() => {
    const token = new URLSearchParams(window.location.search).get('token') ?? undefined;
    const socket = io(WALLBOARD_NAMESPACE, {
      auth: token ? { token } : {},
      transports: ['websocket'],
      reconnectionDelay: 1000,
      reconnectionDelayMax: 30_000,
    });
    const { setLink, receive } = store.getState();
    socket.on('connect', () => setLink('live', Date.now()));
    socket.on('disconnect', () => setLink('reconnecting', Date.now()));
    socket.on('connect_error', (err) =>
      setLink(err.message === 'unauthorized' ? 'refused' : 'reconnecting', Date.now()),
    );
    socket.on(EVENTS.server, (message: ServerMessage) => {
      if (receive(message)) socket.emit(EVENTS.client, { type: 'resync' });
    });
    return () => {
      socket.close();
    };
  }, [store]);
}
