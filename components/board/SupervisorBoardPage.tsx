'use client';

import type { Board } from '../../lib/board/model';
import { boardQueueIds, missingQueues } from '../../lib/board/queues';
import { AlertBanner } from '../alerts/AlertBanner';
import { AlertsPanel } from '../alerts/AlertsPanel';
import { useKioskAlerts } from '../alerts/useKioskAlerts';
import { useWallboardShallow } from '../live/StoreProvider';
import { BoardFrame } from './BoardFrame';
import { KpiTiles } from './KpiTiles';
import { QueueTable } from './QueueTable';

/** `/` and `/boards/<id>`: the board's figures and one row per queue. */
export function SupervisorBoardPage({ boardId }: { boardId: string }) {
  return (
    <BoardFrame boardId={boardId} section="queues">
      {(board) => <BoardOverview board={board} boardId={boardId} />}
    </BoardFrame>
  );
}

/** The board's queue ids in display order; stable identity while the list is the same. */
export function useBoardQueueIds(board: Board): string[] {
  return useWallboardShallow((s) => boardQueueIds(board, s.queueIds, s.queues));
}

function BoardOverview({ board, boardId }: { board: Board; boardId: string }) {
  const queueIds = useBoardQueueIds(board);
  const missing = useWallboardShallow((s) =>
    board.queues === 'all'
      ? []
      : missingQueues(
          board,
          s.queueIds.map((id) => ({ id })),
        ),
  );
  // The supervisor's screen marks and lists; it does not chime (the kiosk's job, where the board says).
  const alerts = useKioskAlerts(boardId, false);
  return (
    <>
      <AlertBanner alerts={alerts.sounding} />
      <AlertsPanel board={board} alerts={alerts.list} />
      <section aria-labelledby="today-heading" className="section">
        <h2 id="today-heading" className="section-title">
          Today{' '}
          <span className="section-note">
            {queueIds.length} {queueIds.length === 1 ? 'queue' : 'queues'}
          </span>
        </h2>
        <KpiTiles board={board} queueIds={queueIds} alerts={alerts.marks} />
      </section>
      <section aria-labelledby="queues-heading" className="section">
        <h2 id="queues-heading" className="section-title">
          Queues
        </h2>
        {queueIds.length > 0 ? (
          <QueueTable board={board} boardId={boardId} queueIds={queueIds} />
        ) : (
          <p className="notice">No queues reported yet.</p>
        )}
        {missing.length > 0 && (
          <p className="help" data-testid="missing-queues">
            Not reported by any source: {missing.join(', ')}
          </p>
        )}
      </section>
    </>
  );
}
