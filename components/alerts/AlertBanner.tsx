'use client';

import { alertLine } from '../../lib/alerts/view';
import type { AlertView } from '../../lib/protocol';
import { useFormat } from '../board/Formats';
import { ALERT_GLYPH, byUrgency } from './glass';

/**
 * Sounding alerts (raised, not snoozed: useKioskAlerts), critical first: a shape and the word ALERT
 * beside the colour, what crossed, and since when, as one run of text that wraps like a sentence. The
 * board's name is on the screen already, so the line leaves it out. `count`: how many sound in all,
 * when the kiosk shows a page of them (KioskNotices). Nothing when none.
 */
export function AlertBanner({
  alerts,
  className = '',
  count = alerts.length,
}: {
  alerts: readonly AlertView[];
  className?: string;
  count?: number;
}) {
  const f = useFormat();
  const now = Date.now();
  if (alerts.length === 0) return null;
  return (
    <div role="alert" data-testid="alert-banner" data-count={count} className={`alert-banner ${className}`}>
      <ul>
        {byUrgency(alerts).map((a) => (
          <li
            key={a.id}
            data-testid={`alert-${a.id}`}
            data-severity={a.severity}
            className={`alert-line alert-${a.severity}`}
          >
            <span aria-hidden="true" className="alert-glyph">
              {ALERT_GLYPH}
            </span>{' '}
            <span className="alert-word">{a.severity === 'critical' ? 'ALERT' : 'Warning'}</span>{' '}
            <span className="alert-title">{alertLine(a, a.queueName)}</span>{' '}
            <span className="alert-since">since {f.moment(a.raisedAt, now)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
