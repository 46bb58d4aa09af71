'use client';

import type { AgentOption } from './agentOptions';
import { toggleAgent } from './agentOptions';

/** Which agents the agents report shows: the ones ticked (the API's `agents=`), or every one. */
export function AgentPicker({
  chosen,
  options,
  onChange,
}: {
  chosen: readonly string[];
  options: readonly AgentOption[];
  onChange: (agents: string[]) => void;
}) {
  const ticked = new Set(chosen);
  return (
    <fieldset className="report-scope print:hidden" data-testid="agent-picker">
      <legend>Agents</legend>
      <div className="report-queue-list">
        {options.map((o) => (
          <label key={o.agent} className="check">
            <input
              type="checkbox"
              data-agent={o.agent}
              checked={ticked.has(o.agent)}
              onChange={() => onChange(toggleAgent(chosen, o.agent))}
            />
            {o.label}
          </label>
        ))}
      </div>
      {chosen.length === 0 ? (
        <p className="muted">None ticked: every agent is shown.</p>
      ) : (
        <button type="button" onClick={() => onChange([])}>
          Show every agent
        </button>
      )}
    </fieldset>
  );
}
