import { z } from 'zod';
import type { AgentState } from '../domain/events';
import { type Level, thresholdLevel } from './threshold';

/**
 * Time-in-state thresholds for agents (docs/metrics.md, "Time in state"): a long call, a long wrap-up,
 * a long not-ready. Like the tiles' thresholds they are a board's, tuned by supervisors, and an agent
 * card or row shows the level with colour AND shape. Pure: no I/O.
 */
export const AGENT_LIMITS = ['talkingSeconds', 'wrapUpSeconds', 'notReadySeconds'] as const;
export type AgentLimit = (typeof AGENT_LIMITS)[number];

/** Which states each limit judges; states without one (ready, logged out, offline) get no level. */
export const AGENT_LIMIT_STATES: Readonly<Record<AgentLimit, readonly AgentState[]>> = {
  talkingSeconds: ['queueCall', 'otherCall'],
  wrapUpSeconds: ['wrapUp'],
  notReadySeconds: ['notReady'],
};

export const AGENT_LIMIT_LABEL: Readonly<Record<AgentLimit, string>> = {
  talkingSeconds: 'Long call',
  wrapUpSeconds: 'Long wrap-up',
  notReadySeconds: 'Long not ready',
};

const seconds = (which: 'Warn' | 'Critical') =>
  z
    .number({ error: `${which} time must be a number of seconds` })
    .int(`${which} time must be whole seconds`)
    .min(1, `${which} time must be at least 1 s`)
    .max(86_400, `${which} time must be at most 24 hours (86400 s)`)
    .nullable();

/** Seconds in the state from which the agent is at warn, and at critical; null: no such level. */
export const agentLimitSchema = z
  .object({ warn: seconds('Warn'), critical: seconds('Critical') })
  .superRefine((t, ctx) => {
    if (t.warn === null || t.critical === null || t.critical > t.warn) return;
    ctx.addIssue({
      code: 'custom',
      path: ['critical'],
      message: 'Critical time must be longer than the warn time',
    });
  });
export type AgentLimitLevels = z.infer<typeof agentLimitSchema>;

export const DEFAULT_AGENT_THRESHOLDS: Readonly<Record<AgentLimit, AgentLimitLevels>> = {
  talkingSeconds: { warn: 600, critical: 1200 },
  wrapUpSeconds: { warn: 120, critical: 300 },
  notReadySeconds: { warn: 900, critical: 1800 },
};

/** A missing limit is "no level for that state"; boards stored before this existed get the defaults. */
export const agentThresholdsSchema = z
  .object({
    talkingSeconds: agentLimitSchema.optional(),
    wrapUpSeconds: agentLimitSchema.optional(),
    notReadySeconds: agentLimitSchema.optional(),
  })
  .default({ ...DEFAULT_AGENT_THRESHOLDS });
export type AgentThresholds = z.infer<typeof agentThresholdsSchema>;

/** The limit that judges an agent in `state`, if the board has one. */
export function agentLimitOf(thresholds: AgentThresholds, state: AgentState): AgentLimitLevels | null {
  for (const limit of AGENT_LIMITS)
    if (AGENT_LIMIT_STATES[limit].includes(state)) return thresholds[limit] ?? null;
  return null;
}

/**
 * The level of an agent `seconds` into `state` (time in state = server now − since, whole seconds):
 * warn from the warn time on, critical from the critical time on; 'none' for a state without a limit
 * or an unknown time.
 */
export function agentLevel(thresholds: AgentThresholds, state: AgentState, seconds: number | null): Level {
  const limit = agentLimitOf(thresholds, state);
  return limit ? thresholdLevel({ direction: 'above', ...limit }, seconds) : 'none';
}
