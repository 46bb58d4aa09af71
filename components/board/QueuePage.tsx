'use client';

import Link from 'next/link';
import { memo, useMemo } from 'react';
import { notReadyReason, readyWhileOffline } from '../../lib/board/agents';
import type { AgentThresholds } from '../../lib/board/agentThresholds';
import { maskCallerText, showCaller } from '../../lib/board/mask';
import type { Board } from '../../lib/board/model';
import { queueLabel, scopeOfKey } from '../../lib/board/queues';
import { queueSeries } from '../../lib/board/series';
import type { QueueView } from '../../lib/domain/view';
import { QueueCharts } from '../charts/QueueCharts';
import { useWallboard } from '../live/StoreProvider';
import { useToken, withToken } from '../live/token';
import { BoardFrame } from './BoardFrame';
import { Elapsed } from './Elapsed';
import { useFormat } from './Formats';
import { GapNote } from './GapNote';
import { KpiTiles } from './KpiTiles';
import { useLive } from './Liveness';
import { AGENT_STATE_GLYPH, AGENT_STATE_LABEL } from './labels';
import { boardHref } from './paths';
import { QueueAgentToday } from './QueueAgentToday';
import { TableWrap } from './TableWrap';
import { TimeInState } from './TimeInState';

/** `/boards/<id>/queues/<queue>`: one queue's figures, waiting callers, agents and day charts. */
export function QueuePage({ boardId, queueId }: { boardId: string; queueId: string }) {
  return (
    <BoardFrame boardId={boardId} section="queues" title={() => <QueueTitle id={queueId} />}>
      {(board) => <QueueDetail board={board} boardId={boardId} queueId={queueId} />}
    </BoardFrame>
  );
}

function QueueTitle({ id }: { id: string }) {
  const q = useWallboard((s) => s.queues[id]);
  if (!q) return <>Queue {id}</>;
  return (
    <>
      {queueLabel(q)}
      {q.name && q.number && <span className="page-title-note"> {q.number}</span>}
    </>
  );
}

/**
 * Stays closed as "ended, unknown" today: the source lost track of them (a reconnect, no news for
 * hours). Counted apart, never as answered or abandoned (docs/metrics.md, "Lost track").
 */
function LostTrack({ queueId }: { queueId: string }) {
  const lost = useWallboard((s) => s.queues[queueId]?.today.lostTrack);
  const f = useFormat();
  return (
    <p className="tile-detail" data-figure="lostTrack">
      Ended, unknown (lost track) today: {lost === undefined ? '—' : f.count(lost)}
    </p>
  );
}

function QueueDetail({ board, boardId, queueId }: { board: Board; boardId: string; queueId: string }) {
  const token = useToken();
  const exists = useWallboard((s) => s.queues[queueId] !== undefined);
  const ids = useMemo(() => [queueId], [queueId]);
  return (
    <>
      <p className="breadcrumb">
        <Link href={withToken(boardHref(boardId), token)}>
          <span aria-hidden="true">← </span>All queues of {board.name}
        </Link>
      </p>
      {!exists ? (
        <p className="notice" data-testid="queue-unknown">
          No source reports this queue (yet).
        </p>
      ) : (
        <>
          <section aria-labelledby="q-today" className="section">
            <h2 id="q-today" className="section-title">
              Today
              <GapNote queueIds={ids} />
            </h2>
            <KpiTiles board={board} queueIds={ids} />
            <LostTrack queueId={queueId} />
          </section>
          <div className="two-columns">
            <WaitingCallers board={board} queueId={queueId} />
            <QueueAgents board={board} queueId={queueId} />
          </div>
          <section aria-labelledby="q-charts" className="section">
            <h2 id="q-charts" className="section-title">
              Through the day
            </h2>
            <Charts board={board} queueId={queueId} />
          </section>
        </>
      )}
    </>
  );
}

function Charts({ board, queueId }: { board: Board; queueId: string }) {
  const rows = useWallboard((s) => s.buckets[queueId]);
  const range = useWallboard((s) => s.bucketRange);
  const formula = board.serviceLevelFormula;
  const series = useMemo(() => queueSeries(rows ?? [], range, formula), [rows, range, formula]);
  return <QueueCharts series={series} />;
}

