'use client';

import { useEffect, useState } from 'react';
import { CLOSING_RETRY_MS, hasClosingDays } from '../../lib/reports/closing';
import { api } from '../settings/api';

/** A report's JSON: loading, the server's refusal (status and its text), or the body. */
export type ReportLoad<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly status: number; readonly error: string }
  | { readonly state: 'ready'; readonly body: T };

/** While a range holds today its figures move (today is live in the API): read them again this often. */
const LIVE_REFRESH_MS = 60_000;

/**
 * Reads `url` (same origin, the session cookie) whenever it changes, and every minute while `live`;
 * again after a few seconds while the answer names days still being closed after a restart.
 * A refresh keeps the figures shown until the new ones arrive; a new query shows "loading".
 */
export function useReportJson<T>(url: string | null, live: boolean): ReportLoad<T> {
  const [load, setLoad] = useState<{ url: string | null; load: ReportLoad<T> }>({
    url: null,
    load: { state: 'loading' },
  });
  useEffect(() => {
    if (url === null) return;
    let cancelled = false;
    let again: ReturnType<typeof setTimeout> | null = null;
    const read = async () => {
      const r = await api<T>('GET', url);
      if (cancelled) return;
      setLoad({
        url,
        load: r.ok ? { state: 'ready', body: r.body } : { state: 'error', status: r.status, error: r.error },
      });
      if (r.ok && hasClosingDays(r.body)) again = setTimeout(() => void read(), CLOSING_RETRY_MS);
    };
    void read();
    const timer = live ? setInterval(() => void read(), LIVE_REFRESH_MS) : null;
    return () => {
      cancelled = true;
      if (timer) clearInterval(timer);
      if (again) clearTimeout(again);
    };
  }, [url, live]);
  return load.url === url ? load.load : { state: 'loading' };
}
