'use client';

import { useState } from 'react';
import { MIN_PASSWORD_LENGTH, PASSWORD_RULE_TEXT, passwordProblem } from '../../lib/settings/passwordRule';
import { landingOf } from '../nav/landing';
import { api } from '../settings/api';
import { FormError } from '../settings/FormError';
import { safeNext } from './safeNext';

/**
 * Email + password, posted to `/api/v1/login` or `/api/v1/setup`; the session cookie comes back
 * httpOnly. On success the browser goes to `next` when it is a path on this site (safeNext.ts: never
 * an open redirect), else to the settings.
 */
export function CredentialsForm({
  endpoint,
  submitLabel,
  newPassword,
}: {
  endpoint: '/api/v1/login' | '/api/v1/setup';
  submitLabel: string;
  newPassword?: boolean;
}) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    // A new password meets the server's rule before it is sent (the same rule, said the same way).
    const problem = newPassword ? passwordProblem(password) : null;
    if (problem) return setError(problem);
    setBusy(true);
    const r = await api<{ user?: { role?: string } }>('POST', endpoint, { email, password });
    setBusy(false);
    if (!r.ok) {
      setError(r.error);
      return;
    }
    const next = new URLSearchParams(window.location.search).get('next');
    // A missing or off-site `next` lands each role where it works.
    const fallback = await landingOf(r.body.user?.role);
    window.location.assign(safeNext(next, window.location.origin, fallback));
  }

  return (
    <form className="settings-form auth-form" onSubmit={submit}>
      <div className="form-grid">
        <label htmlFor="auth-email">Email</label>
        <input
          id="auth-email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <label htmlFor="auth-password">Password</label>
        <input
          id="auth-password"
          type="password"
          autoComplete={newPassword ? 'new-password' : 'current-password'}
          minLength={newPassword ? MIN_PASSWORD_LENGTH : undefined}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          {...(newPassword ? { 'aria-describedby': 'auth-password-rule' } : {})}
        />
        {newPassword && (
          <>
            <span />
            <span id="auth-password-rule" className="muted">
              {PASSWORD_RULE_TEXT}
            </span>
          </>
        )}
      </div>
      <FormError error={error} testId="auth-error" />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? '…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
