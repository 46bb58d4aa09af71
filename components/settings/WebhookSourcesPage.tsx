'use client';

import { useState } from 'react';
import { ID_INPUT_PATTERN } from '../../lib/settings/ids';
import {
  newWebhookSourceSchema,
  todayCountsText,
  WEBHOOK_SOURCE_KINDS,
  type WebhookSourceKind,
  type WebhookSourceView,
  webhookUrl,
} from '../../lib/settings/webhooks';
import { useMoment } from '../board/Formats';
import { AgreementLine } from './AgreementLine';
import { api, EDIT_ONLY } from './api';
import { DeadLetterList } from './DeadLetterList';
import {
  FieldError,
  type FieldErrors,
  fieldErrorsOf,
  invalidProps,
  NO_ERRORS,
  otherErrors,
} from './FieldError';
import { FormError } from './FormError';
import { SettingsFrame } from './SettingsFrame';
import { useDraft } from './useDraft';
import { useSettingsList } from './useSettingsList';
import { WebhookTestResultLine } from './WebhookTest';

/** A secret the server just made: shown this once, with the URL to paste. */
type Revealed = { id: string; kind: WebhookSourceKind; secret: string };

const KIND_LABEL: Record<WebhookSourceKind, string> = {
  'portsip-webhook': 'PortSIP CDR webhook',
  '3cx': '3CX WebhooksApi add-on',
  voipstudio: 'VoIPstudio',
};

/**
 * `/settings/webhooks`: webhook sources, their URL and secret, rotation, "Send test event", last
 * event, today's accepted and rejected deliveries, dead letters (with Replay).
 */
