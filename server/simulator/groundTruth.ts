/**
 * What really happened, recorded by the model as it happens, independent of any message: each
 * caller's stay in a queue and its outcome. Tests compare the wallboard's figures with these; the
 * figures below follow docs/metrics.md to the letter (one visit per caller per queue; wait = outcome
 * time − enqueue time; short abandon and SLA are "≤" thresholds).
 */

export type Outcome = 'waiting' | 'answered' | 'abandoned' | 'overflowed' | 'callback';

export interface TruthVisit {
  readonly sessionId: string;
  /** Queue number. */
  readonly queue: string;
  readonly queueId: string;
  readonly caller: string;
  readonly enqueuedAt: number;
  outcome: Outcome;
  outcomeAt?: number;
  /** The agent who answered (answered visits only). */
  agent?: string;
  /** Known once the talk (and the wrap-up) has ended. */
  talkSeconds?: number;
  wrapSeconds?: number;
  /** For callback visits: when an agent reached the caller again, and who. Not an answer. */
  callbackServedAt?: number;
  callbackAgent?: string;
}

export interface SlaBreach {
  readonly queue: string;
  readonly caller: string;
  readonly at: number;
}

export interface QueueFigures {
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly overflowed: number;
  readonly callbacks: number;
  readonly answeredWithinSla: number;
  /** Still in the queue (neither answered nor gone). */
  readonly waiting: number;
  readonly slaBreaches: number;
  /** Mean wait of answered visits, s; null when none. */
  readonly asaSeconds: number | null;
  /** Mean talk + wrap-up of answered visits whose talk has ended, s; null when none. */
  readonly ahtSeconds: number | null;
  readonly serviceLevel: number | null;
  readonly abandonRate: number | null;
}

export interface Thresholds {
  readonly slaSeconds: number;
  readonly shortAbandonSeconds: number;
}

export interface TruthRange {
  /** Only visits that entered the queue at or after this (ms)… */
  readonly from?: number;
  /** …and before this (ms). */
  readonly to?: number;
}

export interface GroundTruth {
  readonly visits: readonly TruthVisit[];
  readonly breaches: readonly SlaBreach[];
  /** By queue number; every queue is present, also with nothing offered. */
  readonly queues: Readonly<Record<string, QueueFigures>>;
  readonly totals: QueueFigures;
}

const mean = (sum: number, n: number) => (n > 0 ? sum / n : null);

export function figuresOf(
  visits: readonly TruthVisit[],
  breaches: readonly SlaBreach[],
  t: Thresholds,
): QueueFigures {
  const count = {
    answered: 0,
    abandoned: 0,
    short: 0,
    overflowed: 0,
    callbacks: 0,
    withinSla: 0,
    waiting: 0,
  };
  let waitMs = 0;
  let handled = 0;
  let handleSeconds = 0;
  for (const v of visits) {
    const wait = v.outcomeAt === undefined ? undefined : v.outcomeAt - v.enqueuedAt;
    if (v.outcome === 'answered') {
      count.answered++;
      waitMs += wait ?? 0;
      if (wait !== undefined && wait <= t.slaSeconds * 1000) count.withinSla++;
      if (v.talkSeconds !== undefined) {
        handled++;
        handleSeconds += v.talkSeconds + (v.wrapSeconds ?? 0);
      }
    } else if (v.outcome === 'abandoned') {
      count.abandoned++;
      if (wait !== undefined && wait <= t.shortAbandonSeconds * 1000) count.short++;
    } else if (v.outcome === 'overflowed') count.overflowed++;
    else if (v.outcome === 'callback') count.callbacks++;
    else count.waiting++;
  }
  const slDenominator = count.answered + count.abandoned - count.short + count.overflowed;
  return {
    offered: visits.length,
    answered: count.answered,
    abandoned: count.abandoned,
    shortAbandoned: count.short,
    overflowed: count.overflowed,
    callbacks: count.callbacks,
    answeredWithinSla: count.withinSla,
    waiting: count.waiting,
    slaBreaches: breaches.length,
    asaSeconds: mean(waitMs / 1000, count.answered),
    ahtSeconds: mean(handleSeconds, handled),
    serviceLevel: slDenominator > 0 ? count.withinSla / slDenominator : null,
    abandonRate: visits.length > 0 ? count.abandoned / visits.length : null,
  };
}

/** The model's notebook. Visits are mutated as the stay goes on; readers get copies. */
export class Truth {
  private readonly visits: TruthVisit[] = [];
  private readonly breaches: SlaBreach[] = [];

  constructor(
    private readonly queueNumbers: readonly string[],
    private readonly thresholds: Thresholds,
  ) {}

  enqueue(visit: Omit<TruthVisit, 'outcome'>): TruthVisit {
    const v: TruthVisit = { ...visit, outcome: 'waiting' };
    this.visits.push(v);
    return v;
  }

  breach(b: SlaBreach): void {
    this.breaches.push(b);
  }

  report(range: TruthRange = {}): GroundTruth {
    const inRange = (at: number) =>
      (range.from === undefined || at >= range.from) && (range.to === undefined || at < range.to);
    const visits = this.visits.filter((v) => inRange(v.enqueuedAt)).map((v) => ({ ...v }));
    const breaches = this.breaches.filter((b) => inRange(b.at));
    const queues: Record<string, QueueFigures> = {};
    for (const q of this.queueNumbers) {
      queues[q] = figuresOf(
        visits.filter((v) => v.queue === q),
        breaches.filter((b) => b.queue === q),
        this.thresholds,
      );
    }
    return { visits, breaches, queues, totals: figuresOf(visits, breaches, this.thresholds) };
  }
}
