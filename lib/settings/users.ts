import { z } from 'zod';
import { passwordProblem } from './passwordRule';

/**
 * The Users form's schemas, shared by the server (server/http/users.ts) and the browser
 * (components/settings/UsersPage.tsx), so both say the same words under the same field.
 */
export const roleSchema = z.enum(['admin', 'supervisor']);

/** A password someone sets (a new user's, a reset): the one password rule (passwordRule.ts). */
export const newPasswordSchema = z.string().superRefine((password, ctx) => {
  const problem = passwordProblem(password);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const newUserSchema = z.object({
  email: z
    .string()
    .trim()
    .max(254, 'Use at most 254 characters')
    .pipe(z.email({ message: 'Enter an email address, like name@example.com' })),
  password: newPasswordSchema,
  role: roleSchema,
});
