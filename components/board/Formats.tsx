'use client';

import { createContext, type ReactNode, useContext, useEffect, useMemo, useState } from 'react';
import { authHeaders } from '../../lib/board/api';
import {
  createFormatter,
  DEFAULT_FORMATS,
  type DisplayFormats,
  type Formatter,
  readFormats,
} from '../../lib/board/format';
import { useWallboard } from '../live/StoreProvider';
import { readToken } from '../live/token';

/**
 * The board's formats (Settings → General: 12/24 h clock, number language, timezone), read from
 * `GET /api/v1/settings/general` with the page's token (a display's token may read them), and again
 * whenever the server says they were saved or the link comes back (the store's `settingsRevision`),
 * so a kiosk follows a change within a second, without a reload. A slow poll (`refreshMs`) is the net
 * under that: a message lost between two reconnects still arrives. Until they arrive, or when they
 * cannot be read, the defaults (24 h, the screen's language and timezone) apply.
 */
const SETTINGS_URL = '/api/v1/settings/general';
const DEFAULT_FORMATTER = createFormatter(DEFAULT_FORMATS);
const Ctx = createContext<Formatter>(DEFAULT_FORMATTER);

export function FormatsProvider({
  children,
  refreshMs = 5 * 60_000,
}: {
  children: ReactNode;
  refreshMs?: number;
}) {
  const [formats, setFormats] = useState<DisplayFormats>(DEFAULT_FORMATS);
  const revision = useWallboard((s) => s.settingsRevision);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `revision` is the trigger: each change re-runs this effect, which reads the formats at once.
  useEffect(() => {
    let cancelled = false;
    const load = async () => {
      try {
        const res = await fetch(SETTINGS_URL, {
          headers: { accept: 'application/json', ...authHeaders(readToken()) },
          cache: 'no-store',
        });
        if (!res.ok || cancelled) return;
        const next = readFormats(await res.json());
        if (!cancelled) setFormats((prev) => (JSON.stringify(prev) === JSON.stringify(next) ? prev : next));
      } catch {
        // Keep what we have: a board never goes blank over its formats.
      }
    };
    void load();
    const timer = setInterval(() => void load(), refreshMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [refreshMs, revision]);
  const formatter = useMemo(() => createFormatter(formats), [formats]);
  return <Ctx.Provider value={formatter}>{children}</Ctx.Provider>;
}

/** The board's formatter (the defaults outside a FormatsProvider). */
export function useFormat(): Formatter {
  return useContext(Ctx);
}

/**
 * "14:02:11" today, "21 Nov, 14:02:11" before: a moment in the configured clock, timezone and language
 * (settings pages: last seen, received at, tested at).
 */
export function useMoment(): (at: number) => string {
  const format = useFormat();
  return (at) => format.moment(at, Date.now());
}
