'use client';

import { useCallback, useEffect, useMemo, useState } from 'react';
import { createFormatter } from '../../lib/board/format';
import { queueLabel } from '../../lib/board/queues';
import {
  type GeneralSettings,
  generalSettingsSaveSchema,
  isSupportedLocale,
} from '../../lib/settings/general';
import { useNow } from '../live/clock';
import { api } from './api';
import {
  FieldError,
  type FieldErrors,
  fieldErrorsOf,
  invalidProps,
  NO_ERRORS,
  otherErrors,
} from './FieldError';
import { FormError } from './FormError';
import { QueueCountingForm } from './QueueCountingForm';
import { RecountDay } from './RecountDay';
import { SettingsFrame } from './SettingsFrame';

/**
 * The form's copy of the settings: the two seconds fields as typed, so an empty or unreadable field
 * reaches the schema as such (and is refused with a message) instead of turning into 0.
 */
type Draft = Omit<GeneralSettings, 'slaSeconds' | 'shortAbandonSeconds' | 'historyDays'> & {
  slaSeconds: string;
  shortAbandonSeconds: string;
  historyDays: string;
};
const draftOf = (s: GeneralSettings): Draft => ({
  ...s,
  slaSeconds: String(s.slaSeconds),
  shortAbandonSeconds: String(s.shortAbandonSeconds),
  historyDays: String(s.historyDays),
});
/** '' stays '' (the schema says "enter the SLA"), a number is a number, other text is sent as typed. */
const secondsOf = (text: string): number | string =>
  text.trim() === '' || !Number.isFinite(Number(text)) ? text.trim() : Number(text);
const SHOWN = ['timezone', 'dayStartsAt', 'numberLocale', 'slaSeconds', 'shortAbandonSeconds', 'historyDays'];

type Load =
  | { state: 'loading' }
  | { state: 'error'; status: number; error: string }
  | { state: 'ready'; settings: GeneralSettings };

/** Languages offered in the list; any other BCP-47 tag the browser knows may be typed in. */
const LOCALES = [
  'auto',
  'en-GB',
  'en-US',
  'de-DE',
  'fr-FR',
  'es-ES',
  'it-IT',
  'nl-NL',
  'pt-BR',
  'sv-SE',
  'pl-PL',
];

/** Every zone the browser knows, with the current settings' zone even if it does not list it. */
function zonesWith(current: string): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return all.includes(current) ? all : [current, ...all];
}

function timeIn(zone: string, at: number): string {
  try {
    return new Intl.DateTimeFormat(undefined, { timeZone: zone, hour: '2-digit', minute: '2-digit' }).format(
      at,
    );
  } catch {
    return '';
  }
}

/**
 * `/settings/general`: which day the figures count (timezone, day start), how boards write times and
 * numbers (with a live preview), the default SLA and short-abandon seconds, and per-queue overrides.
 * Everything applies on save, no restart (a moved day is recounted from the journal).
 */
export function GeneralPage() {
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [queues, setQueues] = useState<{ id: string; label: string }[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Merges into the latest draft (useDraft.ts says why); the draft is null only before it loads.
  const patchDraft = useCallback(
    (change: Partial<Draft>) => setDraft((d) => (d ? { ...d, ...change } : d)),
    [],
  );

  useEffect(() => {
    void api<{ settings: GeneralSettings }>('GET', '/api/v1/settings/general').then((r) => {
      if (r.ok) {
        setLoad({ state: 'ready', settings: r.body.settings });
        setDraft(draftOf(r.body.settings));
      } else setLoad({ state: 'error', status: r.status, error: r.error });
    });
    // The queues the sources report now (as the board editor lists them).
    void api<{ queues: { id: string; name: string | null; number: string | null }[] }>(
      'GET',
      '/api/v1/state',
    ).then((r) => r.ok && setQueues(r.body.queues.map((q) => ({ id: q.id, label: queueLabel(q) }))));
  }, []);

  // Queues reported now, plus any with an override whose queue is not reported at the moment.
  const overrideRows = useMemo(() => {
    const known = new Map(queues.map((q) => [q.id, q.label]));
    for (const id of Object.keys((load.state === 'ready' && load.settings.queues) || {}))
      if (!known.has(id)) known.set(id, id);
    return [...known].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label));
  }, [queues, load]);

  const denied = load.state === 'error' && (load.status === 401 || load.status === 403) ? load.status : null;

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!draft || load.state !== 'ready') return;
    setError(null);
    setNotice(null);
    // Per-queue overrides are saved row by row below; leaving `queues` out keeps them.
    const { queues: _kept, ...rest } = draft;
    const fields = {
      ...rest,
      slaSeconds: secondsOf(draft.slaSeconds),
      shortAbandonSeconds: secondsOf(draft.shortAbandonSeconds),
      historyDays: secondsOf(draft.historyDays),
    };
    // The server's own rules first (same schema), with the saved per-queue overrides they must fit.
    const checked = generalSettingsSaveSchema.safeParse({ ...load.settings, ...fields });
    if (!checked.success) return setErrors(fieldErrorsOf(checked.error.issues));
    setErrors(NO_ERRORS);
    const r = await api<{ settings: GeneralSettings }>('PUT', '/api/v1/settings/general', fields);
    if (!r.ok) return r.issues ? setErrors(fieldErrorsOf(r.issues)) : setError(r.error);
    setLoad({ state: 'ready', settings: r.body.settings });
    setDraft(draftOf(r.body.settings));
    // Every open page, this one too (the live link is in the root layout), hears `settingsChanged`.
    setNotice('Saved. Open boards show the change now; figures are recounted.');
  }

  return (
    <SettingsFrame section="general" title="General" denied={denied}>
      <p className="settings-intro">
        Which day the figures count, how boards write times and numbers, and how calls are counted. Changes
        apply at once; a new timezone or day start recounts today from the journal.
      </p>
      <FormError
        error={
          error ??
          otherErrors(errors, SHOWN) ??
          (load.state === 'error' && denied === null ? load.error : null)
        }
      />
      {notice && (
        <p role="status" className="notice" data-testid="general-saved">
          {notice}
        </p>
      )}
      {draft && (
        <>
          <GeneralForm draft={draft} patch={patchDraft} errors={errors} onSubmit={save} />
          <section aria-label="Per-queue overrides">
            <h2>Per-queue overrides</h2>
            {/* The board editor's form: one place edits a queue's seconds. Keyed by the saved
                defaults so it re-reads them after a save above. */}
            <QueueCountingForm
              key={`${load.state === 'ready' ? load.settings.slaSeconds : ''}/${load.state === 'ready' ? load.settings.shortAbandonSeconds : ''}`}
              queues={overrideRows}
            />
          </section>
          {load.state === 'ready' && (
            <RecountDay timezone={load.settings.timezone} dayStartsAt={load.settings.dayStartsAt} />
          )}
        </>
      )}
    </SettingsFrame>
  );
}

