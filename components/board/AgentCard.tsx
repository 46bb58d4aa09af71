'use client';

import { memo, useMemo } from 'react';
import { agentTallyOf } from '../../lib/board/agentFigures';
import { agentNow, notReadyReason, readyWhileOffline } from '../../lib/board/agents';
import type { AgentThresholds } from '../../lib/board/agentThresholds';
import { formatDuration } from '../../lib/board/format';
import { maskCallerText } from '../../lib/board/mask';
import { useWallboard } from '../live/StoreProvider';
import { useLiveness } from './Liveness';
import { AGENT_STATE_GLYPH, AGENT_STATE_LABEL } from './labels';
import { TimeInState } from './TimeInState';

/**
 * One agent, coloured by state, with the state's glyph and name (never colour alone) and time in
 * state, marked warn / critical past the board's time-in-state thresholds. Subscribes to its own agent and extension only: another agent's change does not touch it.
 */
export const AgentCard = memo(function AgentCard({
  id,
  scope,
  mask,
  limits,
  size = 'normal',
}: {
  id: string;
  /** The queues to judge the agent's state over (the board's, or the filtered queue); null: all. */
  scope: ReadonlySet<string> | null;
  mask: boolean;
  /** The board's time-in-state thresholds (long call, wrap-up, not ready). */
  limits: AgentThresholds;
  size?: 'normal' | 'kiosk';
}) {
  const agent = useWallboard((s) => s.agents[id]);
  const extension = useWallboard((s) => s.extensions[id]);
  const now = useMemo(() => (agent ? agentNow(agent, scope) : null), [agent, scope]);
  const tally = useMemo(
    () => (agent ? agentTallyOf(agent.queues.filter((m) => !scope || scope.has(m.queue))) : null),
    [agent, scope],
  );
  const liveness = useLiveness();
  if (!agent || !now) return null;
  const stale = !liveness.live || now.queues.some((q) => liveness.affected.has(q));
  const flagged = readyWhileOffline(now.state, extension);
  const caller = mask ? maskCallerText(now.caller) : now.caller;
  const reason = notReadyReason(now.state, extension);
  return (
    <li
      data-testid={`agent-card-${id}`}
      data-state={now.state}
      data-flag={flagged ? 'ready-offline' : undefined}
      data-stale={stale ? 'true' : 'false'}
      className={`agent-card agent-card-${size} state-${now.state} ${flagged ? 'is-flagged' : ''} ${stale ? 'is-stale' : ''}`}
    >
      <p className="agent-head">
        {/* On the wall the head keeps its size for the number; the name gets a line of its own. */}
        <span className="agent-name">
          {size === 'kiosk' ? agent.extension : (agent.name ?? agent.extension)}
          {size !== 'kiosk' && agent.name && <span className="agent-ext"> {agent.extension}</span>}
        </span>
        <TimeInState state={now.state} since={now.since} limits={limits} className="agent-time" />
      </p>
      {size === 'kiosk' && agent.name && <p className="agent-person">{agent.name}</p>}
      <p className="agent-state">
        <span aria-hidden="true" className="agent-glyph">
          {AGENT_STATE_GLYPH[now.state]}
        </span>{' '}
        {AGENT_STATE_LABEL[now.state]}
      </p>
      {/* Not Ready has no caller: its reason takes the caller's line. */}
      {reason && (
        <p className="agent-caller agent-reason" data-testid={`agent-reason-${id}`}>
          {reason}
        </p>
      )}
      {caller && (
        <p className="agent-caller">
          <span className="agent-caller-with">with </span>
          {caller}
        </p>
      )}
      {tally && (
        // Today in the queues looked at (docs/metrics.md, "Per-agent figures"); the wall has room for the count only.
        <p className="agent-tally tabular-nums" data-testid={`agent-tally-${id}`}>
          {tally.answered} answered
          {size !== 'kiosk' && tally.ahtSeconds !== null && ` · AHT ${formatDuration(tally.ahtSeconds)}`}
        </p>
      )}
      {flagged && (
        <p className="agent-flag" data-testid={`agent-flag-${id}`}>
          <span aria-hidden="true">▲</span> Ready, but the phone is offline
        </p>
      )}
    </li>
  );
});
