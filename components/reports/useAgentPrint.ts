'use client';

import { useEffect, useRef, useState } from 'react';
import type { AgentReportPage } from '../../lib/reports/agentRows';
import { api } from '../settings/api';

/** Print report's progress: idle (the page shows its page), loading every row, printed, or refused. */
export type AgentPrint =
  | { readonly state: 'idle' }
  | { readonly state: 'loading'; readonly url: string }
  | { readonly state: 'ready'; readonly url: string; readonly body: AgentReportPage }
  | { readonly state: 'error'; readonly url: string; readonly error: string };

/**
 * Print report (lib/reports/agentPrint.ts): `start` reads every row of the report at `url` (the
 * agents API without `limit`, the order of the page), shows them, and once they are on the page
 * calls the browser's print. After printing (`afterprint`) or "Back to pages" (`back`) the page shows
 * its page again. Another report or order (`url` changes) drops the rows loaded for the last one.
 */
export function useAgentPrint(url: string) {
  const [print, setPrint] = useState<AgentPrint>({ state: 'idle' });
  const printed = useRef<AgentReportPage | null>(null);
  // Another report or order: back to its pages (and a read still under way for the last is ignored).
  const stale = print.state !== 'idle' && print.url !== url;
  if (stale) setPrint({ state: 'idle' });
  const current: AgentPrint = stale ? { state: 'idle' } : print;

  useEffect(() => {
    if (current.state !== 'ready' || printed.current === current.body) return;
    // After the commit: every row is in the document when the browser lays out the paper.
    printed.current = current.body;
    window.print();
  }, [current]);

  useEffect(() => {
    const after = () => setPrint({ state: 'idle' });
    window.addEventListener('afterprint', after);
    return () => window.removeEventListener('afterprint', after);
  }, []);

  async function start() {
    setPrint({ state: 'loading', url });
    const r = await api<AgentReportPage>('GET', url);
    setPrint((p) =>
      p.state !== 'loading' || p.url !== url
        ? p
        : r.ok
          ? { state: 'ready', url, body: r.body }
          : { state: 'error', url, error: `The server refused every row (${r.status}): ${r.error}` },
    );
  }
  return { print: current, start, back: () => setPrint({ state: 'idle' }) };
}
