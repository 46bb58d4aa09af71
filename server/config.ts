import { hostname } from 'node:os';
import { z } from 'zod';
import { isValidTimeZone } from '../lib/domain/time';
import { accessOf, accessSchema } from './accessConfig';
import type { Config, PortsipConfig } from './configShape';

/**
 * The one reader of process.env. Everything is validated at start-up; a bad value stops the process
 * with a message naming the variable. Secrets stay in this object and are never logged.
 */

export type { Config, PortsipConfig } from './configShape';

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

const list = z
  .string()
  .optional()
  .transform((v) =>
    (v ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );

const flag = z
  .enum(['', '0', '1', 'true', 'false'], { message: 'expected 1/0 or true/false' })
  .optional()
  .transform((v) => v === '1' || v === 'true');

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const seconds = (fallback: number) =>
  z.coerce
    .number({ message: 'expected a number of seconds' })
    .int('expected whole seconds')
    .min(0)
    .max(3600)
    .default(fallback);

const fields = z.object({
  PORT: z.coerce.number({ message: 'expected a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('./data'),
  NODE_ENV: optionalText,
  PORTSIP_WSI_URL: optionalText.refine((v) => v === undefined || /^wss?:\/\/[^\s/]+/i.test(v), {
    message: 'expected a ws:// or wss:// URL',
  }),
  PORTSIP_USERNAME: optionalText,
  PORTSIP_EXTENSION: optionalText,
  PORTSIP_PASSWORD: optionalText,
  PORTSIP_DOMAIN: optionalText,
  PORTSIP_QUEUES: list,
  PORTSIP_EXTENSIONS: list,
  PORTSIP_TENANTS: list,
  PORTSIP_TLS_INSECURE: flag,
  PORTSIP_REST_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/]+/i.test(v), {
    message: 'expected an http:// or https:// URL (e.g. https://pbx:8887/api)',
  }),
  PORTSIP_REST_LOGIN_PATH: z
    .string()
    .regex(/^\/\S*$/, 'a path starting with /, e.g. /login or /auth/sign_in')
    .default('/login'),
  PORTSIP_REST_TENANT: optionalText,
  PORTSIP_REST_REFRESH_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  API_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'use at least 16 characters',
  }),
  METRICS_TOKEN: optionalText.refine((v) => v === undefined || v.length >= 16, {
    message: 'use at least 16 characters',
  }),
  PUBLIC_URL: optionalText.refine((v) => v === undefined || /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/i.test(v), {
    message:
      'expected an http:// or https:// URL without query or fragment (e.g. https://wallboard.example.com)',
  }),
  WALLBOARD_TIMEZONE: z
    .string()
    .default('UTC')
    .refine(isValidTimeZone, { message: 'not an IANA time zone (e.g. Europe/London)' }),
  SLA_SECONDS: seconds(20),
  SHORT_ABANDON_SECONDS: seconds(5),
  CLOCK_WARN_SECONDS: seconds(5),
  LOST_TRACK_HOURS: z.coerce.number({ message: 'expected hours' }).positive().max(48).default(4),
  RECONCILE_SECONDS: z.coerce
    .number({ message: 'expected a number of seconds (0: off)' })
    .int('expected whole seconds')
    .min(0)
    .max(86_400)
    .default(300),
  DEMO: flag,
  DEMO_DAY: z.enum(['today', 'empty', 'yesterday']).default('today'),
  DEMO_BREAK_SHARE: z.coerce
    .number({ message: 'expected a share from 0 to 1' })
    .min(0, 'expected a share from 0 to 1')
    .max(1, 'expected a share from 0 to 1')
    .default(0.06),
  WEBHOOK_TOKEN: optionalText.refine((v) => v === undefined || /^[A-Za-z0-9._~-]{16,200}$/.test(v), {
    message: 'use 16–200 URL-safe characters (letters, digits, . _ ~ -): it travels in URLs',
  }),
  JOURNAL_SYNC: z.enum(['full', 'normal']).default('full'),
  JOURNAL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(8),
  RAW_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(3),
  JOURNAL_MIN_FREE_MB: z.coerce
    .number({ message: 'expected megabytes' })
    .int()
    .min(0)
    .max(1_000_000)
    .default(16),
  CHECKPOINT_EVERY_SECONDS: z.coerce
    .number({ message: 'expected seconds' })
    .int()
    .min(10)
    .max(86_400)
    .default(300),
  CHECKPOINT_EVERY_EVENTS: z.coerce
    .number({ message: 'expected events' })
    .int()
    .min(1000)
    .max(10_000_000)
    .default(50_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  INSTANCE_ID: optionalText.refine((v) => v === undefined || /^[\w.:@-]{1,40}$/.test(v), {
    message: 'use 1–40 letters, digits or . _ : @ - (it names this instance in source health)',
  }),
  DATABASE_URL: optionalText.refine((v) => v === undefined || /^postgres(ql)?:\/\/\S+$/i.test(v), {
    message: 'expected a postgres:// or postgresql:// URL (e.g. postgres://callboard:…@db:5432/callboard)',
  }),
  ...accessSchema,
});

