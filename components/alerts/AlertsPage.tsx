'use client';

import { useCallback, useEffect, useState } from 'react';
import type { AlertLife } from '../../lib/alerts/evaluate';
import { ALERT_FIGURE_INFO } from '../../lib/alerts/rules';
import type { AlertView } from '../../lib/protocol';
import { FormatsProvider, useFormat } from '../board/Formats';
import { boardHref } from '../board/paths';
import { AccountNav } from '../nav/AccountNav';
import { api } from '../settings/api';
import { listAlerts } from './alertsApi';
import { ALERT_GLYPH } from './glass';

/** Re-read while open: a list of alerts is watched, not just read. */
const REFRESH_MS = 10_000;

/**
 * `/alerts`: every alert, open and past, newest first, with filters (board, state, raised from / to)
 * and their whole life: raised, acknowledged (who, when, note), snoozed, cleared (when, why).
 */
export function AlertsPage() {
  return (
    <FormatsProvider>
      <div data-theme="dark" className="app">
        <header className="app-header">
          <div className="app-brand">
            <a href="/" className="app-board-name">
              Callboard
            </a>
            <span className="app-product">Alerts</span>
          </div>
          <AccountNav />
        </header>
        <main id="main" className="app-main">
          <h1 className="page-title">Alerts</h1>
          <AlertsList />
        </main>
      </div>
    </FormatsProvider>
  );
}

interface Filters {
  board: string;
  state: '' | AlertLife | 'open';
  from: string;
  to: string;
}

function queryOf(f: Filters, before: number | null): string {
  const q = new URLSearchParams();
  if (f.board) q.set('board', f.board);
  if (f.state) q.set('state', f.state === 'open' ? 'raised,acknowledged' : f.state);
  // Dates typed in the browser's day: from its midnight, to the end of the `to` day.
  if (f.from) q.set('from', String(new Date(`${f.from}T00:00`).getTime()));
  if (f.to) q.set('to', String(new Date(`${f.to}T00:00`).getTime() + 86_400_000));
  if (before !== null) q.set('before', String(before));
  q.set('limit', '100');
  return q.toString();
}

function AlertsList() {
  const f = useFormat();
  const [boards, setBoards] = useState<{ id: string; name: string }[]>([]);
  const [filters, setFilters] = useState<Filters>({ board: '', state: '', from: '', to: '' });
  // `/alerts?board=sales&state=open` (links from a board, a channel's message) starts filtered.
  useEffect(() => {
    const p = new URLSearchParams(window.location.search);
    const state = p.get('state');
    setFilters((f) => ({
      ...f,
      board: p.get('board') ?? '',
      state:
        state === 'open' || state === 'raised' || state === 'acknowledged' || state === 'cleared'
          ? state
          : '',
    }));
  }, []);
  const [alerts, setAlerts] = useState<AlertView[] | null>(null);
  const [next, setNext] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api<{ boards: { id: string; name: string }[] }>('GET', '/api/v1/boards').then((r) => {
      if (r.ok) setBoards(r.body.boards);
    });
  }, []);
  const load = useCallback(async () => {
    const r = await listAlerts(queryOf(filters, null));
    if (!r.ok) return setError(r.error);
    setError(null);
    setAlerts(r.alerts);
    setNext(r.next);
  }, [filters]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);
  async function more() {
    if (next === null) return;
    const r = await listAlerts(queryOf(filters, next));
    if (!r.ok) return setError(r.error);
    setAlerts((a) => [...(a ?? []), ...r.alerts]);
    setNext(r.next);
  }
  const set = (patch: Partial<Filters>) => setFilters((x) => ({ ...x, ...patch }));
  const now = Date.now();
  return (
    <>
      <form className="alert-filters form-grid" aria-label="Filters" onSubmit={(e) => e.preventDefault()}>
        <label htmlFor="alerts-board">Board</label>
        <select id="alerts-board" value={filters.board} onChange={(e) => set({ board: e.target.value })}>
          <option value="">All boards</option>
          {boards.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <label htmlFor="alerts-state">State</label>
        <select
          id="alerts-state"
          value={filters.state}
          onChange={(e) => set({ state: e.target.value as Filters['state'] })}
        >
          <option value="">Any</option>
          <option value="open">Open (raised or acknowledged)</option>
          <option value="raised">Raised</option>
          <option value="acknowledged">Acknowledged</option>
          <option value="cleared">Cleared</option>
        </select>
        <label htmlFor="alerts-from">Raised from</label>
        <input
          id="alerts-from"
          type="date"
          value={filters.from}
          onChange={(e) => set({ from: e.target.value })}
        />
        <label htmlFor="alerts-to">Raised to</label>
        <input id="alerts-to" type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} />
      </form>
      {error && (
        <p role="alert" className="form-error">
          {error}
        </p>
      )}
      {alerts === null ? (
        <p role="status" className="notice">
          Loading alerts…
        </p>
      ) : alerts.length === 0 ? (
        <p className="notice" data-testid="alerts-empty">
          No alerts match.
        </p>
      ) : (
        <div className="table-wrap">
          <table className="data-table" data-testid="alerts-table">
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">State</th>
                <th scope="col">Alert</th>
                <th scope="col">Figure</th>
                <th scope="col">Raised</th>
                <th scope="col">Acknowledged</th>
                <th scope="col">Cleared</th>
              </tr>
            </thead>
            <tbody>
              {alerts.map((a) => (
                <tr key={a.id} data-testid={`alerts-row-${a.id}`} data-state={a.state}>
                  <td>{a.id}</td>
                  <td>
                    {a.state !== 'cleared' && (
                      <span aria-hidden="true" className="alert-glyph">
                        {ALERT_GLYPH}
                      </span>
                    )}{' '}
                    {a.state}
                    {!a.notified && <span className="muted"> · not notified (cooldown)</span>}
                  </td>
                  <td>
                    <a href={boardHref(a.boardId)}>{a.title}</a>
                  </td>
                  <td>
                    {ALERT_FIGURE_INFO[a.figure]?.label ?? a.figure} · {a.severity}
                  </td>
                  <td>{f.moment(a.raisedAt, now)}</td>
                  <td>
                    {a.acknowledgedAt !== null
                      ? `${f.moment(a.acknowledgedAt, now)} by ${a.acknowledgedBy}${a.note ? ` — “${a.note}”` : ''}`
                      : '—'}
                  </td>
                  <td>{a.clearedAt !== null ? `${f.moment(a.clearedAt, now)} (${a.clearReason})` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next !== null && (
        <button type="button" onClick={() => void more()}>
          Older alerts
        </button>
      )}
    </>
  );
}
