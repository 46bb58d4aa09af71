'use client';

import { type CSSProperties, type ReactNode, useMemo } from 'react';
import { abandonRateLevel, abandonRateText } from '../../lib/board/abandonRate';
import { type BoardKpis, boardKpis, type EarliestWait, longestWaitFrom } from '../../lib/board/kpis';
import type { Board, Tile as TileName } from '../../lib/board/model';
import { describeThreshold, describeThresholdMarks, thresholdLevel } from '../../lib/board/threshold';
import { AGENT_STATES, type AgentState } from '../../lib/domain/events';
import { SERVICE_LEVEL_FORMULAS } from '../../lib/domain/figures';
import type { QueueView } from '../../lib/domain/view';
import type { AlertMark } from '../alerts/glass';
import { useServerNow } from '../live/clock';
import { formatDuration } from '../live/format';
import { useWallboardShallow } from '../live/StoreProvider';
import { useFormat } from './Formats';
import { GapNote } from './GapNote';
import { useLive } from './Liveness';
import { AGENT_STATE_GLYPH, AGENT_STATE_LABEL, TILE_LABEL } from './labels';
import { ProofAge } from './ProofAge';
import { Tile } from './Tile';

const secs = (v: number) => `${v} s`;

/** The board's KPI tiles, in the board's order, over the given queues. */
export function KpiTiles({
  board,
  queueIds,
  size = 'normal',
  alerts,
}: {
  board: Board;
  queueIds: readonly string[];
  size?: 'normal' | 'kiosk';
  /** Tiles with an open alert on their figure (components/alerts/glass.ts). */
  alerts?: Readonly<Record<string, AlertMark>>;
}) {
  const queues = useWallboardShallow((s) =>
    queueIds.flatMap((id) => {
      const q = s.queues[id];
      return q ? [q] : [];
    }),
  );
  const formula = board.serviceLevelFormula;
  const abandon = board.abandonRate;
  const k = useMemo(() => boardKpis(queues as QueueView[], formula, abandon), [queues, formula, abandon]);
  const stale = !useLive(queueIds);
  // One element for every tile, so that a memoised tile still skips a render its figures do not need.
  const age = useMemo(
    () => (
      <>
        <ProofAge queueIds={queueIds} />
        {/* The wall has no queue row to say it beside: each tile says it, small, its first span. */}
        {size === 'kiosk' && <GapNote queueIds={queueIds} max={1} />}
      </>
    ),
    [queueIds, size],
  );
  return (
    <div
      className={`tiles tiles-${size}`}
      data-count={board.tiles.length}
      style={
        size === 'kiosk'
          ? ({ '--tile-columns': kioskColumns(board.tiles.length) } as CSSProperties)
          : undefined
      }
    >
      {board.tiles.map((t) => (
        <KpiTile
          key={t}
          tile={t}
          k={k}
          board={board}
          stale={stale}
          size={size}
          age={age}
          alert={alerts?.[t]}
        />
      ))}
    </div>
  );
}

/** Kiosk tiles: at most 6 per row, rows as even as they can be (11 → 6 + 5, 8 → 4 + 4). */
function kioskColumns(n: number): number {
  const rows = Math.max(1, Math.ceil(n / 6));
  return Math.max(1, Math.ceil(n / rows));
}

