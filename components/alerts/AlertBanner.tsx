'use client';

import type { AlertView } from '../../lib/protocol';
import { useFormat } from '../board/Formats';
import { ALERT_GLYPH } from './glass';

/**
 * The board's sounding alerts (raised, not snoozed: useKioskAlerts), critical first, one line each: a
 * shape and the word ALERT beside the colour, the alert's line, and since when. Nothing when none.
 */
export function AlertBanner({
  alerts,
  className = '',
}: {
  alerts: readonly AlertView[];
  className?: string;
}) {
  const f = useFormat();
  const now = Date.now();
  const shown = [...alerts].sort((a, b) =>
    a.severity === b.severity ? a.raisedAt - b.raisedAt : a.severity === 'critical' ? -1 : 1,
  );
  if (shown.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="alert-banner"
      data-count={shown.length}
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
            </span>
            <span className="alert-word">{a.severity === 'critical' ? 'ALERT' : 'Warning'}</span>
            <span className="alert-title">{a.title}</span>
            <span className="alert-since">since {f.moment(a.raisedAt, now)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
