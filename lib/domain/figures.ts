import type { Outcome, Visit } from './visit';

/**
 * Additive counters. Every figure a board shows is a ratio or sum of these; see docs/metrics.md.
 * Counters are the sum of each queue visit's contribution, so applying a visit twice, or its facts in
 * any order, cannot change them.
 */
export interface Figures {
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly overflowed: number;
  readonly callbacks: number;
  /** Stays closed as "ended, unknown": the source lost track of them (neither answered nor abandoned). */
  readonly lostTrack: number;
  readonly answeredWithinSla: number;
  /** Answered visits whose wait is known, and the sum of those waits (ms). ASA = waitMs / waited. */
  readonly waited: number;
  readonly waitMs: number;
  /** Handled = answered visits whose talk time is known. AHT = handleSeconds / handled. */
  readonly handled: number;
  readonly talkSeconds: number;
  readonly holdSeconds: number;
  readonly wrapSeconds: number;
}

export const ZERO: Figures = Object.freeze({
  offered: 0,
  answered: 0,
  abandoned: 0,
  shortAbandoned: 0,
  overflowed: 0,
  callbacks: 0,
  lostTrack: 0,
  answeredWithinSla: 0,
  waited: 0,
  waitMs: 0,
  handled: 0,
  talkSeconds: 0,
  holdSeconds: 0,
  wrapSeconds: 0,
});

export interface Thresholds {
  readonly slaSeconds: number;
  readonly shortAbandonSeconds: number;
}

export function waitMsOf(visit: Visit): number | undefined {
  return visit.enqueuedAt !== undefined && visit.outcomeAt !== undefined
    ? Math.max(0, visit.outcomeAt - visit.enqueuedAt)
    : undefined;
}

const counts = (outcome: Outcome, wanted: Outcome) => (outcome === wanted ? 1 : 0);

/** What one visit adds to its queue's (and its agent's) figures. */
export function contribution(visit: Visit, t: Thresholds): Figures {
  const wait = waitMsOf(visit);
  const answered = visit.outcome === 'answered';
  const abandoned = visit.outcome === 'abandoned';
  const handled = answered && visit.talkSeconds !== undefined;
  const hold = handled ? (visit.holdSeconds ?? 0) : 0;
  const wrap = handled ? (visit.wrapSeconds ?? 0) : 0;
  return {
    offered: 1,
    answered: answered ? 1 : 0,
    abandoned: abandoned ? 1 : 0,
    shortAbandoned: abandoned && wait !== undefined && wait <= t.shortAbandonSeconds * 1000 ? 1 : 0,
    overflowed: counts(visit.outcome, 'overflowed'),
    callbacks: counts(visit.outcome, 'callback'),
    lostTrack: counts(visit.outcome, 'lostTrack'),
    answeredWithinSla: answered && wait !== undefined && wait <= t.slaSeconds * 1000 ? 1 : 0,
    waited: answered && wait !== undefined ? 1 : 0,
    waitMs: answered && wait !== undefined ? wait : 0,
    handled: handled ? 1 : 0,
    talkSeconds: handled ? (visit.talkSeconds ?? 0) : 0,
    holdSeconds: hold,
    wrapSeconds: wrap,
  };
}

/** a + sign·b, field by field. Written out: this runs several times per event on the hot path. */
export function addFigures(a: Figures, b: Figures, sign: 1 | -1 = 1): Figures {
  return {
    offered: a.offered + sign * b.offered,
    answered: a.answered + sign * b.answered,
    abandoned: a.abandoned + sign * b.abandoned,
    shortAbandoned: a.shortAbandoned + sign * b.shortAbandoned,
    overflowed: a.overflowed + sign * b.overflowed,
    callbacks: a.callbacks + sign * b.callbacks,
    lostTrack: a.lostTrack + sign * b.lostTrack,
    answeredWithinSla: a.answeredWithinSla + sign * b.answeredWithinSla,
    waited: a.waited + sign * b.waited,
    waitMs: a.waitMs + sign * b.waitMs,
    handled: a.handled + sign * b.handled,
    talkSeconds: a.talkSeconds + sign * b.talkSeconds,
    holdSeconds: a.holdSeconds + sign * b.holdSeconds,
    wrapSeconds: a.wrapSeconds + sign * b.wrapSeconds,
  };
}

