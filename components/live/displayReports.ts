import type { Socket } from 'socket.io-client';
import { linkLiveness } from '../../lib/board/stale';
import { type DisplayReport, EVENTS } from '../../lib/protocol';
import type { WallboardStore } from './store';

/** A report at least this often; and within a second or so of the stream's liveness changing. */
const REPORT_EVERY_MS = 15_000;
/** The server takes one report per 2 s per socket (server/fleet/report.ts); a little slack. */
const MIN_GAP_MS = 2_500;

/**
 * A display's heartbeat (issue #18): over its own socket, its build, page, screen size and whether its
 * stream is live (lib/board/stale.ts, the same rule as the stale banner), and for how long: a
 * duration, so the server never compares this TV's clock with its own. The server only listens to
 * display tokens; other pages' reports would be ignored, so only pages opened with a token send.
 */
export function startDisplayReports(socket: Socket, store: WallboardStore): () => void {
  let live: boolean | null = null;
  let since = Date.now();
  let lastSent = 0;
  let lastSentLive: boolean | null = null;

  const liveNow = (now: number) => {
    const s = store.getState();
    return linkLiveness({
      link: s.link,
      linkSince: s.linkSince,
      hasView: s.view !== null,
      lastMessageAt: s.lastMessageAt,
      now,
    }).live;
  };

  const tick = () => {
    const now = Date.now();
    const l = liveNow(now);
    if (l !== live) {
      live = l;
      since = now;
    }
    const due = now - lastSent >= REPORT_EVERY_MS || lastSentLive !== live;
    if (!socket.connected || !due || now - lastSent < MIN_GAP_MS) return;
    const report: DisplayReport = {
      build: store.getState().buildId?.slice(0, 64) ?? null,
      page: window.location.pathname.slice(0, 200),
      screen: {
        width: Math.max(1, Math.round(window.innerWidth)),
        height: Math.max(1, Math.round(window.innerHeight)),
      },
      live,
      forMs: Math.max(0, Math.round(now - since)),
    };
    socket.emit(EVENTS.report, report);
    lastSent = now;
    lastSentLive = live;
  };

  const timer = setInterval(tick, 1000);
  // A fresh connection starts a fresh pace on the server: say how things are at once.
  const onConnect = () => {
    lastSent = 0;
  };
  socket.on('connect', onConnect);
  return () => {
    clearInterval(timer);
    socket.off('connect', onConnect);
  };
}
