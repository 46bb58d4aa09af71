'use client';

import { agentAhtSeconds } from '../../lib/domain/agentDay';
import type { AgentTodayView } from '../../lib/domain/agentView';
import { useFormat } from './Formats';

/**
 * The agent's figures today in this queue only (docs/metrics.md, "Per-agent figures"): answered, missed, AHT
 * from the raw sums, longest call. "—" when the server sends no figures.
 */
export function QueueAgentToday({ today }: { today: AgentTodayView | undefined }) {
  const f = useFormat();
  if (!today)
    return (
      <>
        <td className="num">—</td>
        <td className="num">—</td>
        <td className="num">—</td>
        <td className="num">—</td>
      </>
    );
  return (
    <>
      <td className="num tabular-nums" data-column="answered">
        {f.count(today.answered)}
      </td>
      <td className="num tabular-nums" data-column="missed">
        {today.missed === null ? 'unknown' : f.count(today.missed)}
      </td>
      <td className="num tabular-nums" data-column="aht">
        {f.duration(agentAhtSeconds(today))}
      </td>
      <td className="num tabular-nums" data-column="longest">
        {f.duration(today.handled > 0 ? today.longestTalkSeconds : null)}
      </td>
    </>
  );
}