export function isZero(f: Figures): boolean {
  return (
    f.offered === 0 &&
    f.answered === 0 &&
    f.abandoned === 0 &&
    f.shortAbandoned === 0 &&
    f.overflowed === 0 &&
    f.callbacks === 0 &&
    f.lostTrack === 0 &&
    f.answeredWithinSla === 0 &&
    f.waited === 0 &&
    f.waitMs === 0 &&
    f.handled === 0 &&
    f.talkSeconds === 0 &&
    f.holdSeconds === 0 &&
    f.wrapSeconds === 0
  );
}

// --- the derived figures (one definition each; docs/metrics.md) --------------------------------

/**
 * Service level = answered within SLA ÷ a denominator that call centres choose differently; a board
 * picks one (lib/board/model.ts). The numerator is the same in every formula. docs/metrics.md has the
 * table; the text beside each is what a board prints under its tile, so it cannot drift from the code.
 */
export const SERVICE_LEVEL_FORMULAS = {
  excludeShortAbandons: {
    name: 'Short abandons excluded',
    text: 'answered within SLA ÷ (answered + abandoned − short abandoned + overflowed)',
  },
  abandonsCountAgainst: {
    name: 'Every abandon counts against',
    text: 'answered within SLA ÷ (answered + abandoned + overflowed)',
  },
  answeredOnly: { name: 'Answered calls only', text: 'answered within SLA ÷ answered' },
  allOffered: { name: 'All offered calls', text: 'answered within SLA ÷ offered' },
} as const;
export type ServiceLevelFormula = keyof typeof SERVICE_LEVEL_FORMULAS;
/** Today's definition, and every board's until it picks another. */
export const DEFAULT_SERVICE_LEVEL_FORMULA: ServiceLevelFormula = 'excludeShortAbandons';

/** What a service level needs: a TodayView carries these, so a browser can recompute per board. */
export type ServiceLevelCounters = Pick<
  Figures,
  'offered' | 'answered' | 'abandoned' | 'shortAbandoned' | 'overflowed' | 'answeredWithinSla'
>;

export function serviceLevelDenominator(f: ServiceLevelCounters, formula: ServiceLevelFormula): number {
  switch (formula) {
    case 'excludeShortAbandons':
      return f.answered + f.abandoned - f.shortAbandoned + f.overflowed;
    case 'abandonsCountAgainst':
      return f.answered + f.abandoned + f.overflowed;
    case 'answeredOnly':
      return f.answered;
    case 'allOffered':
      return f.offered;
  }
}

/** Service level under `formula`; null when its denominator is 0 (nothing to judge yet). */
export function serviceLevelBy(f: ServiceLevelCounters, formula: ServiceLevelFormula): number | null {
  const denominator = serviceLevelDenominator(f, formula);
  return denominator > 0 ? f.answeredWithinSla / denominator : null;
}

/** Service level under the default formula: what the server publishes (views, buckets). */
export function serviceLevel(f: ServiceLevelCounters): number | null {
  return serviceLevelBy(f, DEFAULT_SERVICE_LEVEL_FORMULA);
}

/** Abandon rate = abandoned ÷ offered. */
export function abandonRate(f: Figures): number | null {
  return f.offered > 0 ? f.abandoned / f.offered : null;
}

/** What an abandon rate needs: a TodayView carries these, so a browser can recompute per board. */
export type AbandonCounters = Pick<Figures, 'offered' | 'abandoned' | 'shortAbandoned'>;

/**
 * The abandon rate's numerator and denominator. Counting short abandons: abandoned ÷ offered (the
 * published `abandonRate`). Not counting them: a caller who hung up within the short-abandon seconds
 * never had a chance to be answered, so they leave both sides: (abandoned − short) ÷ (offered − short).
 */
export function abandonRateParts(
  f: AbandonCounters,
  countShortAbandons: boolean,
): { abandoned: number; offered: number } {
  const short = countShortAbandons ? 0 : f.shortAbandoned;
  return { abandoned: f.abandoned - short, offered: f.offered - short };
}

/** Abandon rate with or without short abandons; null when its denominator is 0. */
export function abandonRateBy(f: AbandonCounters, countShortAbandons: boolean): number | null {
  const p = abandonRateParts(f, countShortAbandons);
  return p.offered > 0 ? p.abandoned / p.offered : null;
}

/** ASA = mean wait (s) of answered visits whose wait is known. */
export function asaSeconds(f: Figures): number | null {
  return f.waited > 0 ? f.waitMs / f.waited / 1000 : null;
}

/** AHT = mean (talk + hold + wrap-up) seconds per handled visit. */
export function ahtSeconds(f: Figures): number | null {
  return f.handled > 0 ? (f.talkSeconds + f.holdSeconds + f.wrapSeconds) / f.handled : null;
}
