import type { Logger } from 'pino';
import type { Server, Socket } from 'socket.io';
import type { AlertView } from '../../lib/alerts/view';
import { boardIdSchema } from '../../lib/board/model';
import { type AlertsMessage, EVENTS, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import type { AlertsChange } from '../alerts/engine';
import type { Principal } from '../auth';
import type { ClusterBus } from './clusterMessages';
import type { Admission } from './handshake';

/**
 * A board's open alerts on `/wallboard`, beside the state stream (issue #18). A screen names the board
 * it shows (`watchAlerts`); if its principal may read that board (a display: its own only), it joins
 * the board's alerts room and gets the list at once, then the whole list again whenever it changes
 * (an acknowledgement reaches every screen of the board in one broadcast). A board has a handful of
 * open alerts, so a full list costs less than a diff protocol and can never drift.
 *
 * Many instances (cluster.ts): each tells its own sockets only (`nsp.local`), from the list it holds.
 * One instance evaluates (server/alerts/evaluatorLease.ts) and tells the others what it stored
 * (`alertsChanged`, sent by server/alerts/wiring.ts); a person's acknowledgement or snooze made here
 * is told to them as `alertsActed`. Each reads those alerts again from the shared store and tells its
 * own screens, so every screen's list is its instance's copy of the store, never another's.
 */
export interface AlertsLinkOptions {
  readonly alerts: {
    active(boardId: string): AlertView[];
    onChange(listener: (boardIds: ReadonlySet<string>, change: AlertsChange) => void): () => void;
  };
  /** Whether this principal may read this board (server/auth/policy.ts `board:read`). */
  readonly may: (principal: Principal, boardId: string) => boolean;
  readonly now: () => number;
  readonly logger: Logger;
  readonly cluster?: ClusterBus;
}

/** A screen changes board rarely: more asks than this per 10 s are ignored. */
const MAX_WATCHES = 10;
const WINDOW_MS = 10_000;

const roomOf = (boardId: string) => `alerts:${boardId}`;

export function attachAlertsLink(io: Server, o: AlertsLinkOptions) {
  const nsp = io.of(WALLBOARD_NAMESPACE);
  const message = (boardId: string): AlertsMessage => ({
    type: 'alerts',
    boardId,
    serverTime: o.now(),
    alerts: o.alerts.active(boardId),
  });

  function onWatch(
    socket: Socket,
    asked: unknown,
    state: { board: string | null; count: number; since: number },
  ) {
    const t = o.now();
    if (t - state.since >= WINDOW_MS) {
      state.since = t;
      state.count = 0;
    }
    if (++state.count > MAX_WATCHES) return;
    const id = boardIdSchema.safeParse((asked as { boardId?: unknown } | null)?.boardId);
    const admission = socket.data.admission as Admission | undefined;
    if (!id.success || !admission || !o.may(admission.principal, id.data)) {
      // Say nothing of boards it may not read; an empty list is all it gets.
      socket.emit(EVENTS.alerts, {
        type: 'alerts',
        boardId: String(id.data ?? ''),
        serverTime: t,
        alerts: [],
      });
      return;
    }
    if (state.board !== null && state.board !== id.data) void socket.leave(roomOf(state.board));
    state.board = id.data;
    void socket.join(roomOf(id.data));
    socket.emit(EVENTS.alerts, message(id.data));
  }

  const onConnection = (socket: Socket) => {
    const state = { board: null as string | null, count: 0, since: o.now() };
    socket.on(EVENTS.watchAlerts, (asked: unknown) => {
      try {
        onWatch(socket, asked, state);
      } catch (err) {
        o.logger.error({ err }, 'alerts link: watch failed');
      }
    });
  };
  nsp.on('connection', onConnection);
  const stop = o.alerts.onChange((boardIds, change) => {
    for (const id of boardIds) nsp.local.to(roomOf(id)).emit(EVENTS.alerts, message(id));
    if (change.kind === 'acted') o.cluster?.tell({ type: 'alertsActed', alertIds: [...change.alertIds] });
  });
  return {
    detach(): void {
      stop();
      nsp.off('connection', onConnection);
    },
  };
}
