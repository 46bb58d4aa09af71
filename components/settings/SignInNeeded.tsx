'use client';

import Link from 'next/link';
import { signOut } from '../nav/useMe';

/**
 * A settings page opened without the right session. Signed out: the way in (and back to this page).
 * Signed in without the right: say so, and offer the boards and Sign out, not a sign-in.
 */
export function SignInNeeded({ status }: { status: number }) {
  const next = typeof window === 'undefined' ? '/settings' : window.location.pathname;
  if (status === 403)
    return (
      <div role="alert" data-testid="not-allowed">
        <p className="form-error">Your account may not change these settings: ask an admin.</p>
        <p>
          <Link href="/">Go to the boards</Link> ·{' '}
          <button type="button" className="link-button" onClick={() => void signOut()}>
            Sign out
          </button>
        </p>
      </div>
    );
  return (
    <p role="alert" className="notice" data-testid="sign-in-needed">
      Sign in to change settings. <a href={`/login?next=${encodeURIComponent(next)}`}>Sign in</a>
    </p>
  );
}