function GeneralForm({
  draft,
  patch,
  errors,
  onSubmit,
}: {
  draft: Draft;
  patch: (change: Partial<Draft>) => void;
  errors: FieldErrors;
  onSubmit: (e: React.FormEvent) => void;
}) {
  const now = useNow();
  const zones = useMemo(() => zonesWith(draft.timezone), [draft.timezone]);
  // Option labels carry the time in each zone as of opening the page; the line below ticks.
  const [openedAt] = useState(() => Date.now());
  const localeOk = isSupportedLocale(draft.numberLocale);
  const preview = useMemo(
    () =>
      localeOk
        ? createFormatter({
            timezone: draft.timezone,
            timeFormat: draft.timeFormat,
            numberLocale: draft.numberLocale,
          })
        : null,
    [draft.timezone, draft.timeFormat, draft.numberLocale, localeOk],
  );

  return (
    <form className="settings-form" aria-label="General settings" onSubmit={onSubmit}>
      <div className="form-grid">
        <label htmlFor="general-timezone">Timezone</label>
        <div>
          <select
            id="general-timezone"
            value={draft.timezone}
            onChange={(e) => patch({ timezone: e.target.value })}
          >
            {zones.map((z) => (
              <option key={z} value={z}>
                {z} ({timeIn(z, openedAt)})
              </option>
            ))}
          </select>
          <p className="muted" data-testid="general-local-time">
            Now there: {now === null || !preview ? '—' : preview.clock(now)}
          </p>
        </div>
        <label htmlFor="general-day-start">Day starts at</label>
        <div>
          <input
            id="general-day-start"
            type="time"
            step={60}
            required
            value={draft.dayStartsAt}
            onChange={(e) => patch({ dayStartsAt: e.target.value.slice(0, 5) })}
          />
          <p className="muted">
            Today's figures reset at this local time (06:00 lets a night shift count until 6 am).
          </p>
        </div>
        <label htmlFor="general-time-format">Time format</label>
        <select
          id="general-time-format"
          value={draft.timeFormat}
          onChange={(e) => patch({ timeFormat: e.target.value as GeneralSettings['timeFormat'] })}
        >
          <option value="24h">24-hour (14:05)</option>
          <option value="12h">12-hour (2:05 PM)</option>
        </select>
        <label htmlFor="general-locale">Number format</label>
        <div>
          <input
            id="general-locale"
            list="general-locales"
            required
            value={draft.numberLocale}
            aria-invalid={!localeOk}
            onChange={(e) => patch({ numberLocale: e.target.value.trim() })}
          />
          <datalist id="general-locales">
            {LOCALES.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
          <p className="muted" data-testid="general-number-preview">
            {preview
              ? `${preview.number(12345.6, 1)} · ${preview.percent(0.875, 1)}${draft.numberLocale === 'auto' ? ' (each screen’s language)' : ''}`
              : 'not a language tag this browser knows (e.g. en-GB, de-DE, or auto)'}
          </p>
        </div>
        <label htmlFor="general-sla">SLA (s)</label>
        <span className="field">
          <input
            id="general-sla"
            type="number"
            min={0}
            max={3600}
            value={draft.slaSeconds}
            onChange={(e) => patch({ slaSeconds: e.target.value })}
            {...invalidProps(errors, 'slaSeconds', 'general-sla')}
          />
          <FieldError errors={errors} path="slaSeconds" inputId="general-sla" />
        </span>
        <label htmlFor="general-short">Short abandon (s)</label>
        <span className="field">
          <input
            id="general-short"
            type="number"
            min={0}
            max={3600}
            value={draft.shortAbandonSeconds}
            onChange={(e) => patch({ shortAbandonSeconds: e.target.value })}
            {...invalidProps(errors, 'shortAbandonSeconds', 'general-short')}
          />
          <FieldError errors={errors} path="shortAbandonSeconds" inputId="general-short" />
        </span>
        <label htmlFor="general-history">Keep history (days)</label>
        <span className="field">
          <input
            id="general-history"
            type="number"
            min={1}
            max={3660}
            value={draft.historyDays}
            onChange={(e) => patch({ historyDays: e.target.value })}
            {...invalidProps(errors, 'historyDays', 'general-history')}
          />
          <FieldError errors={errors} path="historyDays" inputId="general-history" />
        </span>
      </div>
      <div className="form-actions">
        <button type="submit" className="primary">
          Save
        </button>
      </div>
    </form>
  );
}
