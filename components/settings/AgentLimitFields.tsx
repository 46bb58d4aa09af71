'use client';

import {
  AGENT_LIMIT_LABEL,
  AGENT_LIMITS,
  type AgentLimit,
  type AgentThresholds,
} from '../../lib/board/agentThresholds';
import { FieldError, type FieldErrors, invalidProps } from './FieldError';

/** What the editor holds while typing: each limit's warn / critical seconds as typed. */
export type AgentLimitTexts = Record<AgentLimit, { warn: string; critical: string }>;

const text = (n: number | null | undefined) => (n === null || n === undefined ? '' : String(n));

export function agentLimitTexts(t: AgentThresholds): AgentLimitTexts {
  return Object.fromEntries(
    AGENT_LIMITS.map((l) => [l, { warn: text(t[l]?.warn), critical: text(t[l]?.critical) }]),
  ) as AgentLimitTexts;
}

/** Empty is "no level"; a number is seconds; anything else goes as typed so the schema names it. */
const seconds = (typed: string): number | string | null => {
  if (typed.trim() === '') return null;
  const n = Number(typed);
  return Number.isFinite(n) ? n : typed;
};

/** The board's `agentThresholds` from the typed texts: a limit with both levels empty is left out. */
export function agentThresholdsOf(texts: AgentLimitTexts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const l of AGENT_LIMITS) {
    const warn = seconds(texts[l].warn);
    const critical = seconds(texts[l].critical);
    if (warn !== null || critical !== null) out[l] = { warn, critical };
  }
  return out;
}

export const AGENT_LIMIT_PATHS = AGENT_LIMITS.flatMap((l) => [
  `agentThresholds.${l}.warn`,
  `agentThresholds.${l}.critical`,
]);

/** Long call / wrap-up / not ready, warn and critical seconds: thresholds, so supervisors may edit them. */
export function AgentLimitFields({
  texts,
  onChange,
  errors,
}: {
  texts: AgentLimitTexts;
  onChange: (next: AgentLimitTexts) => void;
  errors: FieldErrors;
}) {
  return (
    <fieldset>
      <legend>Agents’ time in state (seconds; empty: no level)</legend>
      <div className="form-grid">
        {AGENT_LIMITS.map((l) => (
          <div key={l} style={{ display: 'contents' }}>
            <span>{AGENT_LIMIT_LABEL[l]} (bad at or above, s)</span>
            <span className="form-actions">
              {(['warn', 'critical'] as const).map((which) => {
                const id = `agent-limit-${l}-${which}`;
                const path = `agentThresholds.${l}.${which}`;
                return (
                  <span key={which} className="field">
                    <input
                      id={id}
                      aria-label={`${AGENT_LIMIT_LABEL[l]} ${which}`}
                      inputMode="numeric"
                      size={6}
                      value={texts[l][which]}
                      onChange={(e) => onChange({ ...texts, [l]: { ...texts[l], [which]: e.target.value } })}
                      placeholder={which}
                      {...invalidProps(errors, path, id)}
                    />
                    <FieldError errors={errors} path={path} inputId={id} />
                  </span>
                );
              })}
            </span>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
