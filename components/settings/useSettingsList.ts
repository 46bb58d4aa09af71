'use client';

import { useCallback, useEffect, useState } from 'react';
import { api } from './api';

/** A settings list as loaded: `denied` (401 / 403) is the page's sign-in case. */
export type ListLoad<T> =
  | { state: 'loading' }
  | { state: 'error'; status: number; error: string }
  | { state: 'ready'; list: T[]; body: Readonly<Record<string, unknown>> };

/**
 * GET a settings list (`{ [field]: [...] }`) now and every `refreshMs` (live status, last seen), and
 * again after every change the page makes (`refresh`).
 */
export function useSettingsList<T>(url: string, field: string, refreshMs: number | null = null) {
  const [load, setLoad] = useState<ListLoad<T>>({ state: 'loading' });
  const refresh = useCallback(async () => {
    const r = await api<Record<string, T[]>>('GET', url);
    setLoad(
      r.ok
        ? { state: 'ready', list: r.body[field] ?? [], body: r.body }
        : { state: 'error', status: r.status, error: r.error },
    );
  }, [url, field]);
  useEffect(() => {
    void refresh();
    if (refreshMs === null) return;
    const timer = setInterval(() => void refresh(), refreshMs);
    return () => clearInterval(timer);
  }, [refresh, refreshMs]);
  const denied = load.state === 'error' && (load.status === 401 || load.status === 403) ? load.status : null;
  return { load, refresh, denied };
}
