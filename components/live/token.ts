'use client';

import { useSyncExternalStore } from 'react';

/**
 * The `?token=` a board was opened with: the socket sends it as `auth.token`, board fetches as
 * `Authorization: Bearer`, and links between boards carry it on.
 */
export function readToken(): string | null {
  if (typeof window === 'undefined') return null;
  return new URLSearchParams(window.location.search).get('token');
}

const noop = () => () => {};

/** The token, null on the server (links render without it until hydrated). */
export function useToken(): string | null {
  return useSyncExternalStore(noop, readToken, () => null);
}

/** A same-origin path with the token carried on. */
export function withToken(path: string, token: string | null): string {
  if (!token) return path;
  const [base, hash] = path.split('#', 2);
  const sep = base?.includes('?') ? '&' : '?';
  return `${base}${sep}token=${encodeURIComponent(token)}${hash !== undefined ? `#${hash}` : ''}`;
}
