'use client';

import { type AgentThresholds, agentLevel } from '../../lib/board/agentThresholds';
import type { AgentState } from '../../lib/domain/events';
import { useElapsed } from '../live/clock';
import { formatDuration } from '../live/format';
import { LevelMark, levelClass } from './LevelMark';

/**
 * An agent's time in state (server now − since, the screen's clock corrected by the server's offset),
 * ticking in this leaf only, with the board's long-call / wrap-up / not-ready level as colour AND
 * shape (warn ▲, critical ◆; within the limit shows nothing, `data-level` still says 'ok'). The card around it takes the level's edge from CSS (`:has`), so the card does not re-render
 * each second.
 */
export function TimeInState({
  state,
  since,
  limits,
  className = '',
}: {
  state: AgentState;
  since: number | null;
  limits: AgentThresholds;
  className?: string;
}) {
  const seconds = useElapsed(since);
  const level = agentLevel(limits, state, seconds);
  // Within the limit is the normal case for most agents: no mark, or every card would carry a dot.
  const shown = level === 'ok' ? 'none' : level;
  return (
    <span className={`tabular-nums time-in-state ${levelClass(shown)} ${className}`} data-level={level}>
      {since === null ? '—' : seconds === null ? '' : formatDuration(seconds)}
      <LevelMark level={shown} />
    </span>
  );
}