export function WebhookSourcesPage() {
  const moment = useMoment();
  const { load, refresh, denied } = useSettingsList<WebhookSourceView>(
    '/api/v1/webhook-sources',
    'sources',
    10_000,
  );
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [draft, patchDraft] = useDraft({ id: '', name: '', kind: '3cx' as WebhookSourceKind });
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const origin = typeof window === 'undefined' ? '' : window.location.origin;

  async function run(method: string, path: string, body: unknown, kind?: WebhookSourceKind) {
    setError(null);
    // Every PUT here edits a listed source: never re-create one deleted meanwhile.
    const headers = method === 'PUT' ? EDIT_ONLY : {};
    const r = await api<{ id: string; kind: WebhookSourceKind; secret?: string }>(
      method,
      path,
      body,
      headers,
    );
    if (!r.ok) setError(r.error);
    else if (r.body?.secret) setRevealed({ id: r.body.id, kind: r.body.kind ?? kind, secret: r.body.secret });
    await refresh();
  }

  /** Create only (POST): a taken id is refused under the Id field and the existing source stays. */
  async function create() {
    setError(null);
    const checked = newWebhookSourceSchema.safeParse(draft);
    if (!checked.success) return setErrors(fieldErrorsOf(checked.error.issues));
    setErrors(NO_ERRORS);
    const r = await api<{ id: string; kind: WebhookSourceKind; secret?: string }>(
      'POST',
      '/api/v1/webhook-sources',
      checked.data,
    );
    if (!r.ok) return r.issues ? setErrors(fieldErrorsOf(r.issues)) : setError(r.error);
    if (r.body.secret) setRevealed({ id: r.body.id, kind: r.body.kind, secret: r.body.secret });
    patchDraft({ id: '', name: '' });
    await refresh();
  }

  return (
    <SettingsFrame section="webhooks" title="Webhook sources" denied={denied}>
      <p className="settings-intro">
        PBXs that post events to Callboard. Each source has its own secret: PortSIP sends it as
        <code> Authorization: Bearer</code> (or Basic / Digest with it as the password); the 3CX add-on and
        VoIPstudio cannot set headers, so it is part of their URL.
      </p>
      {revealed && (
        <section className="probe" role="status" data-testid="revealed-secret">
          <p>
            <strong>Copy it now: this secret is not shown again.</strong>
          </p>
          <p>
            Secret: <code data-testid="secret-value">{revealed.secret}</code>
          </p>
          <p>
            URL:{' '}
            <code data-testid="secret-url">
              {webhookUrl(
                origin,
                revealed.kind,
                revealed.kind === 'portsip-webhook' ? null : revealed.secret,
              )}
            </code>
          </p>
          <button type="button" onClick={() => setRevealed(null)}>
            Done
          </button>
        </section>
      )}
      <FormError error={error} />
      {load.state === 'loading' && <p className="notice">Loading…</p>}
      {load.state === 'ready' && (
        <ul className="settings-list" aria-label="Webhook sources">
          {load.list.map((s) => (
            <li key={s.id} data-testid={`webhook-source-${s.id}`}>
              <div>
                <strong>{s.name}</strong>{' '}
                <span className="muted">
                  {KIND_LABEL[s.kind]} · {s.id}
                </span>
                <p className="muted">
                  <code>{webhookUrl(origin, s.kind, s.kind === 'portsip-webhook' ? null : '<secret>')}</code>
                </p>
                <p className="muted">
                  {s.enabled ? 'enabled' : 'disabled'} · secret {s.secretSet ? 'set' : 'not set'}
                  {s.previousUntil ? ` · previous secret accepted until ${moment(s.previousUntil)}` : ''} ·
                  last event {s.lastEventAt ? moment(s.lastEventAt) : 'none yet'} ·{' '}
                  <span data-testid={`webhook-counts-${s.id}`}>{todayCountsText(s.today)}</span>
                </p>
                <AgreementLine id={s.id} drift={s.drift} />
                <WebhookTestResultLine id={s.id} result={s.lastTest} />
                <DeadLetterList
                  sourceId={s.id}
                  letters={s.recentDeadLetters}
                  dropped={s.droppedDeadLetters}
                  onReplayed={refresh}
                />
              </div>
              <div className="form-actions">
                <button
                  type="button"
                  disabled={testing === s.id}
                  onClick={() => {
                    setTesting(s.id);
                    void run('POST', `/api/v1/webhook-sources/${s.id}/test`, undefined).finally(() =>
                      setTesting(null),
                    );
                  }}
                >
                  {testing === s.id ? 'Sending…' : 'Send test event'}
                </button>
                <button
                  type="button"
                  onClick={() =>
                    void run('POST', `/api/v1/webhook-sources/${s.id}/rotate`, { graceHours: 24 }, s.kind)
                  }
                >
                  Rotate secret (old one valid 24 h)
                </button>
                <button
                  type="button"
                  onClick={() =>
                    void run('PUT', `/api/v1/webhook-sources/${s.id}`, {
                      name: s.name,
                      kind: s.kind,
                      enabled: !s.enabled,
                    })
                  }
                >
                  {s.enabled ? 'Disable' : 'Enable'}
                </button>
                <button
                  type="button"
                  onClick={() => {
                    if (window.confirm(`Delete ${s.name}? Its PBX's posts will be refused.`))
                      void run('DELETE', `/api/v1/webhook-sources/${s.id}`, undefined);
                  }}
                >
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      <form
        className="settings-form"
        aria-label="New webhook source"
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <div className="form-grid">
          <label htmlFor="ws-id">Id</label>
          <span className="field">
            <input
              id="ws-id"
              required
              pattern={ID_INPUT_PATTERN}
              title="lowercase letters, digits and dashes"
              value={draft.id}
              onChange={(e) => patchDraft({ id: e.target.value })}
              placeholder="branch-3cx"
              {...invalidProps(errors, 'id', 'ws-id')}
            />
            <FieldError errors={errors} path="id" inputId="ws-id" />
          </span>
          <label htmlFor="ws-name">Name</label>
          <span className="field">
            <input
              id="ws-name"
              required
              value={draft.name}
              onChange={(e) => patchDraft({ name: e.target.value })}
              {...invalidProps(errors, 'name', 'ws-name')}
            />
            <FieldError errors={errors} path="name" inputId="ws-name" />
          </span>
          <label htmlFor="ws-kind">Kind</label>
          <select
            id="ws-kind"
            value={draft.kind}
            onChange={(e) => patchDraft({ kind: e.target.value as WebhookSourceKind })}
          >
            {WEBHOOK_SOURCE_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_LABEL[k]}
              </option>
            ))}
          </select>
        </div>
        <FormError error={otherErrors(errors, ['id', 'name'])} />
        <div className="form-actions">
          <button type="submit" className="primary">
            Add webhook source
          </button>
        </div>
      </form>
    </SettingsFrame>
  );
}