/**
 * DEMO=1 is one process with its own simulated PBX. On a shared DATABASE_URL each instance would
 * start simulators of its own, play the demo day into the one shared journal (the day counted once
 * per instance), point the saved demo connection at its own loopback port, and open the default
 * board without login to anyone reaching the cluster.
 */
const schema = fields.refine((e) => !(e.DEMO && e.DATABASE_URL !== undefined), {
  path: ['DEMO'],
  message:
    'DEMO=1 runs one process with its own simulated PBX and cannot share DATABASE_URL: unset one of them ' +
    '(to watch a cluster with the simulator, run `npm run demo:cluster`)',
});

export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ConfigError(String(issue?.path[0] ?? 'environment'), issue?.message ?? 'invalid');
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: e.DATA_DIR,
    production: e.NODE_ENV === 'production',
    portsip: portsipOf(e),
    apiToken: e.API_TOKEN ?? null,
    metricsToken: e.METRICS_TOKEN ?? null,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    timezone: e.WALLBOARD_TIMEZONE,
    slaSeconds: e.SLA_SECONDS,
    shortAbandonSeconds: e.SHORT_ABANDON_SECONDS,
    clockWarnSeconds: e.CLOCK_WARN_SECONDS,
    lostTrackHours: e.LOST_TRACK_HOURS,
    reconcileSeconds: e.RECONCILE_SECONDS,
    demo: e.DEMO,
    demoDay: e.DEMO_DAY,
    demoBreakShare: e.DEMO_BREAK_SHARE,
    webhookToken: e.WEBHOOK_TOKEN ?? null,
    journal: {
      synchronous: e.JOURNAL_SYNC,
      retentionDays: e.JOURNAL_RETENTION_DAYS,
      rawRetentionDays: e.RAW_RETENTION_DAYS,
      minFreeBytes: e.JOURNAL_MIN_FREE_MB * 1024 * 1024,
    },
    checkpoint: { everyMs: e.CHECKPOINT_EVERY_SECONDS * 1000, everyEvents: e.CHECKPOINT_EVERY_EVENTS },
    logLevel: e.LOG_LEVEL,
    access: accessOf(e, (variable, problem) => new ConfigError(variable, problem)),
    // Unique per running process, so a restarted instance is a new owner (it takes its links anew).
    instanceId: e.INSTANCE_ID ?? `${hostname()}:${process.pid}`.slice(-40),
    databaseUrl: e.DATABASE_URL ?? null,
  };
}

function portsipOf(e: z.infer<typeof schema>): PortsipConfig | null {
  if (e.PORTSIP_WSI_URL === undefined) return null;
  if (e.PORTSIP_USERNAME && e.PORTSIP_EXTENSION) {
    throw new ConfigError('PORTSIP_EXTENSION', 'set PORTSIP_USERNAME or PORTSIP_EXTENSION, not both');
  }
  if (!e.PORTSIP_USERNAME && !e.PORTSIP_EXTENSION) {
    throw new ConfigError(
      'PORTSIP_USERNAME',
      'PORTSIP_WSI_URL is set: give PORTSIP_USERNAME or PORTSIP_EXTENSION',
    );
  }
  if (!e.PORTSIP_PASSWORD)
    throw new ConfigError('PORTSIP_PASSWORD', 'PORTSIP_WSI_URL is set: a password is required');
  return {
    url: e.PORTSIP_WSI_URL,
    auth: {
      ...(e.PORTSIP_USERNAME ? { username: e.PORTSIP_USERNAME } : {}),
      ...(e.PORTSIP_EXTENSION ? { extension: e.PORTSIP_EXTENSION } : {}),
      password: e.PORTSIP_PASSWORD,
      ...(e.PORTSIP_DOMAIN ? { domain: e.PORTSIP_DOMAIN } : {}),
    },
    queues: e.PORTSIP_QUEUES,
    extensions: e.PORTSIP_EXTENSIONS,
    tenants: e.PORTSIP_TENANTS,
    tlsInsecure: e.PORTSIP_TLS_INSECURE,
    rest: restOf(e),
  };
}

function restOf(e: z.infer<typeof schema>): PortsipConfig['rest'] {
  if (e.PORTSIP_REST_URL === undefined) return null;
  if (!e.PORTSIP_USERNAME) {
    throw new ConfigError(
      'PORTSIP_REST_URL',
      'REST login needs PORTSIP_USERNAME (an extension number cannot log in there)',
    );
  }
  return {
    url: e.PORTSIP_REST_URL,
    loginPath: e.PORTSIP_REST_LOGIN_PATH,
    tenant: e.PORTSIP_REST_TENANT ?? (e.PORTSIP_TENANTS.length === 1 ? (e.PORTSIP_TENANTS[0] ?? null) : null),
    refreshSeconds: e.PORTSIP_REST_REFRESH_SECONDS,
  };
}

/** A connection URL fit for a log line: its password (if any) replaced. */
export function redactedUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparsable URL)';
  }
}
