'use client';

import { useMemo, useRef } from 'react';
import type { Board } from '../../lib/board/model';
import { cardsThatFit, pageAt, paginate, rowsThatFit } from '../../lib/board/paginate';
import { AgentCard } from '../board/AgentCard';
import { QueueRow, QueueTableHead, useAmbiguous } from '../board/QueueTable';
import { KIOSK_COLUMNS } from '../board/queueColumns';
import { useAgentIds } from '../board/useAgentIds';
import { heightOf, useMeasure, widthOf } from './useFit';

/**
 * Kiosk lists: as many rows (cards) as the measured space holds — never a fixed count, never a
 * scrollbar, never smaller text. More than that rotate a page per `rotationSeconds`, with the page
 * number shown.
 */
export function KioskQueues({
  board,
  queueIds,
  tick,
}: {
  board: Board;
  queueIds: readonly string[];
  tick: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const head = useRef<HTMLTableSectionElement>(null);
  const probe = useRef<HTMLDivElement>(null);
  const perPage = useMeasure(
    [box, probe],
    () => rowsThatFit(heightOf(box) - heightOf(head), heightOf(probe)),
    1,
  );
  const ambiguous = useAmbiguous(queueIds);
  const pages = paginate(queueIds, perPage);
  const page = pageAt(tick, pages.length);
  return (
    <section className="kiosk-panel kiosk-queues" aria-labelledby="kiosk-queues-h">
      <div className="kiosk-panel-head">
        <h2 id="kiosk-queues-h">Queues</h2>
        <PageIndicator list="queues" page={page} pages={pages.length} />
      </div>
      <div className="kiosk-fill" ref={box}>
        <div className="kiosk-row-probe" ref={probe} aria-hidden="true" />
        <table className="queue-table kiosk-table" data-per-page={perPage}>
          <QueueTableHead columns={KIOSK_COLUMNS} ref={head} kiosk />
          <tbody>
            {(pages[page] ?? []).map((id) => (
              <QueueRow
                key={id}
                id={id}
                board={board}
                boardId=""
                columns={KIOSK_COLUMNS}
                showScope={ambiguous.has(id)}
              />
            ))}
          </tbody>
        </table>
        {queueIds.length === 0 && <p className="kiosk-notice">No queues reported yet.</p>}
      </div>
    </section>
  );
}

export function useKioskAgentIds(board: Board, queueIds: readonly string[]): readonly string[] {
  const filter = useMemo(
    () => ({ boardQueues: board.queues === 'all' ? null : new Set(queueIds), queue: null, states: null }),
    [board.queues, queueIds],
  );
  return useAgentIds(filter, 'state');
}

export function KioskAgents({
  board,
  queueIds,
  ids,
  tick,
}: {
  board: Board;
  queueIds: readonly string[];
  ids: readonly string[];
  tick: number;
}) {
  const box = useRef<HTMLDivElement>(null);
  const probe = useRef<HTMLDivElement>(null);
  const scope = useMemo(() => (board.queues === 'all' ? null : new Set(queueIds)), [board.queues, queueIds]);
  const fit = useMeasure(
    [box, probe],
    () => {
      const style = probe.current ? getComputedStyle(probe.current) : null;
      const gap = style ? Number.parseFloat(style.columnGap) || 0 : 0;
      const f = cardsThatFit(
        { width: widthOf(box), height: heightOf(box) },
        { minWidth: widthOf(probe), height: heightOf(probe), gap },
      );
      // Columns and rows packed in one number so the layout changes in one update.
      return f.columns * 1000 + f.rows;
    },
    1001,
  );
  const columns = Math.floor(fit / 1000);
  const rows = fit % 1000;
  const pages = paginate(ids, columns * rows);
  const page = pageAt(tick, pages.length);
  return (
    <section className="kiosk-panel kiosk-agents" aria-labelledby="kiosk-agents-h">
      <div className="kiosk-panel-head">
        <h2 id="kiosk-agents-h">Agents</h2>
        <PageIndicator list="agents" page={page} pages={pages.length} />
      </div>
      <div className="kiosk-fill" ref={box}>
        <div className="kiosk-card-probe" ref={probe} aria-hidden="true" />
        <ul
          className="kiosk-agent-grid"
          style={{
            gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${rows}, minmax(0, 1fr))`,
          }}
          data-per-page={columns * rows}
          aria-label="Agents"
        >
          {(pages[page] ?? []).map((id) => (
            <AgentCard
              key={id}
              id={id}
              scope={scope}
              mask={board.maskCallers}
              limits={board.agentThresholds}
              size="kiosk"
            />
          ))}
        </ul>
      </div>
    </section>
  );
}

export function PageIndicator({
  list,
  page,
  pages,
  compact = false,
}: {
  list: string;
  page: number;
  pages: number;
  /** "2/3" and its dots stacked, for a narrow column beside a list. */
  compact?: boolean;
}) {
  return (
    <p
      className={`page-indicator ${compact ? 'page-indicator-compact' : ''}`}
      data-testid={`page-indicator-${list}`}
      data-page={page + 1}
      data-pages={pages}
      hidden={pages <= 1}
    >
      <span>
        {compact ? <span className="sr-only">Page </span> : 'Page '}
        {page + 1}/{pages}
      </span>
      <span className="page-dots" aria-hidden="true">
        {Array.from({ length: Math.min(pages, 12) }, (_, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: the dots are positions
          <span key={i} className={i === page ? 'dot is-current' : 'dot'} />
        ))}
      </span>
    </p>
  );
}
