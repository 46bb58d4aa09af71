'use client';

import { useCallback, useEffect, useState } from 'react';
import { useMoment } from '../board/Formats';
import { api } from './api';
import { FormError } from './FormError';

/** A display's state as GET /api/v1/fleet gives it (server/fleet/watch.ts, docs/metrics.md "Displays"). */
export interface DisplayHealth {
  id: number;
  state: 'live' | 'not-live' | 'offline' | 'never-seen';
  since: number | null;
  lastSeenAt: number | null;
  screens: number;
  build: string | null;
  page: string | null;
  screen: { width: number; height: number } | null;
  notifiedAt: number | null;
}

const STATE_TEXT = {
  live: 'live',
  'not-live': 'not live',
  offline: 'offline',
  'never-seen': 'never seen',
} as const;
/** Shape beside colour, as on the boards: ● live, ▲ not live, ◆ offline, ○ never seen. */
const STATE_MARK = { live: '●', 'not-live': '▲', offline: '◆', 'never-seen': '○' } as const;
const STATE_LEVEL = { live: 'ok', 'not-live': 'warn', offline: 'critical', 'never-seen': 'none' } as const;

/** The fleet's state, re-read every 5 s (a TV reports every 15 s and at once when its liveness changes). */
export function useFleet() {
  const [fleet, setFleet] = useState<{ alertAfterMinutes: number; displays: DisplayHealth[] } | null>(null);
  const refresh = useCallback(async () => {
    const r = await api<{ alertAfterMinutes: number; displays: DisplayHealth[] }>('GET', '/api/v1/fleet');
    if (r.ok) setFleet(r.body);
  }, []);
  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), 5000);
    return () => clearInterval(timer);
  }, [refresh]);
  return { fleet, refresh };
}

export function DisplayState({ health }: { health: DisplayHealth | undefined }) {
  const moment = useMoment();
  if (!health) return null;
  const s = health.state;
  return (
    <p className="display-health" data-testid={`display-state-${health.id}`} data-state={s}>
      <span className={`lvl-${STATE_LEVEL[s]}`}>
        <span aria-hidden="true">{STATE_MARK[s]}</span> {STATE_TEXT[s]}
      </span>
      {health.since !== null && <> since {moment(health.since)}</>}
      {health.lastSeenAt !== null && s !== 'live' && <> · last seen {moment(health.lastSeenAt)}</>}
      {health.page && (
        <span className="muted" data-testid={`display-report-${health.id}`}>
          {' '}
          · {health.page}
          {health.screen && ` · ${health.screen.width}×${health.screen.height}`}
          {health.build && ` · build ${health.build.slice(0, 12)}`}
          {health.screens > 1 && ` · ${health.screens} screens`}
        </span>
      )}
      {health.notifiedAt !== null && <span className="muted"> · alert sent {moment(health.notifiedAt)}</span>}
    </p>
  );
}

/** How long a TV may be offline or not live before the alert channels are told. */
export function FleetAlertSetting({ minutes, onSaved }: { minutes: number; onSaved: () => void }) {
  const [value, setValue] = useState(String(minutes));
  const [error, setError] = useState<string | null>(null);
  useEffect(() => setValue(String(minutes)), [minutes]);
  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await api('PUT', '/api/v1/fleet/settings', { alertAfterMinutes: Number(value) });
    if (!r.ok) setError(r.error);
    onSaved();
  }
  return (
    <form className="settings-form" aria-label="Display alerts" onSubmit={save}>
      <div className="form-grid">
        <label htmlFor="fleet-alert-minutes">Alert when a TV is offline or not live for (minutes)</label>
        <input
          id="fleet-alert-minutes"
          type="number"
          min={1}
          max={1440}
          required
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
      </div>
      <FormError error={error} />
      <div className="form-actions">
        <button type="submit">Save</button>
      </div>
    </form>
  );
}
