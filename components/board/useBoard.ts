'use client';

import { useEffect } from 'react';
import { authHeaders, BOARDS_URL, boardUrl, readBoardList, readBoardResponse } from '../../lib/board/api';
import { useWallboard, useWallboardStore } from '../live/StoreProvider';
import type { BoardEntry } from '../live/store';
import { readToken } from '../live/token';

const TIMEOUT_MS = 10_000;
/** A board that failed to load is tried again, backing off to this. */
const RETRY_MAX_MS = 60_000;

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
  try {
    const res = await fetch(url, {
      headers: { accept: 'application/json', ...authHeaders(readToken()) },
      cache: 'no-store',
      signal: controller.signal,
    });
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    return { status: res.status, body };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A board's configuration from `GET /api/v1/boards/<id>`, kept in the per-app store (so moving between
 * a board's pages does not fetch it again). While it loads: `{status: 'loading'}`; a failure is an
 * error entry (the page shows it) retried with backoff; a board already shown stays shown when a
 * refresh fails. `refreshMs` re-reads it (the kiosk picks up a changed board without a reload).
 */
export function useBoard(id: string, refreshMs: number | null = null): BoardEntry {
  const store = useWallboardStore();
  const entry = useWallboard((s) => s.boards[id]);
  useEffect(() => {
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    const load = async () => {
      const current = store.getState().boards[id];
      if (!current) store.getState().setBoard(id, { status: 'loading' });
      let next: BoardEntry;
      try {
        const { status, body } = await getJson(boardUrl(id));
        const result = readBoardResponse(id, status, body);
        next = result.ok
          ? { status: 'ready', board: result.board }
          : { status: 'error', code: result.status, error: result.error };
      } catch (err) {
        next = {
          status: 'error',
          code: 0,
          error:
            (err as Error)?.name === 'AbortError'
              ? 'The server did not answer in time.'
              : 'Could not reach the server.',
        };
      }
      if (cancelled) return;
      const shown = store.getState().boards[id];
      const keepShown = next.status === 'error' && shown?.status === 'ready' && next.code !== 404;
      if (!keepShown) store.getState().setBoard(id, next);
      const ok = next.status === 'ready';
      failures = ok ? 0 : failures + 1;
      const wait = ok ? refreshMs : Math.min(RETRY_MAX_MS, 2000 * 2 ** Math.min(failures, 5));
      if (wait !== null) timer = setTimeout(() => void load(), wait);
    };
    const current = store.getState().boards[id];
    if (current?.status !== 'ready' || refreshMs !== null) void load();
    return () => {
      cancelled = true;
      if (timer !== null) clearTimeout(timer);
    };
  }, [id, refreshMs, store]);
  return entry ?? { status: 'loading' };
}

/** The boards there are, for the board switcher (empty until loaded or when the list fails). */
export function useBoardList(): void {
  const store = useWallboardStore();
  useEffect(() => {
    if (store.getState().boardList !== null) return;
    let cancelled = false;
    getJson(BOARDS_URL)
      .then(({ status, body }) => {
        if (!cancelled && status === 200) store.getState().setBoardList(readBoardList(body));
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [store]);
}
