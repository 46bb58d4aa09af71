import { z } from 'zod';
import { type AbandonCounters, abandonRateBy, abandonRateParts } from '../domain/figures';
import type { Threshold } from './model';
import { type Level, thresholdLevel } from './threshold';

/**
 * How a board reads its abandon rate (docs/metrics.md, "Abandon rate"). Whether short abandons count
 * decides what the number means, like the service-level formula: admins only. The minimum volume only
 * decides from when the number gets a level (one early abandon of six calls is not a critical day):
 * a threshold, which supervisors may tune too. Pure: no I/O.
 */
export const abandonRateSettingsSchema = z
  .object({
    /** true: abandoned ÷ offered, what every board showed before the choice existed. */
    countShortAbandons: z
      .boolean({ error: 'Say whether short abandons count (true or false)' })
      .default(true),
    /** Calls in the rate's denominator below which the rate is shown but gets no level. */
    minCalls: z
      .number({ error: 'Minimum calls must be a number' })
      .int('Minimum calls must be a whole number')
      .min(0, 'Minimum calls must be 0 or more')
      .max(100_000, 'Minimum calls must be at most 100000')
      .default(10),
  })
  .default({ countShortAbandons: true, minCalls: 10 });
export type AbandonRateSettings = z.infer<typeof abandonRateSettingsSchema>;
/** What a board without the setting reads: short abandons count, a level from 10 calls on. */
export const DEFAULT_ABANDON_RATE: AbandonRateSettings = abandonRateSettingsSchema.parse(undefined);

export interface BoardAbandonRate {
  /** null when the denominator is 0. */
  readonly value: number | null;
  readonly abandoned: number;
  /** The calls the rate divides by (offered, less short abandons when they do not count). */
  readonly calls: number;
  /** Enough calls for a level: false below the board's minimum (the value is still shown). */
  readonly judged: boolean;
}

export function boardAbandonRate(f: AbandonCounters, s: AbandonRateSettings): BoardAbandonRate {
  const parts = abandonRateParts(f, s.countShortAbandons);
  return {
    value: abandonRateBy(f, s.countShortAbandons),
    abandoned: parts.abandoned,
    calls: parts.offered,
    judged: parts.offered >= s.minCalls,
  };
}

/** The level of a board's abandon rate: 'none' under the minimum volume, else the threshold's. */
export function abandonRateLevel(threshold: Threshold | null | undefined, rate: BoardAbandonRate): Level {
  return rate.judged ? thresholdLevel(threshold, rate.value) : 'none';
}

/** The tile's small print: the definition, the division, and why there is no level yet. */
export function abandonRateText(rate: BoardAbandonRate, s: AbandonRateSettings): string {
  const definition = s.countShortAbandons ? 'abandoned ÷ offered' : '(abandoned − short) ÷ (offered − short)';
  const division = rate.value !== null ? ` = ${rate.abandoned} ÷ ${rate.calls}` : '';
  const volume = rate.judged ? '' : ` · no level under ${s.minCalls} calls`;
  return `${definition}${division}${volume}`;
}
