'use client';

import { memo, useMemo } from 'react';
import { boardCallIds, callAgentExtension, callAgentKey, callQueueId } from '../../lib/board/calls';
import { maskCaller, maskName } from '../../lib/board/mask';
import type { Board } from '../../lib/board/model';
import { queueLabel } from '../../lib/board/queues';
import { useWallboard, useWallboardShallow } from '../live/StoreProvider';
import { BoardFrame } from './BoardFrame';
import { Elapsed } from './Elapsed';
import { useBoardQueueIds } from './SupervisorBoardPage';
import { TableWrap } from './TableWrap';

const PHASE: Record<string, string> = { ringing: 'Ringing', connected: 'Talking', held: 'On hold' };
const DIRECTION: Record<string, string> = {
  inbound: 'Inbound',
  outbound: 'Outbound',
  internal: 'Internal',
  inboundToOutbound: 'Forwarded out',
  unknown: '—',
};

/** `/boards/<id>/calls`: calls in progress (all of them on an "all queues" board, else the board's). */
export function CallsPage({ boardId }: { boardId: string }) {
  return (
    <BoardFrame boardId={boardId} section="calls" title={(b) => `${b.name}: calls in progress`}>
      {(board) => <Calls board={board} />}
    </BoardFrame>
  );
}

function Calls({ board }: { board: Board }) {
  const queueIds = useBoardQueueIds(board);
  const scope = useMemo(() => (board.queues === 'all' ? null : new Set(queueIds)), [board.queues, queueIds]);
  const ids = useWallboardShallow((s) =>
    boardCallIds(
      s.callIds,
      s.calls,
      queueIds.flatMap((id) => (s.queues[id] ? [s.queues[id]] : [])),
      scope,
    ),
  );
  return (
    <section aria-labelledby="calls-h" className="section">
      <h2 id="calls-h" className="section-title">
        In progress <span className="section-note">{ids.length}</span>
      </h2>
      {ids.length === 0 ? (
        <p className="notice">No calls in progress.</p>
      ) : (
        <TableWrap label="Calls in progress">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Caller</th>
                <th scope="col">Called</th>
                <th scope="col">Direction</th>
                <th scope="col">Phase</th>
                <th scope="col">Queue</th>
                <th scope="col">Agent</th>
                <th scope="col" className="num">
                  Duration
                </th>
              </tr>
            </thead>
            <tbody>
              {ids.map((id) => (
                <CallRow key={id} id={id} mask={board.maskCallers} />
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
    </section>
  );
}

const CallRow = memo(function CallRow({ id, mask }: { id: string; mask: boolean }) {
  const c = useWallboard((s) => s.calls[id]);
  const queue = useWallboard((s) => {
    if (!c) return undefined;
    const id = callQueueId(c, Object.values(s.queues));
    return id === null ? undefined : s.queues[id];
  });
  const agentExtension = useWallboard((s) => (c ? callAgentExtension(c, Object.values(s.queues)) : null));
  const agentName = useWallboard((s) =>
    agentExtension === null ? null : (s.extensions[callAgentKey(id, agentExtension)]?.name ?? null),
  );
  if (!c) return null;
  const number = mask ? maskCaller(c.caller) : c.caller;
  const name = c.callerName && mask ? maskName(c.callerName) : c.callerName;
  return (
    <tr data-testid={`call-row-${id}`} data-phase={c.phase}>
      <th scope="row">
        {name && <span className="caller-name">{name} </span>}
        <span className="caller-number">{number ?? (name ? '' : 'unknown')}</span>
      </th>
      <td>{(mask ? maskCaller(c.callee) : c.callee) ?? '—'}</td>
      <td>{DIRECTION[c.direction] ?? c.direction}</td>
      <td>
        <span className={`phase phase-${c.phase}`}>{PHASE[c.phase] ?? c.phase}</span>
      </td>
      <td>{queue ? queueLabel(queue) : (c.queue ?? '—')}</td>
      <td data-testid={`call-agent-${id}`}>
        {agentExtension === null ? (
          '—'
        ) : (
          <>
            {agentName ?? agentExtension}
            {agentName && <span className="agent-ext"> {agentExtension}</span>}
          </>
        )}
      </td>
      <td className="num">
        <Elapsed since={c.startedAt} />
      </td>
    </tr>
  );
});
