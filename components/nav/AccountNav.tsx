'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import { boardHref } from '../board/paths';
import { api } from '../settings/api';
import { settingsHrefOf, signOut, useMe } from './useMe';

/**
 * The one way around, in the header of every board and settings page (never the kiosk): the boards
 * the person may watch, Reports and Settings for people signed in, who is signed in, and Sign out
 * (or Sign in when nobody is).
 */
export function AccountNav({ showBoards = true }: { showBoards?: boolean }) {
  const me = useMe();
  const [boards, setBoards] = useState<{ id: string; name: string }[]>([]);
  useEffect(() => {
    if (!showBoards) return;
    void api<{ boards: { id: string; name: string }[] }>('GET', '/api/v1/boards').then(
      (r) => r.ok && setBoards(r.body.boards),
    );
  }, [showBoards]);
  if (me.state === 'loading') return null;
  const here = typeof window === 'undefined' ? '/' : window.location.pathname;
  return (
    <nav aria-label="Account" className="app-nav account-nav" data-testid="account-nav">
      <ul>
        {showBoards &&
          boards.map((b) => (
            <li key={b.id}>
              <Link href={boardHref(b.id)}>{b.name}</Link>
            </li>
          ))}
        {me.state === 'user' && (
          <>
            <li>
              <Link href="/reports">Reports</Link>
            </li>
            <li>
              <Link href="/messages">Messages</Link>
            </li>
            <li>
              <Link href={settingsHrefOf(me.role)}>Settings</Link>
            </li>
            <li className="account-user" data-testid="account-user">
              {me.email} ({me.role})
            </li>
            <li>
              <button type="button" className="link-button" onClick={() => void signOut()}>
                Sign out
              </button>
            </li>
          </>
        )}
        {me.state === 'signed-out' && (
          <li>
            <a href={`/login?next=${encodeURIComponent(here)}`}>Sign in</a>
          </li>
        )}
      </ul>
    </nav>
  );
}
