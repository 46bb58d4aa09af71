'use client';

import { useState } from 'react';
import { api } from './api';
import { FormError } from './FormError';

/**
 * "Change my password", for anyone signed in (supervisors too). The server checks the current one,
 * signs out every other session and renews this one; the fields are cleared either way.
 */
export function ChangeMyPassword() {
  const [draft, setDraft] = useState({ currentPassword: '', newPassword: '' });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit() {
    setError(null);
    setDone(false);
    const r = await api('POST', '/api/v1/me/password', draft);
    setDraft({ currentPassword: '', newPassword: '' });
    if (r.ok) setDone(true);
    else setError(r.error);
  }

  return (
    <form
      className="settings-form"
      aria-label="Change my password"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      <h2>Change my password</h2>
      <div className="form-grid">
        <label htmlFor="me-current">Current password</label>
        <input
          id="me-current"
          type="password"
          autoComplete="current-password"
          required
          value={draft.currentPassword}
          onChange={(e) => setDraft({ ...draft, currentPassword: e.target.value })}
        />
        <label htmlFor="me-new">New password</label>
        <input
          id="me-new"
          type="password"
          autoComplete="new-password"
          minLength={10}
          required
          value={draft.newPassword}
          onChange={(e) => setDraft({ ...draft, newPassword: e.target.value })}
        />
      </div>
      <FormError error={error} />
      {done && (
        <p role="status" className="muted">
          Password changed. Your other sessions were signed out.
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary">
          Change my password
        </button>
      </div>
    </form>
  );
}
