import type { DayRange } from '../../lib/reports/ranges';
import { dayText } from './periodLabel';

/** "Sun 6 Dec 2026", or "Mon 30 Nov 2026 – Sun 6 Dec 2026". */
export function rangeText(r: DayRange): string {
  return r.from === r.to ? dayText(r.from) : `${dayText(r.from)} – ${dayText(r.to)}`;
}
