'use client';

import { useState } from 'react';
import { formatClock } from '../live/format';
import { api } from './api';
import { FormError } from './FormError';
import { SettingsFrame } from './SettingsFrame';
import { useSettingsList } from './useSettingsList';

interface User {
  id: number;
  email: string;
  role: 'admin' | 'supervisor';
  createdAt: number;
}

/** `/settings/users`: admins and supervisors. Admins only. */
export function UsersPage() {
  const { load, refresh, denied } = useSettingsList<User>('/api/v1/users', 'users', null);
  const [draft, setDraft] = useState({ email: '', password: '', role: 'supervisor' as User['role'] });
  const [error, setError] = useState<string | null>(null);

  async function run(method: string, path: string, body?: unknown) {
    setError(null);
    const r = await api(method, path, body);
    if (!r.ok) setError(r.error);
    else if (method === 'POST') setDraft({ email: '', password: '', role: 'supervisor' });
    await refresh();
  }

  return (
    <SettingsFrame section="users" title="Users" denied={denied}>
      <p className="settings-intro">
        Admins can change everything; supervisors watch every board and tune thresholds.
      </p>
      <FormError error={error} />
      {load.state === 'ready' && (
        <ul className="settings-list" aria-label="Users">
          {load.list.map((u) => (
            <li key={u.id} data-testid={`user-${u.id}`}>
              <div>
                <strong>{u.email}</strong>{' '}
                <span className="muted">
                  {u.role} · since {formatClock(u.createdAt)}
                </span>
              </div>
              <div className="form-actions">
                <button
                  type="button"
                  onClick={() =>
                    window.confirm(`Delete ${u.email}?`) && void run('DELETE', `/api/v1/users/${u.id}`)
                  }
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form
        className="settings-form"
        aria-label="New user"
        onSubmit={(e) => {
          e.preventDefault();
          void run('POST', '/api/v1/users', draft);
        }}
      >
        <div className="form-grid">
          <label htmlFor="user-email">Email</label>
          <input
            id="user-email"
            type="email"
            required
            value={draft.email}
            onChange={(e) => setDraft({ ...draft, email: e.target.value })}
          />
          <label htmlFor="user-password">Password</label>
          <input
            id="user-password"
            type="password"
            autoComplete="new-password"
            minLength={10}
            required
            value={draft.password}
            onChange={(e) => setDraft({ ...draft, password: e.target.value })}
          />
          <label htmlFor="user-role">Role</label>
          <select
            id="user-role"
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.target.value as User['role'] })}
          >
            <option value="supervisor">supervisor</option>
            <option value="admin">admin</option>
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            Add user
          </button>
        </div>
      </form>
    </SettingsFrame>
  );
}