function WaitingCallers({ board, queueId }: { board: Board; queueId: string }) {
  const waiting = useWallboard((s) => s.queues[queueId]?.waiting ?? null);
  const live = useLive([queueId]);
  return (
    <section aria-labelledby="q-waiting" className={`section ${live ? '' : 'is-stale'}`} data-stale={!live}>
      <h2 id="q-waiting" className="section-title">
        Waiting callers <span className="section-note">{waiting === null ? 'unknown' : waiting.length}</span>
      </h2>
      {waiting === null ? (
        <p className="notice">This queue&apos;s sources cannot see its waiting list.</p>
      ) : waiting.length === 0 ? (
        <p className="notice">Nobody is waiting.</p>
      ) : (
        <TableWrap label="Waiting callers">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Position
                </th>
                <th scope="col">Caller</th>
                <th scope="col" className="num">
                  Waiting
                </th>
                <th scope="col">Type</th>
              </tr>
            </thead>
            <tbody>
              {waiting.map((c, i) => {
                const shown = showCaller(c.caller, c.callerName, board.maskCallers);
                return (
                  <tr key={c.sessionId} data-testid={`waiting-caller-${c.sessionId}`} data-kind={c.kind}>
                    <td className="num">{c.position ?? i + 1}</td>
                    <th scope="row" className="caller">
                      {shown.name && <span className="caller-name">{shown.name} </span>}
                      <span className="caller-number">
                        {shown.number ?? (shown.name ? '' : 'unknown number')}
                      </span>
                    </th>
                    <td className="num">
                      <Elapsed since={c.since} />
                    </td>
                    <td>{c.kind === 'callback' ? 'Callback requested' : 'On hold'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

function QueueAgents({ board, queueId }: { board: Board; queueId: string }) {
  const agents = useWallboard((s) => s.queues[queueId]?.agents ?? null);
  const live = useLive([queueId]);
  const scope = scopeOfKey(queueId);
  return (
    <section aria-labelledby="q-agents" className={`section ${live ? '' : 'is-stale'}`} data-stale={!live}>
      <h2 id="q-agents" className="section-title">
        Agents <span className="section-note">{agents === null ? 'unknown' : agents.length}</span>
      </h2>
      {agents === null ? (
        <p className="notice">This queue&apos;s sources cannot see its agents.</p>
      ) : agents.length === 0 ? (
        <p className="notice">No agents in this queue.</p>
      ) : (
        <TableWrap label="Agents of this queue">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Agent</th>
                <th scope="col">State</th>
                <th scope="col" className="num">
                  In state
                </th>
                <th scope="col">Current caller</th>
                <th scope="col" className="num">
                  Answered
                </th>
                <th scope="col" className="num">
                  Missed
                </th>
                <th scope="col" className="num">
                  AHT
                </th>
                <th scope="col" className="num">
                  Longest call
                </th>
              </tr>
            </thead>
            <tbody>
              {agents.map((a) => (
                <QueueAgentRow
                  key={a.extension}
                  agent={a}
                  extensionId={`${scope}/${a.extension}`}
                  mask={board.maskCallers}
                  limits={board.agentThresholds}
                />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

type QueueAgent = NonNullable<QueueView['agents']>[number];

/** One agent of the queue: re-renders when the agent (same object while unchanged) or its phone change. */
const QueueAgentRow = memo(function QueueAgentRow({
  agent: a,
  extensionId,
  mask,
  limits,
}: {
  agent: QueueAgent;
  extensionId: string;
  mask: boolean;
  limits: AgentThresholds;
}) {
  const extension = useWallboard((s) => s.extensions[extensionId]);
  const flagged = readyWhileOffline(a.state, extension);
  const reason = notReadyReason(a.state, extension);
  return (
    <tr
      data-testid={`queue-agent-${a.extension}`}
      data-state={a.state}
      data-flag={flagged ? 'ready-offline' : undefined}
    >
      <th scope="row">
        {a.name ?? a.extension}
        {a.name && <span className="agent-ext"> {a.extension}</span>}
      </th>
      <td>
        <span className={`state-badge state-${a.state}`}>
          <span aria-hidden="true">{AGENT_STATE_GLYPH[a.state]} </span>
          {AGENT_STATE_LABEL[a.state]}
        </span>
        {reason && (
          <span className="agent-reason" data-testid={`queue-agent-reason-${a.extension}`}>
            {' '}
            · {reason}
          </span>
        )}
        {flagged && (
          <span className="agent-flag-inline lvl-warn">
            {' '}
            <span aria-hidden="true">▲</span> phone offline
          </span>
        )}
      </td>
      <td className="num">
        <TimeInState state={a.state} since={a.since} limits={limits} className="agent-time" />
      </td>
      <td>{(mask ? maskCallerText(a.caller) : a.caller) ?? '—'}</td>
      <QueueAgentToday today={a.today} />
    </tr>
  );
});
