'use client';

import Link from 'next/link';
import { useState } from 'react';
import type { Board } from '../../lib/board/model';
import type { AlertView } from '../../lib/protocol';
import { useFormat } from '../board/Formats';
import { useServerNow } from '../live/clock';
import { useMe } from '../nav/useMe';
import { alertAction } from './alertsApi';
import { ALERT_GLYPH } from './glass';

/**
 * The supervisor page's open alerts: each with its state, since when, who acknowledged it, and the
 * buttons a person may use (Acknowledge with an optional note; Snooze where the rule lets supervisors,
 * or for admins). The list itself comes over the live link, so an acknowledgement made anywhere
 * shows here, and on every screen of the board, as soon as the server has it.
 */
export function AlertsPanel({ board, alerts }: { board: Board; alerts: readonly AlertView[] }) {
  if (alerts.length === 0) return null;
  return (
    <section aria-labelledby="alerts-heading" className="section alerts-panel" data-testid="alerts-panel">
      <h2 id="alerts-heading" className="section-title">
        Alerts{' '}
        <span className="section-note">
          {alerts.length} open · <Link href="/alerts">history</Link>
        </span>
      </h2>
      <ul className="alert-list">
        {alerts.map((a) => (
          <AlertRow key={a.id} alert={a} board={board} />
        ))}
      </ul>
    </section>
  );
}

function AlertRow({ alert: a, board }: { alert: AlertView; board: Board }) {
  const f = useFormat();
  const now = useServerNow() ?? Date.now();
  const me = useMe();
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const rule = board.alerts.find((r) => r.id === a.ruleId);
  const maySnooze =
    a.state === 'raised' &&
    (me.state !== 'user' || me.role === 'admin' || (rule?.supervisorsMaySnooze ?? false));
  const snoozed = a.snoozedUntil !== null && a.snoozedUntil > now;
  async function run(what: 'acknowledge' | 'snooze', body: object) {
    setBusy(true);
    setError(null);
    const r = await alertAction(a.id, what, body);
    setBusy(false);
    if (!r.ok) setError(r.error);
  }
  return (
    <li className={`alert-row alert-${a.severity}`} data-testid={`alert-row-${a.id}`} data-state={a.state}>
      <p className="alert-row-title">
        <span aria-hidden="true" className="alert-glyph">
          {ALERT_GLYPH}
        </span>{' '}
        <strong>{a.state === 'raised' ? (snoozed ? 'Snoozed' : 'Raised') : 'Acknowledged'}</strong> ·{' '}
        {a.title}
      </p>
      <p className="muted">
        since {f.moment(a.raisedAt, now)}
        {a.acknowledgedBy && (
          <>
            {' '}
            · acknowledged by {a.acknowledgedBy} at {f.moment(a.acknowledgedAt ?? now, now)}
            {a.note ? ` — “${a.note}”` : ''}
          </>
        )}
        {snoozed && a.snoozedUntil !== null && <> · snoozed until {f.moment(a.snoozedUntil, now)}</>}
      </p>
      {a.state === 'raised' && (
        <form
          className="alert-actions"
          onSubmit={(e) => {
            e.preventDefault();
            void run('acknowledge', note.trim() ? { note: note.trim() } : {});
          }}
        >
          <label className="sr-only" htmlFor={`alert-note-${a.id}`}>
            Note
          </label>
          <input
            id={`alert-note-${a.id}`}
            value={note}
            maxLength={500}
            placeholder="Note (optional)"
            onChange={(e) => setNote(e.target.value)}
          />
          <button type="submit" className="primary" disabled={busy} data-testid={`acknowledge-${a.id}`}>
            Acknowledge
          </button>
          {maySnooze && (
            <button type="button" disabled={busy} onClick={() => void run('snooze', { minutes: 15 })}>
              Snooze 15 min
            </button>
          )}
        </form>
      )}
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
    </li>
  );
}
