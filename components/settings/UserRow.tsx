'use client';

import { useState } from 'react';
import { useMoment } from '../board/Formats';

export interface User {
  id: number;
  email: string;
  role: 'admin' | 'supervisor';
  createdAt: number;
}

/**
 * One user on the Users page: role select, "Reset password" (signs that user out everywhere) and
 * delete. One's own row has no reset: that is "Change my password", which asks for the current one.
 */
export function UserRow({
  user,
  isMe,
  run,
}: {
  user: User;
  isMe: boolean;
  run: (method: string, path: string, body?: unknown) => Promise<boolean>;
}) {
  const moment = useMoment();
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const u = user;

  return (
    <li data-testid={`user-${u.id}`}>
      <div>
        <strong>{u.email}</strong>{' '}
        <span className="muted">
          {isMe ? 'you · ' : ''}since {moment(u.createdAt)}
        </span>
      </div>
      <div className="form-actions">
        <label className="check">
          Role{' '}
          <select
            aria-label={`Role of ${u.email}`}
            value={u.role}
            onChange={(e) => {
              const role = e.target.value;
              if (!isMe || window.confirm('Give up your own admin rights?'))
                void run('PATCH', `/api/v1/users/${u.id}`, { role });
            }}
          >
            <option value="supervisor">supervisor</option>
            <option value="admin">admin</option>
          </select>
        </label>
        {!isMe && !resetting && (
          <button type="button" onClick={() => setResetting(true)}>
            Reset password
          </button>
        )}
        {resetting && (
          <form
            className="form-actions"
            aria-label={`New password for ${u.email}`}
            onSubmit={(e) => {
              e.preventDefault();
              void run('POST', `/api/v1/users/${u.id}/password`, { password }).then((ok) => {
                setPassword('');
                if (ok) setResetting(false);
              });
            }}
          >
            <input
              type="password"
              aria-label={`New password for ${u.email}`}
              autoComplete="new-password"
              minLength={10}
              required
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <button type="submit">Set password</button>
            <button type="button" onClick={() => setResetting(false)}>
              Cancel
            </button>
          </form>
        )}
        <button
          type="button"
          onClick={() => window.confirm(`Delete ${u.email}?`) && void run('DELETE', `/api/v1/users/${u.id}`)}
        >
          Delete
        </button>
      </div>
    </li>
  );
}
