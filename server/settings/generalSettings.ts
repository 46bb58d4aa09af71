import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Settings } from '../../lib/domain/state';
import {
  domainSettingsOf,
  type GeneralSettings,
  generalSettingsSaveSchema,
  generalSettingsSchema,
  type QueueOverride,
} from '../../lib/settings/general';
import type { Principal } from '../auth';
import { createGeneralSettingsApi } from '../http/generalSettings';
import type { Guard } from '../http/guard';
import type { SettingsStore } from '../storage/types';

/**
 * Settings → General, running: loaded (and on the first start seeded from the environment) before the
 * hub exists, validated on the way in and out, and applied live on save. New thresholds only recount
 * today; a new timezone or day start moves the day, so the hub rebuilds it from the journal.
 */
const KEY = 'general';

/** What the environment seeds on the first start (WALLBOARD_TIMEZONE, SLA_SECONDS, SHORT_ABANDON_SECONDS). */
export interface GeneralSeed {
  readonly timezone: string;
  readonly slaSeconds: number;
  readonly shortAbandonSeconds: number;
}

/**
 * The stored settings; the seed (saved) when there are none yet. A stored row that no longer passes
 * the schema is not used (logged, left in place for a person to look at): the seed stands in.
 */
export async function loadGeneralSettings(
  store: Pick<SettingsStore, 'get' | 'put'>,
  seed: GeneralSeed,
  now: number,
  logger: Logger,
): Promise<GeneralSettings> {
  const fallback = generalSettingsSchema.parse({
    timezone: seed.timezone,
    slaSeconds: seed.slaSeconds,
    shortAbandonSeconds: seed.shortAbandonSeconds,
  });
  const stored = await store.get(KEY);
  if (stored === undefined) {
    await store.put(KEY, fallback, now);
    return fallback;
  }
  const parsed = generalSettingsSchema.safeParse(stored);
  if (parsed.success) return parsed.data;
  logger.error({ issues: parsed.error.issues }, 'stored general settings are invalid; using the environment');
  return fallback;
}

export interface GeneralSettingsOptions {
  readonly store: Pick<SettingsStore, 'get' | 'put'>;
  readonly initial: GeneralSettings;
  readonly hub: { applySettings(settings: Settings): void };
  /**
   * A moved day window: today again from the journal, under the settings the getter gives when the
   * rebuild runs (server/recording.ts; it waits until the journal holds all the board has applied).
   */
  readonly rebuildToday: (settings: () => Settings) => Promise<number>;
  readonly guard: Pick<Guard, 'check' | 'scopeOf'>;
  readonly authenticate: (req: IncomingMessage) => Promise<Principal>;
  readonly now: () => number;
  readonly logger: Logger;
  /** After each save: the screens are told to read their formats again. */
  readonly onSaved?: () => void;
}

export function createGeneralSettings(o: GeneralSettingsOptions) {
  let current = o.initial;

  /**
   * Validate, store, apply; resolves to what was saved. Throws the schema's error for bad input (before
   * anything is stored). A moved day is rebuilt from the journal once the journal holds everything
   * the board has applied (recorder.ts `whenSettled`), with the settings current by then: a save that
   * lands while a rebuild waits is not undone by it.
   */
  async function save(next: unknown): Promise<GeneralSettings> {
    const checked = generalSettingsSaveSchema.parse(next);
    await o.store.put(KEY, checked, o.now());
    await adopt(checked);
    o.onSaved?.();
    return checked;
  }

  /** Apply settings (stored already) to the hub: a moved day is rebuilt, anything else applied. */
  async function adopt(checked: GeneralSettings): Promise<void> {
    const now = o.now();
    const before = current;
    current = checked;
    if (checked.timezone !== before.timezone || checked.dayStartsAt !== before.dayStartsAt) {
      const events = await o.rebuildToday(() => domainSettingsOf(current));
      o.logger.info(
        { timezone: checked.timezone, dayStartsAt: checked.dayStartsAt, events, ms: o.now() - now },
        'day moved: rebuilt today from the journal',
      );
    } else {
      o.hub.applySettings(domainSettingsOf(checked));
    }
  }

  /**
   * Another instance saved (server/realtime/clusterMessages.ts `settingsSaved`): the stored settings
   * are applied here too. Nothing is stored, and no screen told: that instance told them all.
   */
  async function reread(): Promise<void> {
    // `await`: the settings store is becoming async (issue #19); a value passes through unchanged.
    const parsed = generalSettingsSchema.safeParse(await o.store.get(KEY));
    if (!parsed.success) return;
    if (JSON.stringify(parsed.data) === JSON.stringify(current)) return;
    await adopt(parsed.data);
  }

  /** One queue's overrides: a number sets it, null clears it, a missing field keeps it. */
  function setQueue(
    key: string,
    change: { readonly [F in keyof QueueOverride]?: number | null },
  ): Promise<GeneralSettings> {
    const own: Record<string, number | undefined> = { ...current.queues[key] };
    for (const field of ['slaSeconds', 'shortAbandonSeconds'] as const) {
      const value = change[field];
      if (value === null) delete own[field];
      else if (value !== undefined) own[field] = value;
    }
    const queues = { ...current.queues };
    if (Object.keys(own).length === 0) delete queues[key];
    else queues[key] = own;
    return save({ ...current, queues });
  }

  const api = createGeneralSettingsApi({
    current: () => current,
    save,
    setQueue,
    guard: o.guard,
    authenticate: o.authenticate,
  });
  return { current: () => current, save, setQueue, reread, api };
}

export type GeneralSettingsService = ReturnType<typeof createGeneralSettings>;
