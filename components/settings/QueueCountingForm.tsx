'use client';

import { useEffect, useState } from 'react';
import { FormError } from './FormError';
import {
  COUNTING_FIELDS,
  type Counting,
  type CountingField,
  effectiveCounting,
  loadCounting,
  type QueueCountingPut,
  saveQueueCounting,
} from './queueCounting';

const FIELD_LABEL: Readonly<Record<CountingField, string>> = {
  slaSeconds: 'SLA seconds',
  shortAbandonSeconds: 'Short-abandon seconds',
};

/** What the form holds for one field of one queue until it is saved. */
type Draft = { useDefault: boolean; text: string };
type Drafts = Record<string, Partial<Record<CountingField, Draft>>>;

/**
 * SLA and short-abandon seconds of the queues a board shows. Its own form and its own request, apart
 * from the board's: these settings belong to the queue and count the same on every board (and recount
 * today when changed). Admins and supervisors may save them. Each input shows what the queue counts
 * with now; "default" clears the queue's own value.
 */
export function QueueCountingForm({ queues }: { queues: readonly { id: string; label: string }[] }) {
  const [counting, setCounting] = useState<Counting | null>(null);
  const [drafts, setDrafts] = useState<Drafts>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);

  useEffect(() => {
    void loadCounting().then((r) =>
      r.ok ? setCounting(r.body) : setError(`Queue counting settings could not be read: ${r.error}`),
    );
  }, []);

  if (counting === null) return <FormError error={error} testId="queue-counting-error" />;

  const draftOf = (id: string, f: CountingField): Draft => {
    const own = drafts[id]?.[f];
    if (own) return own;
    const e = effectiveCounting(counting, id)[f];
    return { useDefault: e.isDefault, text: String(e.seconds) };
  };
  const setDraft = (id: string, f: CountingField, d: Draft) =>
    setDrafts((all) => ({ ...all, [id]: { ...all[id], [f]: d } }));

  /** The PUT bodies of the queues whose values differ from the saved ones; or the first unusable input. */
  function changes(): { id: string; put: QueueCountingPut }[] | string {
    const out: { id: string; put: QueueCountingPut }[] = [];
    for (const q of queues) {
      const put = {} as QueueCountingPut;
      let changed = false;
      for (const f of COUNTING_FIELDS) {
        const d = draftOf(q.id, f);
        const value = d.useDefault ? null : d.text.trim() === '' ? Number.NaN : Number(d.text);
        if (value !== null && !Number.isFinite(value))
          return `${q.label}: ${FIELD_LABEL[f]} must be a number, or use the default`;
        put[f] = value;
        if (value !== (counting?.queues[q.id]?.[f] ?? null)) changed = true;
      }
      if (changed) out.push({ id: q.id, put });
    }
    return out;
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setSaved(null);
    const todo = changes();
    if (typeof todo === 'string') return setError(todo);
    let done = 0;
    for (const { id, put } of todo) {
      const r = await saveQueueCounting(id, put);
      if (!r.ok) {
        // The server's own words for the first problem ("SLA must be at most 3600 s"), not its field path.
        const reason = r.issues?.[0]?.message ?? r.error;
        return setError(`${queues.find((q) => q.id === id)?.label ?? id}: ${reason}`);
      }
      setCounting(r.body);
      setDrafts((all) => ({ ...all, [id]: {} }));
      done++;
    }
    setSaved(done === 0 ? 'Nothing to save' : `Saved ${done} ${done === 1 ? 'queue' : 'queues'}`);
  }

  return (
    <form className="settings-form" aria-label="Queue counting settings" onSubmit={save}>
      <p className="muted">
        SLA and short-abandon seconds per queue (admins and supervisors). They belong to the queue, so they
        count the same on every board, and today is recounted with them. Defaults: SLA {counting.slaSeconds}{' '}
        s, short abandon {counting.shortAbandonSeconds} s.
      </p>
      {queues.length === 0 ? (
        <p className="muted">No queues to set yet: they appear once a source reports them.</p>
      ) : (
        <div className="form-grid">
          {queues.map((q) => (
            <div key={q.id} data-testid={`queue-counting-${q.id}`} style={{ display: 'contents' }}>
              <span>{q.label}</span>
              <span className="form-actions">
                {COUNTING_FIELDS.map((f) => {
                  const d = draftOf(q.id, f);
                  return (
                    <span key={f} className="check" data-field={f} data-default={d.useDefault}>
                      <span className="muted">{FIELD_LABEL[f]}</span>
                      <input
                        type="number"
                        min={0}
                        step={1}
                        size={5}
                        aria-label={`${q.label} ${FIELD_LABEL[f]}`}
                        disabled={d.useDefault}
                        value={d.useDefault ? String(counting[f]) : d.text}
                        onChange={(e) => setDraft(q.id, f, { useDefault: false, text: e.target.value })}
                      />
                      <label className="check">
                        <input
                          type="checkbox"
                          aria-label={`${q.label} ${FIELD_LABEL[f]}: use the default`}
                          checked={d.useDefault}
                          onChange={(e) => setDraft(q.id, f, { useDefault: e.target.checked, text: d.text })}
                        />
                        default
                      </label>
                    </span>
                  );
                })}
              </span>
            </div>
          ))}
        </div>
      )}
      <FormError error={error} testId="queue-counting-error" />
      {saved && (
        <p role="status" data-testid="queue-counting-saved">
          {saved}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" disabled={queues.length === 0}>
          Save queue counting
        </button>
      </div>
    </form>
  );
}
