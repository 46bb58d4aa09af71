'use client';

/**
 * Field-by-field problems of a form, from the shared schema (checked before sending) or the server's
 * 422 `issues`: each shown under its input in plain words, the input marked invalid and described by it.
 */
export type FieldErrors = Readonly<Record<string, string>>;

export const NO_ERRORS: FieldErrors = {};

/** The first message per path; issues of a schema error or of a 4xx body alike. */
export function fieldErrorsOf(issues: readonly { path: string | readonly PropertyKey[]; message: string }[]) {
  const out: Record<string, string> = {};
  for (const i of issues) {
    const path = typeof i.path === 'string' ? i.path : i.path.map(String).join('.');
    out[path] ??= i.message;
  }
  return out;
}

/** The id of the message element of a field. */
const messageId = (inputId: string) => `${inputId}-error`;

/** Props for the input: aria-invalid and aria-describedby when its path has a problem. */
export function invalidProps(errors: FieldErrors, path: string, inputId: string) {
  return errors[path] === undefined
    ? {}
    : { 'aria-invalid': true as const, 'aria-describedby': messageId(inputId) };
}

/** The message under an input, or nothing. */
export function FieldError({
  errors,
  path,
  inputId,
}: {
  errors: FieldErrors;
  path: string;
  inputId: string;
}) {
  const message = errors[path];
  if (message === undefined) return null;
  return (
    <span id={messageId(inputId)} className="field-error" data-testid={`error-${path}`}>
      {message}
    </span>
  );
}

/** Messages whose field the form does not show, so none is lost; nothing when there are none. */
export function otherErrors(errors: FieldErrors, shown: readonly string[]): string | null {
  const rest = Object.entries(errors).filter(([path]) => !shown.includes(path));
  return rest.length === 0 ? null : rest.map(([, m]) => m).join(' ');
}
