import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { DomainEvent } from '../../lib/domain/events';
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
import { rebuildFromJournal } from '../recorder';
import type { Journal, SettingsStore } from '../storage/types';

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
  readonly store: Pick<SettingsStore, 'put'>;
  readonly initial: GeneralSettings;
  readonly hub: {
    applySettings(settings: Settings): void;
    rebuild(settings: Settings, events: Iterable<DomainEvent>): number;
  };
  readonly journal: Pick<Journal, 'eventsReceivedSince'>;
  readonly guard: Pick<Guard, 'check' | 'scopeOf'>;
  readonly authenticate: (req: IncomingMessage) => Promise<Principal>;
  readonly now: () => number;
  readonly logger: Logger;
  /** Runs a rebuild when the journal holds all the board has applied (the recorder's). */
  readonly whenSettled: <T>(run: () => T) => Promise<T>;
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
    const now = o.now();
    await o.store.put(KEY, checked, now);
    const before = current;
    current = checked;
    if (checked.timezone !== before.timezone || checked.dayStartsAt !== before.dayStartsAt) {
      const events = await o.whenSettled(() =>
        rebuildFromJournal(o.journal, o.hub, domainSettingsOf(current), o.now()),
      );
      o.logger.info(
        { timezone: checked.timezone, dayStartsAt: checked.dayStartsAt, events, ms: o.now() - now },
        'day moved: rebuilt today from the journal',
      );
    } else {
      o.hub.applySettings(domainSettingsOf(checked));
    }
    o.onSaved?.();
    return checked;
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
  return { current: () => current, save, setQueue, api };
}

export type GeneralSettingsService = ReturnType<typeof createGeneralSettings>;
