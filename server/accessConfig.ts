import { z } from 'zod';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../lib/settings/passwordRule';

/**
 * The accounts-and-access part of the environment (config.ts, the one reader of process.env, hands
 * the variables over). Kept apart so config.ts stays readable.
 */
export interface AccessConfig {
  /** Believe X-Forwarded-Proto/-Host/-For from the one reverse proxy in front (https detection, client IP). */
  readonly trustProxy: boolean;
  /** A person's session ends after this long without a request. */
  readonly sessionIdleHours: number;
  /** The secret box's key; null = use (or create) DATA_DIR/secret.key. */
  readonly secretKey: Buffer | null;
  /** Seeds the first admin when no user exists yet; null = the /setup page does. */
  readonly adminSeed: { readonly email: string; readonly password: string } | null;
}

/** The password rule's length (lib/settings/passwordRule.ts), re-exported for the config's readers. */
export { MIN_PASSWORD_LENGTH };

const KEY_BYTES = 32;

/** 64 hex digits, or base64 / base64url of 32 bytes (`openssl rand -base64 32`). */
export function decodeSecretKey(text: string): Buffer | null {
  const t = text.trim();
  if (/^[0-9a-f]{64}$/i.test(t)) return Buffer.from(t, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(t)) {
    const key = Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    return key.length === KEY_BYTES ? key : null;
  }
  return null;
}

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

export const accessSchema = {
  TRUST_PROXY: z
    .enum(['', '0', '1', 'true', 'false'], { message: 'expected 1/0 or true/false' })
    .optional()
    .transform((v) => v === '1' || v === 'true'),
  SESSION_IDLE_HOURS: z.coerce
    .number({ message: 'expected a number of hours' })
    .int('expected whole hours')
    .min(1)
    .max(24 * 30)
    .default(12),
  // The message never repeats the value: it is a key.
  SECRET_KEY: optionalText.refine((v) => v === undefined || decodeSecretKey(v) !== null, {
    message: 'expected 32 bytes as 64 hex digits or base64 (e.g. `openssl rand -base64 32`)',
  }),
  ADMIN_EMAIL: optionalText.refine((v) => v === undefined || z.email().safeParse(v).success, {
    message: 'not an email address',
  }),
  // Not trimmed: spaces may be part of a password.
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((v) => (v === '' ? undefined : v))
    .superRefine((v, ctx) => {
      const problem = v === undefined ? null : passwordProblem(v);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
};

type AccessEnv = { [K in keyof typeof accessSchema]: z.infer<(typeof accessSchema)[K]> };

/** Throws `problem(variable, message)` (config.ts's ConfigError) for rules across variables. */
export function accessOf(e: AccessEnv, problem: (variable: string, message: string) => Error): AccessConfig {
  if ((e.ADMIN_EMAIL === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    throw problem(
      e.ADMIN_EMAIL === undefined ? 'ADMIN_EMAIL' : 'ADMIN_PASSWORD',
      'set ADMIN_EMAIL and ADMIN_PASSWORD together, or neither',
    );
  }
  return {
    trustProxy: e.TRUST_PROXY,
    sessionIdleHours: e.SESSION_IDLE_HOURS,
    secretKey: e.SECRET_KEY === undefined ? null : decodeSecretKey(e.SECRET_KEY),
    adminSeed:
      e.ADMIN_EMAIL !== undefined && e.ADMIN_PASSWORD !== undefined
        ? { email: e.ADMIN_EMAIL.toLowerCase(), password: e.ADMIN_PASSWORD }
        : null,
  };
}
