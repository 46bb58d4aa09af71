'use client';

import { useEffect, useState } from 'react';
import { api } from '../settings/api';
import { CredentialsForm } from './CredentialsForm';

/**
 * `/login` and `/setup`. Setup is offered only while no account exists (the server decides); once one
 * does, `/setup` sends people to the login, and `/login` to setup while none does.
 */
export function AuthPage({ mode }: { mode: 'login' | 'setup' }) {
  const [needsSetup, setNeedsSetup] = useState<boolean | null>(null);
  useEffect(() => {
    void api<{ needsSetup: boolean }>('GET', '/api/v1/setup').then((r) =>
      setNeedsSetup(r.ok ? r.body.needsSetup : false),
    );
  }, []);
  const setup = mode === 'setup';
  return (
    <div data-theme="dark" className="app">
      <main id="main" className="app-main settings">
        <h1>{setup ? 'Set up Callboard' : 'Sign in to Callboard'}</h1>
        {needsSetup === null && <p className="notice">Loading…</p>}
        {needsSetup === true && !setup && (
          <p className="notice">
            No account exists yet: <a href="/setup">create the first admin</a>.
          </p>
        )}
        {needsSetup === false && setup && (
          <p className="notice">
            Setup is done. <a href="/login">Sign in</a>.
          </p>
        )}
        {needsSetup === setup && (
          <>
            {setup && (
              <p className="settings-intro">
                Create the first admin account (password of at least 10 characters).
              </p>
            )}
            <CredentialsForm
              endpoint={setup ? '/api/v1/setup' : '/api/v1/login'}
              submitLabel={setup ? 'Create admin' : 'Sign in'}
              newPassword={setup}
            />
          </>
        )}
      </main>
    </div>
  );
}
