import type { NormalizeContext, Normalized } from './types';

/**
 * A PBX time far from the arrival time is a broken payload or a broken PBX clock. Accepting it would be
 * worse than losing it: an event "from tomorrow" rolls the day over and wipes today's figures. Such a
 * payload is rejected (and so kept for inspection at the edge) instead.
 */
export const MAX_AHEAD_MS = 6 * 3600_000;
export const MAX_BEHIND_MS = 30 * 24 * 3600_000;

export function requirePlausibleTimes(result: Normalized, ctx: NormalizeContext): Normalized {
  if (!result.ok) return result;
  for (const e of result.events) {
    const ahead = e.at - ctx.receivedAt;
    if (ahead > MAX_AHEAD_MS || -ahead > MAX_BEHIND_MS) {
      const hours = Math.round(ahead / 360_000) / 10;
      return {
        ok: false,
        error: `${e.type} time ${new Date(e.at).toISOString()} is ${hours} h from its arrival: payload or PBX clock wrong`,
      };
    }
  }
  return result;
}
