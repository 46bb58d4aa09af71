'use client';

import { useState } from 'react';
import { MIN_PASSWORD_LENGTH, PASSWORD_RULE_TEXT, passwordProblem } from '../../lib/settings/passwordRule';
import { api } from './api';
import { FormError } from './FormError';
import { useDraft } from './useDraft';

/**
 * "Change my password", for anyone signed in (supervisors too). The server checks the current one,
 * signs out every other session and renews this one; the fields are cleared either way.
 */
export function ChangeMyPassword() {
  const [draft, patchDraft, setDraft] = useDraft({ currentPassword: '', newPassword: '' });
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function submit() {
    setError(null);
    setDone(false);
    const problem = passwordProblem(draft.newPassword);
    if (problem) return setError(problem);
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
          onChange={(e) => patchDraft({ currentPassword: e.target.value })}
        />
        <label htmlFor="me-new">New password</label>
        <input
          id="me-new"
          type="password"
          autoComplete="new-password"
          minLength={MIN_PASSWORD_LENGTH}
          required
          aria-describedby="me-new-rule"
          value={draft.newPassword}
          onChange={(e) => patchDraft({ newPassword: e.target.value })}
        />
        <span />
        <span id="me-new-rule" className="muted">
          {PASSWORD_RULE_TEXT}
        </span>
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
