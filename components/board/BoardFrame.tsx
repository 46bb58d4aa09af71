'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type ReactNode, useEffect } from 'react';
import type { Board } from '../../lib/board/model';
import { DEFAULT_BOARD_ID } from '../../lib/board/model';
import { FloorBanner } from '../floor/FloorBanner';
import { refusalText } from '../live/refusal';
import { useWallboard } from '../live/StoreProvider';
import { useToken, withToken } from '../live/token';
import { AccountNav } from '../nav/AccountNav';
import { Clock } from './Clock';
import { FormatsProvider } from './Formats';
import { LivenessProvider } from './Liveness';
import { agentsHref, boardHref, callsHref, kioskHref } from './paths';
import { SourceHealth } from './SourceHealth';
import { StaleBanner } from './StaleBanner';
import { useBoard, useBoardList } from './useBoard';

export type Section = 'queues' | 'agents' | 'calls';

/**
 * The supervisor pages' frame: loads the board (loading and error states, never a blank page), sets
 * its theme, and puts the header (board, pages, sources, clock) and the stale banner above the page.
 */
export function BoardFrame({
  boardId,
  section,
  title,
  children,
}: {
  boardId: string;
  section: Section;
  /** The page's h1; the board's name when omitted. */
  title?: (board: Board) => ReactNode;
  children: (board: Board) => ReactNode;
}) {
  const entry = useBoard(boardId);
  const board = entry.status === 'ready' ? entry.board : null;
  useEffect(() => {
    if (board) document.title = `${board.name} · Callboard`;
  }, [board]);
  if (!board) {
    return (
      <div data-theme="dark" className="app">
        <main className="app-main">
          {entry.status === 'loading' ? (
            <p role="status" className="notice" data-testid="board-loading">
              Loading board…
            </p>
          ) : (
            <BoardError
              boardId={boardId}
              error={entry.status === 'error' ? entry.error : ''}
              status={entry.status === 'error' ? entry.code : 0}
            />
          )}
        </main>
      </div>
    );
  }
  return (
    <FormatsProvider>
      <LivenessProvider>
        <div data-theme={board.theme} className="app">
          <a href="#main" className="skip-link">
            Skip to the figures
          </a>
          <Header boardId={boardId} board={board} section={section} />
          <main id="main" className="app-main">
            <StaleBanner />
            <FloorBanner boardId={boardId} max={10} />
            <h1 className="page-title">{title ? title(board) : board.name}</h1>
            <Connecting>{children(board)}</Connecting>
          </main>
        </div>
      </LivenessProvider>
    </FormatsProvider>
  );
}

/** Until the first snapshot there are no figures: say so instead of showing zeros. */
function Connecting({ children }: { children: ReactNode }) {
  const hasView = useWallboard((s) => s.view !== null);
  const link = useWallboard((s) => s.link);
  // A revoked display shows no figures, even those it had (lib/board/stale.ts `revoked`).
  if (hasView && link !== 'revoked') return <>{children}</>;
  return (
    <p role="status" className="notice" data-testid={link === 'revoked' ? 'revoked' : 'connecting'}>
      {refusalText(link) ?? 'Connecting to Callboard…'}
    </p>
  );
}

export function BoardError({ boardId, error, status }: { boardId: string; error: string; status: number }) {
  const token = useToken();
  return (
    <div role="alert" className="board-error" data-testid="board-error" data-status={status}>
      <h1 className="page-title">This board cannot be shown</h1>
      <p>{error}</p>
      <p className="help">
        {status === 404 ? 'Check the address, or pick another board.' : 'Trying again by itself…'}
      </p>
      {boardId !== DEFAULT_BOARD_ID && (
        <p>
          <Link href={withToken('/', token)}>Go to the default board</Link>
        </p>
      )}
    </div>
  );
}

function Header({ boardId, board, section }: { boardId: string; board: Board; section: Section }) {
  const token = useToken();
  const links: { id: Section; label: string; href: string }[] = [
    { id: 'queues', label: 'Queues', href: boardHref(boardId) },
    { id: 'agents', label: 'Agents', href: agentsHref(boardId) },
    { id: 'calls', label: 'Calls', href: callsHref(boardId) },
  ];
  return (
    <header className="app-header">
      <div className="app-brand">
        <Link href={withToken(boardHref(boardId), token)} className="app-board-name">
          {board.name}
        </Link>
        <span className="app-product">Callboard</span>
      </div>
      <nav aria-label="Board pages" className="app-nav">
        <ul>
          {links.map((l) => (
            <li key={l.id}>
              <Link href={withToken(l.href, token)} aria-current={section === l.id ? 'page' : undefined}>
                {l.label}
              </Link>
            </li>
          ))}
          <li>
            <Link href={withToken(kioskHref(boardId), token)}>Kiosk view</Link>
          </li>
        </ul>
      </nav>
      <BoardSwitcher boardId={boardId} />
      <AccountNav showBoards={false} />
      <SourceHealth className="app-sources" />
      <Clock className="app-clock" />
    </header>
  );
}

function BoardSwitcher({ boardId }: { boardId: string }) {
  useBoardList();
  const list = useWallboard((s) => s.boardList);
  const router = useRouter();
  const token = useToken();
  if (!list || list.length < 2) return null;
  return (
    <label className="board-switcher">
      <span>Board</span>
      <select value={boardId} onChange={(e) => router.push(withToken(boardHref(e.target.value), token))}>
        {list.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
    </label>
  );
}
