'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { memo, type ReactNode, type Ref, useMemo } from 'react';
import { abandonRateLevel, boardAbandonRate } from '../../lib/board/abandonRate';
import type { Board } from '../../lib/board/model';
import { ambiguousQueueIds, queueLabel, scopeOfKey, splitLabelSuffix } from '../../lib/board/queues';
import { describeThreshold, type Level, thresholdLevel } from '../../lib/board/threshold';
import { serviceLevelBy } from '../../lib/domain/figures';
import { longestWaitAt, type QueueView } from '../../lib/domain/view';
import { useServerNow } from '../live/clock';
import { formatDuration } from '../live/format';
import { useWallboard, useWallboardShallow } from '../live/StoreProvider';
import { useToken, withToken } from '../live/token';
import { useFormat } from './Formats';
import { GapNote } from './GapNote';
import { LevelMark, levelClass } from './LevelMark';
import { useLiveness } from './Liveness';
import { ProofAge } from './ProofAge';
import { queueHref } from './paths';
import { HEADING, type QueueColumn, SUPERVISOR_COLUMNS } from './queueColumns';
import { TableWrap } from './TableWrap';

export function QueueTableHead({
  columns,
  ref,
  kiosk = false,
}: {
  columns: readonly QueueColumn[];
  ref?: Ref<HTMLTableSectionElement>;
  kiosk?: boolean;
}) {
  return (
    <thead ref={ref}>
      <tr>
        <th scope="col" className="col-queue">
          Queue
        </th>
        {columns.map((c) => (
          <th key={c} scope="col" className="num" data-column={c}>
            {HEADING[c].long ? (
              <abbr title={HEADING[c].long}>{(kiosk && HEADING[c].kiosk) || HEADING[c].short}</abbr>
            ) : (
              (kiosk && HEADING[c].kiosk) || HEADING[c].short
            )}
          </th>
        ))}
      </tr>
    </thead>
  );
}

/** The supervisor's queue table: one row per queue, click → the queue's page. */
export function QueueTable({
  board,
  boardId,
  queueIds,
}: {
  board: Board;
  boardId: string;
  queueIds: readonly string[];
}) {
  const ambiguous = useAmbiguous(queueIds);
  return (
    <TableWrap label="Queues">
      <table className="queue-table" aria-describedby="queues-help">
        <QueueTableHead columns={SUPERVISOR_COLUMNS} />
        <tbody>
          {queueIds.map((id) => (
            <QueueRow
              key={id}
              id={id}
              board={board}
              boardId={boardId}
              columns={SUPERVISOR_COLUMNS}
              link
              showScope={ambiguous.has(id)}
            />
          ))}
        </tbody>
      </table>
      <p id="queues-help" className="help">
        Colours and shapes: ● within target, ▲ warning, ◆ critical. Select a queue for its callers, agents and
        charts.
      </p>
    </TableWrap>
  );
}

/** The ids among these whose label another one shares (stable while that does not change). */
export function useAmbiguous(queueIds: readonly string[]): ReadonlySet<string> {
  const ids = useWallboardShallow((s) =>
    ambiguousQueueIds(queueIds.flatMap((id) => (s.queues[id] ? [s.queues[id]] : []))),
  );
  return useMemo(() => new Set(ids), [ids]);
}

const STAFFED = new Set(['queueCall', 'otherCall', 'wrapUp', 'ready', 'notReady']);

function agentsCell(q: QueueView): string {
  if (!q.agents) return '—';
  let ready = 0;
  let staffed = 0;
  for (const a of q.agents) {
    if (a.state === 'ready') ready++;
    if (STAFFED.has(a.state)) staffed++;
  }
  return `${ready}/${staffed}`;
}

