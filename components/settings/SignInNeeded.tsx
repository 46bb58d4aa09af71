'use client';

/** A settings page opened without the right session: say so and offer the way in. */
export function SignInNeeded({ status }: { status: number }) {
  const next = typeof window === 'undefined' ? '/settings' : window.location.pathname;
  return (
    <p role="alert" className="form-error" data-testid="sign-in-needed">
      {status === 403
        ? 'Your account may not change settings: ask an admin. '
        : 'Sign in to change settings. '}
      <a href={`/login?next=${encodeURIComponent(next)}`}>Sign in</a>
    </p>
  );
}
