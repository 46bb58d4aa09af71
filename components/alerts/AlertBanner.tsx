'use client';

import { alertLine } from '../../lib/alerts/view';
import type { AlertView } from '../../lib/protocol';
import { useFormat } from '../board/Formats';
import { ALERT_GLYPH } from './glass';

/**
 * The board's sounding alerts (raised, not snoozed: useKioskAlerts), critical first: a shape and the
 * word ALERT beside the colour, what crossed, and since when, as one run of text that wraps like a
 * sentence. The board's name is on the screen already, so the line leaves it out. On the kiosk at most
 * `max`, then "+N more alerts": the board below keeps its room. Nothing when none.
 */
export function AlertBanner({
  alerts,
  className = '',
  max = Number.POSITIVE_INFINITY,
}: {
  alerts: readonly AlertView[];
  className?: string;
  max?: number;
}) {
  const f = useFormat();
  const now = Date.now();
  const sorted = [...alerts].sort((a, b) =>
    a.severity === b.severity ? a.raisedAt - b.raisedAt : a.severity === 'critical' ? -1 : 1,
  );
  if (sorted.length === 0) return null;
  const shown = sorted.slice(0, max);
  const more = sorted.length - shown.length;
  return (
    <div
      role="alert"
      data-testid="alert-banner"
      data-count={sorted.length}
      className={`alert-banner ${className}`}
    >
      <ul>
        {shown.map((a) => (
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
        {more > 0 && (
          <li className="alert-more" data-testid="alert-more">
            +{more} more {more === 1 ? 'alert' : 'alerts'}
          </li>
        )}
      </ul>
    </div>
  );
}
