'use client';

import { useState } from 'react';
import { MIN_PASSWORD_LENGTH, PASSWORD_RULE_TEXT, passwordProblem } from '../../lib/settings/passwordRule';
import { newUserSchema } from '../../lib/settings/users';
import { useMe } from '../nav/useMe';
import { api } from './api';
import { ChangeMyPassword } from './ChangeMyPassword';
import {
  FieldError,
  type FieldErrors,
  fieldErrorsOf,
  invalidProps,
  NO_ERRORS,
  otherErrors,
} from './FieldError';
import { FormError } from './FormError';
import { SettingsFrame } from './SettingsFrame';
import { type User, UserRow } from './UserRow';
import { useDraft } from './useDraft';
import { useSettingsList } from './useSettingsList';

/**
 * `/settings/users`: admins manage people (role, password reset, delete, new users); anyone signed in
 * changes their own password here, so a supervisor (403 on the list) sees that form alone.
 */
export function UsersPage() {
  const { load, refresh, denied } = useSettingsList<User>('/api/v1/users', 'users', null);
  const [draft, patchDraft, setDraft] = useDraft({
    email: '',
    password: '',
    role: 'supervisor' as User['role'],
  });
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const who = useMe();
  const me = who.state === 'user' ? (who.id ?? null) : null;

  async function run(method: string, path: string, body?: unknown): Promise<boolean> {
    setError(null);
    const password = (body as { password?: unknown } | undefined)?.password;
    const problem = typeof password === 'string' ? passwordProblem(password) : null;
    if (problem) {
      setError(problem);
      return false;
    }
    const r = await api(method, path, body);
    if (!r.ok) setError(r.error);
    await refresh();
    return r.ok;
  }

  /** A new user: checked with the server's own schema first, each problem under its field. */
  async function add(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const checked = newUserSchema.safeParse(draft);
    if (!checked.success) return setErrors(fieldErrorsOf(checked.error.issues));
    setErrors(NO_ERRORS);
    const r = await api('POST', '/api/v1/users', draft);
    if (r.ok) setDraft({ email: '', password: '', role: 'supervisor' });
    else if (r.issues) setErrors(fieldErrorsOf(r.issues));
    else setError(r.error);
    await refresh();
  }

  return (
    <SettingsFrame section="users" title="Users" denied={denied === 401 ? denied : null}>
      {denied === 403 ? (
        <p className="settings-intro">Only admins manage users; you can change your own password.</p>
      ) : (
        <p className="settings-intro">
          Admins can change everything; supervisors watch every board and tune thresholds. A password reset
          signs that user out everywhere; a role change applies at once.
        </p>
      )}
      <FormError error={error} />
      {load.state === 'ready' && (
        <ul className="settings-list" aria-label="Users">
          {load.list.map((u) => (
            <UserRow key={u.id} user={u} isMe={u.id === me} run={run} />
          ))}
        </ul>
      )}
      {load.state === 'ready' && (
        <form className="settings-form" aria-label="New user" noValidate onSubmit={(e) => void add(e)}>
          <div className="form-grid">
            <label htmlFor="user-email">Email</label>
            <span className="field">
              <input
                id="user-email"
                type="email"
                required
                value={draft.email}
                onChange={(e) => patchDraft({ email: e.target.value })}
                {...invalidProps(errors, 'email', 'user-email')}
              />
              <FieldError errors={errors} path="email" inputId="user-email" />
            </span>
            <label htmlFor="user-password">Password</label>
            <span className="field">
              <input
                id="user-password"
                type="password"
                autoComplete="new-password"
                minLength={MIN_PASSWORD_LENGTH}
                required
                aria-describedby="user-password-rule"
                value={draft.password}
                onChange={(e) => patchDraft({ password: e.target.value })}
                {...invalidProps(errors, 'password', 'user-password')}
              />
              <FieldError errors={errors} path="password" inputId="user-password" />
            </span>
            <span />
            <span id="user-password-rule" className="muted">
              {PASSWORD_RULE_TEXT}
            </span>
            <label htmlFor="user-role">Role</label>
            <select
              id="user-role"
              value={draft.role}
              onChange={(e) => patchDraft({ role: e.target.value as User['role'] })}
            >
              <option value="supervisor">supervisor</option>
              <option value="admin">admin</option>
            </select>
          </div>
          <FormError error={otherErrors(errors, ['email', 'password'])} />
          <div className="form-actions">
            <button type="submit" className="primary">
              Add user
            </button>
          </div>
        </form>
      )}
      {(load.state === 'ready' || denied === 403) && <ChangeMyPassword />}
    </SettingsFrame>
  );
}
