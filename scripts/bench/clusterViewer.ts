import { io as connect, type Socket } from 'socket.io-client';
import { type ClientView, type LastAsk, receive, recoveryOf, shouldAsk } from '../../lib/linkClient';
import { EVENTS, type ServerMessage, type SourceStatus, WALLBOARD_NAMESPACE } from '../../lib/protocol';
import { clock } from './fanoutShared';

/**
 * A viewer for `bench:cluster`: socket.io-client as the browser connects (websocket transport, the
 * API token), following the stream with the browser's `receive`. It notes when the board's count of
 * calls offered today first reached each value (a webhook's call CDR adds one: the patch carrying the
 * n-th call is the first with that count), and every change of the PBX link's status as its board
 * shows it (status and owner).
 */
export interface ClusterViewer {
  view(): ClientView | null;
  /** Calls offered today (all queues) → when this viewer's board first showed it. */
  readonly offeredAt: Map<number, number>;
  /** The PBX link's status as shown, each change with its receipt time. */
  readonly linkChanges: { at: number; status: string; owner: string | null; here: boolean }[];
  offered(): number;
  close(): void;
}

export const offeredOf = (view: ClientView | null) =>
  (view?.state.queues ?? []).reduce((sum, q) => sum + (q.today?.offered ?? 0), 0);

export function clusterViewer(url: string, token: string, linkId: string): Promise<ClusterViewer> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(`${url}${WALLBOARD_NAMESPACE}`, {
      transports: ['websocket'],
      forceNew: true,
      // A viewer of a killed instance stays dead: the bench watches the survivors.
      reconnection: false,
      auth: { token },
    });
    let view: ClientView | null = null;
    let lastAsk: LastAsk | null = null;
    const offeredAt = new Map<number, number>();
    const linkChanges: ClusterViewer['linkChanges'] = [];
    let last = '';
    const self: ClusterViewer = {
      view: () => view,
      offeredAt,
      linkChanges,
      offered: () => offeredOf(view),
      close: () => socket.close(),
    };
    socket.on(EVENTS.server, (m: ServerMessage) => {
      const at = clock();
      const r = receive(view, m);
      if (r.kind !== 'applied') {
        if (shouldAsk(lastAsk, view, Date.now())) {
          lastAsk = { at: Date.now(), seq: view?.seq ?? null };
          socket.emit(EVENTS.client, recoveryOf(view));
        }
        return;
      }
      const first = view === null;
      const before = offeredOf(view);
      view = r.view;
      const n = offeredOf(view);
      // A patch may carry several calls: each count it passes was first shown now.
      for (let k = first ? n : before + 1; k <= n; k++) if (!offeredAt.has(k)) offeredAt.set(k, at);
      const link = view.state.sources.find((s: SourceStatus) => s.id === linkId);
      if (link) {
        const change = {
          at,
          status: link.status,
          owner: link.owner?.instance ?? null,
          here: !!link.owner?.here,
        };
        const key = `${change.status}/${change.owner}/${change.here}`;
        if (key !== last) linkChanges.push(change);
        last = key;
      }
      if (first) resolve(self);
    });
    socket.on('connect_error', (err) => reject(err));
  });
}
