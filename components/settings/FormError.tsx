/** A refusal or failure the server explained (its `error` text), announced to screen readers. Nothing when null. */
export function FormError({ error, testId }: { error: string | null; testId?: string }) {
  if (error === null) return null;
  return (
    <p role="alert" className="form-error" data-testid={testId}>
      {error}
    </p>
  );
}
