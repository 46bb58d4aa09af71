'use client';

import { authHeaders } from '../../lib/board/api';
import type { AlertView } from '../../lib/protocol';
import { readToken } from '../live/token';

/** The alerts API from a page: the session cookie, or the page's `?token=` (API token). */
export async function alertAction(
  id: number,
  what: 'acknowledge' | 'snooze',
  body: object,
): Promise<{ ok: true; alert: AlertView } | { ok: false; error: string }> {
  try {
    const res = await fetch(`/api/v1/alerts/${id}/${what}`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        ...authHeaders(readToken()),
      },
      body: JSON.stringify(body),
      credentials: 'same-origin',
    });
    const parsed = (await res.json().catch(() => null)) as { alert?: AlertView; error?: string } | null;
    if (res.ok && parsed?.alert) return { ok: true, alert: parsed.alert };
    return { ok: false, error: parsed?.error ?? `HTTP ${res.status}` };
  } catch {
    return { ok: false, error: 'the server could not be reached' };
  }
}

export async function listAlerts(
  query: string,
): Promise<{ ok: true; alerts: AlertView[]; next: number | null } | { ok: false; error: string }> {
  try {
    const res = await fetch(`/api/v1/alerts?${query}`, {
      headers: { accept: 'application/json', ...authHeaders(readToken()) },
      credentials: 'same-origin',
      cache: 'no-store',
    });
    const parsed = (await res.json().catch(() => null)) as {
      alerts?: AlertView[];
      next?: number | null;
      error?: string;
    } | null;
    if (res.ok && parsed?.alerts) return { ok: true, alerts: parsed.alerts, next: parsed.next ?? null };
    return { ok: false, error: parsed?.error ?? `HTTP ${res.status}` };
  } catch {
    return { ok: false, error: 'the server could not be reached' };
  }
}