/** One queue's row; subscribes to that queue only. */
export const QueueRow = memo(function QueueRow({
  id,
  board,
  boardId,
  columns,
  link = false,
  showScope = false,
}: {
  id: string;
  board: Board;
  boardId: string;
  columns: readonly QueueColumn[];
  link?: boolean;
  /** Another queue has the same label: say which PBX this one is on. */
  showScope?: boolean;
}) {
  const q = useWallboard((s) => s.queues[id]);
  const liveness = useLiveness();
  const token = useToken();
  const router = useRouter();
  const f = useFormat(); // counts and shares in the board's number language
  if (!q) return null;
  const stale = !liveness.live || liveness.affected.has(id);
  const t = q.today;
  const th = board.thresholds;
  const normal = q.waiting?.filter((c) => c.kind === 'normal').length ?? null;
  const callbacks = q.waiting?.filter((c) => c.kind === 'callback').length ?? null;
  const href = withToken(queueHref(boardId, id), token);
  const cell = (c: QueueColumn) => {
    switch (c) {
      case 'waiting':
        return (
          <LevelCell key={c} figure={c} level={thresholdLevel(th.waiting, normal)}>
            {normal ?? '—'}
          </LevelCell>
        );
      case 'callbacks':
        return (
          <LevelCell key={c} figure={c} level="none">
            {callbacks ?? '—'}
          </LevelCell>
        );
      case 'longestWait':
        return <LongestWaitCell key={c} waiting={q.waiting} board={board} />;
      case 'offered':
      case 'answered':
      case 'abandoned':
        return (
          <LevelCell key={c} figure={c} level="none">
            {f.count(t[c])}
          </LevelCell>
        );
      case 'abandonRate': {
        // The board's reading over the queue's counters: t.abandonRate counts every abandon.
        const rate = boardAbandonRate(t, board.abandonRate);
        return (
          <LevelCell key={c} figure={c} level={abandonRateLevel(th.abandonRate, rate)}>
            {f.percent(rate.value)}
          </LevelCell>
        );
      }
      case 'serviceLevel': {
        // The board's formula over the queue's counters: t.serviceLevel is the default formula's.
        const sl = serviceLevelBy(t, board.serviceLevelFormula);
        return (
          <LevelCell key={c} figure={c} level={thresholdLevel(th.serviceLevel, sl)}>
            {f.percent(sl)}
          </LevelCell>
        );
      }
      case 'asa':
        return (
          <LevelCell key={c} figure={c} level={thresholdLevel(th.asaSeconds, t.asaSeconds)}>
            {formatDuration(t.asaSeconds)}
          </LevelCell>
        );
      case 'aht':
        return (
          <LevelCell key={c} figure={c} level="none">
            {formatDuration(t.ahtSeconds)}
          </LevelCell>
        );
      case 'agents':
        return (
          <LevelCell key={c} figure={c} level="none">
            {agentsCell(q)}
          </LevelCell>
        );
      case 'slaBreaches':
        return (
          <LevelCell key={c} figure={c} level={thresholdLevel(th.slaBreaches, t.slaBreaches)}>
            {t.slaBreaches}
          </LevelCell>
        );
      default:
        return null;
    }
  };
  return (
    <tr
      data-testid={`queue-row-${id}`}
      data-queue={id}
      data-stale={stale ? 'true' : 'false'}
      className={`queue-row ${stale ? 'is-stale' : ''} ${link ? 'is-link' : ''}`}
      onClick={
        link
          ? (e) => {
              if ((e.target as HTMLElement).closest('a')) return;
              router.push(href);
            }
          : undefined
      }
    >
      <th scope="row" className="col-queue">
        {link ? (
          <Link href={href} className="queue-link">
            {queueLabel(q)}
          </Link>
        ) : (
          <KioskQueueName
            label={queueLabel(q)}
            number={q.name ? q.number : null}
            scope={showScope ? scopeOfKey(id) : null}
          />
        )}
        {link && q.name && q.number && <span className="queue-number"> {q.number}</span>}
        {link && showScope && <span className="queue-number"> · {scopeOfKey(id)}</span>}
        {stale && <span className="sr-only"> (not live)</span>}
        <ProofAge queueIds={[id]} />
        <GapNote queueIds={[id]} />
      </th>
      {columns.map(cell)}
    </tr>
  );
});

/**
 * The wall's queue name: the name and number on the first line, the source part of the name ("(PortSIP
 * webhook)") and the scope on a second, so a long name wraps at its seam instead of being cut.
 */
function KioskQueueName({
  label,
  number,
  scope,
}: {
  label: string;
  number: string | null;
  scope: string | null;
}) {
  const { main, suffix } = splitLabelSuffix(label);
  const second = [suffix, scope].filter(Boolean).join(' · ');
  return (
    <>
      <span className="queue-name">{main}</span>
      {number && <span className="queue-number"> {number}</span>}
      {second && (
        <span className="queue-source">
          <span className="sr-only"> (</span>
          {second}
          <span className="sr-only">)</span>
        </span>
      )}
    </>
  );
}

function LevelCell({ figure, level, children }: { figure: string; level: Level; children: ReactNode }) {
  return (
    <td data-figure={figure} data-level={level} className={`num ${levelClass(level)}`}>
      <span className="cell-value">{children}</span>
      <LevelMark level={level} className="cell-mark" />
    </td>
  );
}

/** The row's one ticking cell. */
function LongestWaitCell({ waiting, board }: { waiting: QueueView['waiting']; board: Board }) {
  const now = useServerNow();
  const seconds = now === null ? null : longestWaitAt({ waiting }, now);
  const th = board.thresholds.longestWaitSeconds;
  const level = thresholdLevel(th, seconds);
  return (
    <td
      data-figure="longestWait"
      data-level={level}
      className={`num ${levelClass(level)}`}
      title={describeThreshold(th, formatDuration) ?? undefined}
    >
      <span className="cell-value">{waiting === null ? '—' : formatDuration(seconds)}</span>
      <LevelMark level={level} className="cell-mark" />
    </td>
  );
}
