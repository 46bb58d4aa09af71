'use client';

import { useEffect } from 'react';
import type { Board } from '../../lib/board/model';
import { useKioskAlerts } from '../alerts/useKioskAlerts';
import { Clock } from '../board/Clock';
import { FormatsProvider } from '../board/Formats';
import { KpiTiles } from '../board/KpiTiles';
import { LivenessProvider } from '../board/Liveness';
import { SourceHealth } from '../board/SourceHealth';
import { StaleBanner } from '../board/StaleBanner';
import { useBoardQueueIds } from '../board/SupervisorBoardPage';
import { useBoard } from '../board/useBoard';
import { REVOKED_TEXT, refusalText } from '../live/refusal';
import { useWallboard } from '../live/StoreProvider';
import { KioskAgents, KioskQueues, useKioskAgentIds } from './KioskLists';
import { KioskNotices } from './KioskNotices';
import { useIdleCursor, useKioskDocument, useRotation, useWakeLock } from './useKioskScreen';

/** The kiosk re-reads its board this often, so a changed board shows without touching the screen. */
const BOARD_REFRESH_MS = 60_000;

/**
 * `/kiosk/<board>`: the wall screen. Full window, no navigation, big numbers sized from the viewport,
 * no scrollbar ever (pages rotate instead), cursor hidden when idle, screen kept awake, and never
 * silently stale (banner + greyed tiles).
 */
export function KioskPage({ boardId }: { boardId: string }) {
  useKioskDocument();
  const wakeLock = useWakeLock();
  const idle = useIdleCursor(3000);
  const entry = useBoard(boardId, BOARD_REFRESH_MS);
  // Revoked means revoked: no figures, whatever was on screen, and a fresh load says the same.
  const revoked = useWallboard((s) => s.link === 'revoked');
  const board = entry.status === 'ready' && !revoked ? entry.board : null;
  useEffect(() => {
    if (board) document.title = `${board.name} · Callboard`;
  }, [board]);
  return (
    <div
      data-kiosk=""
      data-theme={board?.theme ?? 'dark'}
      data-idle={idle ? 'true' : 'false'}
      data-wake-lock={wakeLock}
      className="kiosk"
    >
      {board ? (
        <FormatsProvider>
          <LivenessProvider>
            <KioskBoard boardId={boardId} board={board} />
          </LivenessProvider>
        </FormatsProvider>
      ) : (
        <main className="kiosk-body">
          {revoked ? (
            <div role="alert" className="kiosk-message" data-testid="revoked">
              <h1>{REVOKED_TEXT}</h1>
              <p className="kiosk-message-small">Ask an administrator for a new link for this screen.</p>
            </div>
          ) : entry.status === 'loading' ? (
            <p role="status" className="kiosk-message" data-testid="board-loading">
              Loading board…
            </p>
          ) : (
            <div
              role="alert"
              className="kiosk-message"
              data-testid="board-error"
              data-status={entry.status === 'error' ? entry.code : 0}
            >
              <h1>This board cannot be shown</h1>
              <p>{entry.status === 'error' ? entry.error : ''}</p>
              <p className="kiosk-message-small">Trying again by itself…</p>
            </div>
          )}
        </main>
      )}
    </div>
  );
}

function KioskBoard({ boardId, board }: { boardId: string; board: Board }) {
  const queueIds = useBoardQueueIds(board);
  const agentIds = useKioskAgentIds(board, queueIds);
  const tick = useRotation(board.rotationSeconds);
  const hasView = useWallboard((s) => s.view !== null);
  const link = useWallboard((s) => s.link);
  const alerts = useKioskAlerts(boardId, board.alertChime);
  return (
    <>
      <header className="kiosk-header">
        <h1 className="kiosk-title">{board.name}</h1>
        <SourceHealth className="kiosk-sources" compact />
        <Clock className="kiosk-clock" />
      </header>
      <main className="kiosk-body">
        <StaleBanner className="kiosk-banner" />
        <KioskNotices boardId={boardId} alerts={alerts.sounding} tick={tick} />
        <span hidden data-testid="alert-chime" data-chime={alerts.chime} />
        {!hasView ? (
          <p role="status" className="kiosk-message" data-testid="connecting">
            {refusalText(link) ?? 'Connecting to Callboard…'}
          </p>
        ) : (
          <>
            <h2 className="sr-only">Today</h2>
            <KpiTiles board={board} queueIds={queueIds} size="kiosk" alerts={alerts.marks} />
            <div className={`kiosk-main ${agentIds.length > 0 ? 'with-agents' : ''}`}>
              <KioskQueues board={board} queueIds={queueIds} tick={tick} />
              {agentIds.length > 0 && (
                <KioskAgents board={board} queueIds={queueIds} ids={agentIds} tick={tick} />
              )}
            </div>
          </>
        )}
      </main>
    </>
  );
}
