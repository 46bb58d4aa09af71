import { z } from 'zod';
import type { Settings } from '../domain/state';
import { DAY_START_PATTERN, isValidTimeZone } from '../domain/time';

/**
 * Settings → General (`/api/v1/settings/general`): which day the figures count (timezone, day start),
 * how boards write times and numbers, and the SLA / short-abandon seconds with per-queue overrides.
 * One schema for the server (validated when saved and when read back) and the settings page. Pure.
 */

/** How long history (server/storage/history.ts) is kept unless Settings → General says otherwise. */
export const DEFAULT_HISTORY_DAYS = 400;

/** Seconds typed into a form: an empty field is an error, never 0. */
const secondsOf = (label: string) =>
  z
    .number({
      error: (issue) =>
        issue.input === undefined || issue.input === null || issue.input === ''
          ? `Enter the ${label} in seconds`
          : `${label} must be a number of seconds`,
    })
    .int(`${label} must be whole seconds`)
    .min(0, `${label} must be 0 s or more`)
    .max(3600, `${label} must be at most 3600 s`);
const sla = secondsOf('SLA');
const shortAbandon = secondsOf('short-abandon time');

/** A BCP-47 tag the runtime can format numbers in, or 'auto' (the screen's own language). */
export function isSupportedLocale(tag: string): boolean {
  if (tag === 'auto') return true;
  try {
    return Intl.NumberFormat.supportedLocalesOf(tag).length > 0;
  } catch {
    return false; // not even a well-formed tag
  }
}

export const TIME_FORMATS = ['24h', '12h'] as const;
export type TimeFormat = (typeof TIME_FORMATS)[number];

/** A queue's own thresholds; a missing field falls back to the default. */
export const queueOverrideSchema = z.strictObject({
  slaSeconds: sla.optional(),
  shortAbandonSeconds: shortAbandon.optional(),
});
export type QueueOverride = z.infer<typeof queueOverrideSchema>;

/** Queue keys as the domain names them: "<scope>/<number>". */
export const queueKeySchema = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[^/\s]+\/\S+$/, 'expected <scope>/<queue>');

export const generalSettingsSchema = z.strictObject({
  timezone: z.string().refine(isValidTimeZone, 'not an IANA timezone this server knows (e.g. Europe/London)'),
  dayStartsAt: z.string().regex(DAY_START_PATTERN, 'expected HH:MM, 00:00 to 23:59').default('00:00'),
  timeFormat: z.enum(TIME_FORMATS).default('24h'),
  numberLocale: z
    .string()
    .refine(isSupportedLocale, 'not a language tag this server can format numbers in (e.g. en-GB), or auto')
    .default('auto'),
  slaSeconds: sla.default(20),
  shortAbandonSeconds: shortAbandon.default(5),
  queues: z.record(queueKeySchema, queueOverrideSchema).default({}),
  /** Days of history (reports) kept; the journal's own retention is separate and much shorter. */
  historyDays: z
    .number('Enter the days of history to keep')
    .int('Days of history must be a whole number')
    .min(1, 'Keep at least 1 day of history')
    .max(3660, 'Keep at most 3660 days (10 years) of history')
    .default(DEFAULT_HISTORY_DAYS),
});
export type GeneralSettings = z.infer<typeof generalSettingsSchema>;

/**
 * What a save must pass (the settings page checks the same before sending): the stored shape, and
 * for the defaults and every queue a short abandon no longer than the SLA (a call abandoned after the
 * SLA cannot be "short"). Stored settings are read with the plain schema, so a row saved before this
 * rule existed still loads.
 */
export const generalSettingsSaveSchema = generalSettingsSchema.superRefine((s, ctx) => {
  if (s.shortAbandonSeconds > s.slaSeconds)
    ctx.addIssue({
      code: 'custom',
      path: ['shortAbandonSeconds'],
      message: `The short-abandon time must not be longer than the SLA (${s.slaSeconds} s)`,
    });
  for (const [key, own] of Object.entries(s.queues)) {
    const slaSeconds = own.slaSeconds ?? s.slaSeconds;
    if ((own.shortAbandonSeconds ?? s.shortAbandonSeconds) > slaSeconds)
      ctx.addIssue({
        code: 'custom',
        path: ['queues', key, own.shortAbandonSeconds === undefined ? 'slaSeconds' : 'shortAbandonSeconds'],
        message: `${key}: the short-abandon time must not be longer than the SLA (${slaSeconds} s)`,
      });
  }
});

/** `PUT /api/v1/settings/queues/<key>`: null clears that override. */
export const queueOverridePutSchema = z.strictObject({
  slaSeconds: sla.nullable(),
  shortAbandonSeconds: shortAbandon.nullable(),
});

/** What a display (and anyone who may only watch a board) reads: how to write times and numbers. */
export type DisplayFormats = Pick<GeneralSettings, 'timezone' | 'timeFormat' | 'numberLocale'>;

export function displayFormatsOf(s: GeneralSettings): DisplayFormats {
  return { timezone: s.timezone, timeFormat: s.timeFormat, numberLocale: s.numberLocale };
}

/** The reducer's settings from the saved ones. */
export function domainSettingsOf(s: GeneralSettings): Settings {
  return {
    timezone: s.timezone,
    dayStartsAt: s.dayStartsAt,
    defaults: { slaSeconds: s.slaSeconds, shortAbandonSeconds: s.shortAbandonSeconds },
    queues: s.queues,
  };
}
