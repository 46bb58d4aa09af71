'use client';

import { useEffect, useState } from 'react';
import { api } from '../settings/api';

/** Who `/api/v1/me` says is signed in: a person with a role, or nobody (signed out). */
export type Me =
  | { state: 'loading' }
  | { state: 'signed-out' }
  | { state: 'user'; id?: number; email: string; role: 'admin' | 'supervisor' }
  | { state: 'other'; kind: string };

/** Asks the server once per mount; the session cookie decides. */
export function useMe(): Me {
  const [me, setMe] = useState<Me>({ state: 'loading' });
  useEffect(() => {
    let live = true;
    void api<{ kind: string; id?: number; email?: string; role?: 'admin' | 'supervisor' }>(
      'GET',
      '/api/v1/me',
    ).then((r) => {
      if (!live) return;
      if (!r.ok) setMe({ state: 'signed-out' });
      else if (r.body.kind === 'user' && r.body.email && r.body.role)
        setMe({ state: 'user', id: r.body.id, email: r.body.email, role: r.body.role });
      else setMe({ state: 'other', kind: r.body.kind });
    });
    return () => {
      live = false;
    };
  }, []);
  return me;
}

/** Where a role's Settings link goes: admins to all of it, supervisors to the boards (thresholds). */
export function settingsHrefOf(role: 'admin' | 'supervisor'): string {
  return role === 'admin' ? '/settings/general' : '/settings/boards';
}

/** Ends the session, then the sign-in page. */
export async function signOut(): Promise<void> {
  await api('POST', '/api/v1/logout');
  window.location.assign('/login');
}
