'use client';

import { useState } from 'react';
import { addDays, todayIn } from '../../lib/reports/ranges';
import { api } from './api';

/**
 * Settings → General: rebuild one closed day's history from the journal under the current settings
 * (after an SLA or a definition changed), through `POST /api/v1/history/recount`. The server's answer
 * is shown as it is: the day and its queues, or why not (409 not closed yet, 404 no longer in the
 * journal, 422 not a day). No `max` on the day: the server judges, and says why.
 */
export function RecountDay({ timezone, dayStartsAt }: { timezone: string; dayStartsAt: string }) {
  const yesterday = addDays(todayIn(Date.now(), timezone, dayStartsAt), -1);
  const [day, setDay] = useState(yesterday);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  async function recount(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setResult(null);
    const r = await api<{ day: string; queues: number }>('POST', '/api/v1/history/recount', { day });
    setBusy(false);
    setResult(
      r.ok
        ? {
            ok: true,
            text: `Recounted ${r.body.day}: ${r.body.queues} queue${r.body.queues === 1 ? '' : 's'} written to history.`,
          }
        : { ok: false, text: `Not recounted (${r.status}): ${r.error}` },
    );
  }

  return (
    <section aria-label="Recount a day">
      <h2>Recount a day</h2>
      <form className="settings-form" aria-label="Recount a day" onSubmit={recount}>
        <p className="muted">
          Rebuilds a closed day's history (reports) from the journal under the settings above, e.g. after
          changing an SLA. Only days still in the journal can be recounted.
        </p>
        <div className="form-grid">
          <label htmlFor="recount-day">Day</label>
          <input id="recount-day" type="date" required value={day} onChange={(e) => setDay(e.target.value)} />
        </div>
        <div className="form-actions">
          <button type="submit" className="primary" disabled={busy || day === ''}>
            {busy ? 'Recounting…' : 'Recount'}
          </button>
        </div>
        {result && (
          <p
            role={result.ok ? 'status' : 'alert'}
            className={result.ok ? 'notice' : 'form-error'}
            data-testid="recount-result"
            data-ok={result.ok}
          >
            {result.text}
          </p>
        )}
      </form>
    </section>
  );
}
