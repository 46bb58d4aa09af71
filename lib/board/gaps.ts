import type { GapView } from '../domain/gapsView';
import type { DisplayFormats } from './format';

/**
 * What a queue's figures miss, in words (docs/metrics.md, "Gaps"): "figures miss 09:12–09:20: link
 * down", local times in the board's timezone and clock. Several gaps are listed in time order; gaps of
 * several sources over the same span are said once. null when there is none. Pure apart from Intl.
 */
const REASONS: Record<GapView['reason'], string> = {
  linkDown: 'link down',
  serverStopped: 'server stopped',
};

/** Most spans written out; the rest are counted ("+2 more"), so a flapping link cannot fill the row. */
const MAX_SPANS = 3;

export function gapsText(
  gaps: readonly GapView[] | undefined,
  formats: DisplayFormats,
  maxSpans = MAX_SPANS,
): string | null {
  if (!gaps || gaps.length === 0) return null;
  const time = new Intl.DateTimeFormat(formats.numberLocale === 'auto' ? undefined : formats.numberLocale, {
    timeZone: formats.timezone ?? undefined,
    hour: formats.timeFormat === '12h' ? 'numeric' : '2-digit',
    minute: '2-digit',
    ...(formats.timeFormat === '12h' ? { hour12: true } : { hourCycle: 'h23' as const }),
  });
  const spans = [
    ...new Set(
      [...gaps]
        .sort((a, b) => a.from - b.from || a.to - b.to)
        .map((g) => `${time.format(g.from)}–${time.format(g.to)}: ${REASONS[g.reason]}`),
    ),
  ];
  const shown = spans.slice(0, maxSpans).join('; ');
  const more = spans.length - maxSpans;
  return `figures miss ${shown}${more > 0 ? ` (+${more} more)` : ''}`;
}

/** Why a backfill did not repair them, where one tried (for a title / tooltip). */
export function gapsDetail(gaps: readonly GapView[] | undefined): string | null {
  const details = [...new Set((gaps ?? []).flatMap((g) => (g.detail ? [g.detail] : [])))];
  return details.length > 0 ? details.join('; ') : null;
}
