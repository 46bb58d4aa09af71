'use client';

import { api } from '../settings/api';

/**
 * Where a person lands after signing in when no page asked for them (`next`): supervisors on the
 * boards they watch; an admin on the PBX settings while nothing feeds the boards (the first thing to
 * set up), else on the boards too.
 */
export async function landingOf(role: string | undefined): Promise<string> {
  if (role !== 'admin') return '/';
  const r = await api<{ connections?: unknown[] }>('GET', '/api/v1/pbx-connections');
  const sources = r.ok ? (r.body.connections?.length ?? 0) : 1;
  return sources === 0 ? '/settings/pbx' : '/';
}