function KpiTile({
  tile,
  k,
  board,
  stale,
  size,
  age,
  alert,
}: {
  tile: TileName;
  k: BoardKpis;
  board: Board;
  stale: boolean;
  size: 'normal' | 'kiosk';
  age: ReactNode;
  alert: AlertMark | undefined;
}) {
  const th = board.thresholds;
  const common = { name: tile, label: TILE_LABEL[tile], stale, size, age, alert };
  const thresholdText = size === 'kiosk' ? describeThresholdMarks : describeThreshold;
  // Counts and shares in the board's number language (Settings → General).
  const f = useFormat();
  const pct = (v: number) => f.percent(v);
  switch (tile) {
    case 'waiting':
      return (
        <Tile
          {...common}
          value={f.count(k.waitingNormal)}
          level={thresholdLevel(th.waiting, k.waitingNormal)}
          threshold={thresholdText(th.waiting, String)}
          detail={k.waitingPartial ? 'some queues cannot see their waiting list' : undefined}
        >
          <p className="tile-sub" data-figure="callbacks">
            + {k.waitingCallback === null ? '—' : k.waitingCallback}{' '}
            {k.waitingCallback === 1 ? 'callback' : 'callbacks'}
          </p>
        </Tile>
      );
    case 'longestWait':
      return <LongestWaitTile {...common} earliest={k.earliestWait} board={board} />;
    case 'serviceLevel':
      return (
        <Tile
          {...common}
          value={f.percent(k.serviceLevel)}
          level={thresholdLevel(th.serviceLevel, k.serviceLevel)}
          threshold={thresholdText(th.serviceLevel, pct)}
          detail={
            // The board's own formula, printed from its one definition; data-formula for the tests.
            <span data-formula={k.serviceLevelFormula}>
              {SERVICE_LEVEL_FORMULAS[k.serviceLevelFormula].text}
              {k.serviceLevel !== null && (
                <>
                  {' '}
                  = {k.answeredWithinSla} ÷ {k.serviceLevelDenominator}
                </>
              )}
            </span>
          }
        />
      );
    case 'offered':
      return (
        <Tile {...common} value={f.count(k.offered)} level="none" detail="calls that entered a queue today" />
      );
    case 'answered':
      return <Tile {...common} value={f.count(k.answered)} level="none" />;
    case 'abandoned':
      return (
        <Tile
          {...common}
          value={f.count(k.abandoned)}
          level="none"
          detail={`${k.shortAbandoned} short (≤ short-abandon seconds)`}
        />
      );
    case 'abandonRate':
      return (
        <Tile
          {...common}
          value={f.percent(k.abandonRate)}
          level={abandonRateLevel(th.abandonRate, k.abandon)}
          threshold={thresholdText(th.abandonRate, pct)}
          detail={
            // The board's reading and, under its minimum volume, why there is no level; data-* for tests.
            <span data-short-abandons={k.abandonSettings.countShortAbandons ? 'count' : 'excluded'}>
              {abandonRateText(k.abandon, k.abandonSettings)}
            </span>
          }
        />
      );
    case 'asa':
      return (
        <Tile
          {...common}
          value={formatDuration(k.asaSeconds)}
          level={thresholdLevel(th.asaSeconds, k.asaSeconds)}
          threshold={thresholdText(th.asaSeconds, secs)}
          detail="average speed of answer: mean wait of answered calls"
        />
      );
    case 'aht':
      return (
        <Tile
          {...common}
          value={formatDuration(k.ahtSeconds)}
          level="none"
          detail="average handle time: talk + hold + wrap-up"
        />
      );
    case 'agents':
      return <AgentsTile {...common} counts={k.agents} />;
    case 'slaBreaches':
      return (
        <Tile
          {...common}
          value={f.count(k.slaBreaches)}
          level={thresholdLevel(th.slaBreaches, k.slaBreaches)}
          threshold={thresholdText(th.slaBreaches, String)}
          detail="callers the PBX reported over the SLA time"
        />
      );
    default:
      return null;
  }
}

/** The one tile that ticks: it alone re-renders each second. */
function LongestWaitTile({
  earliest,
  board,
  ...common
}: {
  name: string;
  label: string;
  stale: boolean;
  age?: ReactNode;
  alert: AlertMark | undefined;
  size: 'normal' | 'kiosk';
  earliest: EarliestWait;
  board: Board;
}) {
  const now = useServerNow();
  const seconds = now === null ? null : longestWaitFrom(earliest, now);
  const th = board.thresholds.longestWaitSeconds;
  const thresholdText = common.size === 'kiosk' ? describeThresholdMarks : describeThreshold;
  const shown = earliest === 'unknown' ? '—' : formatDuration(seconds);
  return (
    <Tile
      {...common}
      valueChars={shown.length}
      value={<span data-earliest={typeof earliest === 'number' ? earliest : earliest}>{shown}</span>}
      level={thresholdLevel(th, earliest === 'unknown' ? null : seconds)}
      threshold={thresholdText(th, (v) => formatDuration(v))}
      detail={earliest === 'nobody' ? 'nobody is waiting' : 'of the callers waiting now (not callbacks)'}
    />
  );
}

const STAFFED: readonly AgentState[] = ['queueCall', 'otherCall', 'wrapUp', 'ready', 'notReady'];

function AgentsTile({
  counts,
  size,
  ...common
}: {
  name: string;
  label: string;
  stale: boolean;
  age?: ReactNode;
  alert: AlertMark | undefined;
  size: 'normal' | 'kiosk';
  counts: Record<AgentState, number> | null;
}) {
  const f = useFormat();
  const staffed = counts === null ? null : STAFFED.reduce((n, s) => n + counts[s], 0);
  return (
    <Tile
      {...common}
      size={size}
      value={f.count(staffed)}
      level="none"
      detail={counts === null ? 'unknown' : 'signed in (not logged out or offline)'}
    >
      {counts && (
        <ul className="agent-counts" aria-label="Agents by state">
          {(size === 'kiosk' ? STAFFED : AGENT_STATES).map((s) => (
            <li key={s} data-state={s} className={`agent-count state-${s}`}>
              {size === 'kiosk' && (
                <span className="agent-count-glyph" aria-hidden="true">
                  {AGENT_STATE_GLYPH[s]}
                </span>
              )}
              <span className="agent-count-label">{AGENT_STATE_LABEL[s]}</span>
              <span className="agent-count-value tabular-nums">{counts[s]}</span>
            </li>
          ))}
        </ul>
      )}
    </Tile>
  );
}
