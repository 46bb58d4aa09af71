import { ALERT_FIGURE_INFO } from '../../lib/alerts/rules';
import { isSounding } from '../../lib/alerts/view';
import type { AlertView } from '../../lib/protocol';

/** How a tile is marked: an alert on its figure is raised (loud) or acknowledged (someone is on it). */
export type AlertMark = 'raised' | 'acknowledged';

/** Each tile with an open alert on its figure; raised wins over acknowledged. */
export function alertMarks(alerts: readonly AlertView[]): Readonly<Record<string, AlertMark>> {
  const out: Record<string, AlertMark> = {};
  for (const a of alerts) {
    const tile = ALERT_FIGURE_INFO[a.figure]?.tile;
    if (!tile) continue;
    if (a.state === 'raised') out[tile] = 'raised';
    else if (a.state === 'acknowledged') out[tile] ??= 'acknowledged';
  }
  return out;
}

/** The alerts a banner shows and a chime sounds for at `now`: raised, not snoozed. */
export const soundingOf = (alerts: readonly AlertView[], now: number) =>
  alerts.filter((a) => isSounding(a, now));

/** A banner's order: critical first, then the longest raised first. */
export const byUrgency = (alerts: readonly AlertView[]): AlertView[] =>
  [...alerts].sort((a, b) =>
    a.severity === b.severity ? a.raisedAt - b.raisedAt : a.severity === 'critical' ? -1 : 1,
  );

/** The mark printed on a tile and in the banner: a shape and a word, never colour alone. */
export const ALERT_GLYPH = '!';
