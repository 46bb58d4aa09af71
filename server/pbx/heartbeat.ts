import type WebSocket from 'ws';
import type { TimerBag } from './timers';

/**
 * Ping/pong watchdog. A PBX that vanished without a FIN (power cut, NAT timeout, black-holed route)
 * leaves a socket that looks open forever; only an unanswered ping reveals it. After `missedPongs`
 * intervals without any pong, `onDead` runs (the caller terminates the socket). Worst-case detection
 * time: interval × (missedPongs + 1).
 */
export function startHeartbeat(
  ws: WebSocket,
  timers: TimerBag,
  o: {
    intervalMs: number;
    missedPongs: number;
    onDead: (missed: number) => void;
    /** Every pong: the PBX's proof of life on a quiet link (source freshness, issue #14). */
    onPong?: () => void;
  },
): void {
  let missed = 0;
  ws.on('pong', () => {
    missed = 0;
    o.onPong?.();
  });
  const timer = timers.every(o.intervalMs, () => {
    if (missed >= o.missedPongs) {
      timers.clear(timer);
      o.onDead(missed);
      return;
    }
    missed += 1;
    if (ws.readyState === ws.OPEN) ws.ping();
  });
}
