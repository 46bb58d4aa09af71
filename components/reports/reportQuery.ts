import {
  defaultInterval,
  intervalRefusal,
  REPORT_INTERVALS,
  type ReportInterval,
} from '../../lib/reports/intervals';
import type { QueueScope } from '../../lib/reports/query';
import {
  type DayRange,
  daysIn,
  isDayLabel,
  PRESETS,
  type Preset,
  presetRange,
  previousRange,
} from '../../lib/reports/ranges';

/** What the person chose on the reports page. */
export interface ReportChoice {
  readonly preset: Preset;
  /** The custom range as typed (used when preset is custom). */
  readonly custom: DayRange;
  readonly scope: QueueScope;
  /** null: the range's default granularity. */
  readonly interval: ReportInterval | null;
  /** The agents tab's chosen agents (`<scope>/<extension>`); none: every agent. */
  readonly agents?: readonly string[];
}

/** The query the choice stands for, or why it cannot be asked. */
export type ResolvedQuery =
  | {
      readonly ok: true;
      readonly range: DayRange;
      readonly previous: DayRange;
      readonly interval: ReportInterval;
      /** The chosen granularity the API would refuse for this range (the default is used instead), and why. */
      readonly refused: string | null;
      readonly days: number;
      /** The range holds today: its figures are live. */
      readonly live: boolean;
    }
  | { readonly ok: false; readonly error: string };

export function resolveQuery(choice: ReportChoice, today: string): ResolvedQuery {
  let range: DayRange;
  if (choice.preset === 'custom') {
    const { from, to } = choice.custom;
    if (!isDayLabel(from) || !isDayLabel(to)) return { ok: false, error: 'Pick the first and the last day.' };
    if (to < from) return { ok: false, error: 'The last day is before the first.' };
    range = choice.custom;
  } else range = presetRange(choice.preset, today);
  if (range.from > today) return { ok: false, error: 'The range starts after today: nothing to report yet.' };
  const days = daysIn(range);
  // A granularity chosen for a shorter range falls back to the range's default: a report, not a refusal.
  const refused = choice.interval ? intervalRefusal(choice.interval, days) : null;
  const interval = choice.interval && !refused ? choice.interval : defaultInterval(days);
  return {
    ok: true,
    range,
    previous: previousRange(range, choice.preset),
    interval,
    refused,
    days,
    live: range.from <= today && today <= range.to,
  };
}

/** The choice in the page's address (`?range=lastWeek&interval=day&board=…`), so a report can be shared. */
export function choiceFromSearch(search: string, today: string): ReportChoice {
  const p = new URLSearchParams(search);
  const preset = (PRESETS as readonly string[]).includes(p.get('range') ?? '')
    ? (p.get('range') as Preset)
    : 'today';
  const interval = (REPORT_INTERVALS as readonly string[]).includes(p.get('interval') ?? '')
    ? (p.get('interval') as ReportInterval)
    : null;
  const board = p.get('board');
  const queues = p.get('queues');
  const scope: QueueScope = board
    ? { kind: 'board', board }
    : queues
      ? { kind: 'queues', queues: queues.split(',').filter(Boolean) }
      : { kind: 'all' };
  const agents = (p.get('agents') ?? '').split(',').filter(Boolean);
  return {
    preset,
    custom: { from: p.get('from') ?? today, to: p.get('to') ?? today },
    scope,
    interval,
    ...(agents.length > 0 ? { agents } : {}),
  };
}

export function searchOfChoice(c: ReportChoice): string {
  const p = new URLSearchParams({ range: c.preset });
  if (c.preset === 'custom') {
    p.set('from', c.custom.from);
    p.set('to', c.custom.to);
  }
  if (c.interval) p.set('interval', c.interval);
  if (c.scope.kind === 'board') p.set('board', c.scope.board);
  if (c.scope.kind === 'queues' && c.scope.queues.length > 0) p.set('queues', c.scope.queues.join(','));
  if (c.agents && c.agents.length > 0) p.set('agents', c.agents.join(','));
  return `?${p}`;
}
