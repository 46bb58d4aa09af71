'use client';

import { type InputHTMLAttributes, useId, useState } from 'react';
import {
  type AlertChannelView,
  CHANNEL_KIND_LABELS,
  CHANNEL_KINDS,
  CHANNEL_SECRET_LABELS,
  type ChannelKind,
} from '../../lib/settings/alertChannels';
import { api, EDIT_ONLY } from './api';
import {
  FieldError,
  type FieldErrors,
  fieldErrorsOf,
  invalidProps,
  NO_ERRORS,
  otherErrors,
} from './FieldError';
import { FormError } from './FormError';

interface FormState {
  name: string;
  kind: ChannelKind;
  enabled: boolean;
  allBoards: boolean;
  boards: readonly string[];
  minSeverity: 'warn' | 'critical';
  url: string;
  host: string;
  port: string;
  security: 'tls' | 'starttls' | 'none';
  tlsVerify: boolean;
  user: string;
  from: string;
  to: string;
  secret: string;
}

const split = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function initial(c: AlertChannelView | null): FormState {
  return {
    name: c?.name ?? '',
    kind: c?.kind ?? 'webhook',
    enabled: c?.enabled ?? true,
    allBoards: c ? c.boards === 'all' : true,
    boards: c && c.boards !== 'all' ? c.boards : [],
    minSeverity: c?.minSeverity ?? 'warn',
    url: c?.kind === 'webhook' ? c.url : 'https://',
    host: c?.kind === 'email' ? c.host : '',
    port: c?.kind === 'email' ? String(c.port) : '587',
    security: c?.kind === 'email' ? c.security : 'starttls',
    tlsVerify: c?.kind === 'email' ? c.tlsVerify : true,
    user: c?.kind === 'email' ? c.user : '',
    from: c?.kind === 'email' ? c.from : '',
    to: c?.kind === 'email' ? c.to.join(', ') : '',
    secret: '',
  };
}

/** What a save answers: the channel, and a webhook's new signing secret the one time it is made. */
export type SavedChannel = AlertChannelView & { signingSecret?: string };

/** Add or edit one alert channel. Its secret is write-only: shown as set or not, never read back. */
export function AlertChannelForm({
  existing,
  boards,
  onSaved,
  onCancel,
}: {
  existing: AlertChannelView | null;
  boards: readonly { id: string; name: string }[];
  onSaved: (saved: SavedChannel) => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState(() => initial(existing));
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const ids = useId();
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((old) => ({ ...old, [k]: v }));
  const field = (name: string) => `${ids}-${name}`;
  // The stored secret belongs to the stored kind: another kind needs its own.
  const secretKept = existing?.secretSet === true && existing.kind === f.kind;

  function body() {
    const common = {
      name: f.name,
      kind: f.kind,
      enabled: f.enabled,
      boards: f.allBoards ? 'all' : f.boards,
      minSeverity: f.minSeverity,
      ...(f.secret !== '' ? { secret: f.secret } : {}),
    };
    if (f.kind === 'webhook') return { ...common, url: f.url };
    if (f.kind === 'email')
      return {
        ...common,
        host: f.host,
        port: Number(f.port),
        security: f.security,
        tlsVerify: f.tlsVerify,
        user: f.user,
        from: f.from,
        to: split(f.to),
      };
    return common;
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setErrors(NO_ERRORS);
    const r = existing
      ? await api<SavedChannel>(
          'PUT',
          `/api/v1/alert-channels/${encodeURIComponent(existing.id)}`,
          body(),
          EDIT_ONLY,
        )
      : await api<SavedChannel>('POST', '/api/v1/alert-channels', body());
    setBusy(false);
    if (r.ok) onSaved(r.body);
    else if (r.issues) setErrors(fieldErrorsOf(r.issues));
    else setError(r.error);
  }

  const text = (
    key: 'name' | 'url' | 'host' | 'port' | 'user' | 'from' | 'to' | 'secret',
    label: string,
    props: InputHTMLAttributes<HTMLInputElement> = {},
  ) => (
    <>
      <label htmlFor={field(key)}>{label}</label>
      <span className="field">
        <input
          id={field(key)}
          value={f[key]}
          onChange={(e) => set(key, e.target.value)}
          {...props}
          {...invalidProps(errors, key, field(key))}
        />
        <FieldError errors={errors} path={key} inputId={field(key)} />
      </span>
    </>
  );

  const toggleBoard = (id: string) =>
    set('boards', f.boards.includes(id) ? f.boards.filter((b) => b !== id) : [...f.boards, id]);
  const secretPlaceholder = secretKept
    ? 'set — leave empty to keep it'
    : f.kind === 'webhook'
      ? 'leave empty to generate one'
      : f.kind === 'email'
        ? 'only with a user'
        : 'https://hooks…';

  return (
    <form
      className="settings-form"
      onSubmit={save}
      aria-label={existing ? `Edit ${existing.name}` : 'New alert channel'}
    >
      <div className="form-grid">
        {text('name', 'Name', { required: true, placeholder: 'Supervisors on Slack' })}
        <label htmlFor={field('kind')}>Kind</label>
        <select
          id={field('kind')}
          value={f.kind}
          onChange={(e) => set('kind', e.target.value as ChannelKind)}
        >
          {CHANNEL_KINDS.map((k) => (
            <option key={k} value={k}>
              {CHANNEL_KIND_LABELS[k]}
            </option>
          ))}
        </select>
        {f.kind === 'webhook' && text('url', 'Receiver URL', { required: true, type: 'url' })}
        {f.kind === 'email' && (
          <>
            {text('host', 'SMTP host', { required: true, placeholder: 'smtp.example.com' })}
            {text('port', 'Port', { required: true, inputMode: 'numeric', pattern: '[0-9]{1,5}' })}
            <label htmlFor={field('security')}>Encryption</label>
            <select
              id={field('security')}
              value={f.security}
              onChange={(e) => set('security', e.target.value as FormState['security'])}
            >
              <option value="starttls">STARTTLS, required (usually port 587)</option>
              <option value="tls">TLS from the start (usually port 465)</option>
              <option value="none">None (a relay on this network only)</option>
            </select>
            {text('user', 'User', { autoComplete: 'off', placeholder: 'empty: no login' })}
            {text('from', 'From', { required: true, type: 'email', placeholder: 'callboard@example.com' })}
            {text('to', 'To', { required: true, placeholder: 'addresses, comma separated' })}
          </>
        )}
        {text('secret', CHANNEL_SECRET_LABELS[f.kind], {
          type: 'password',
          autoComplete: 'new-password',
          placeholder: secretPlaceholder,
        })}
        <label htmlFor={field('minSeverity')}>Send</label>
        <select
          id={field('minSeverity')}
          value={f.minSeverity}
          onChange={(e) => set('minSeverity', e.target.value as FormState['minSeverity'])}
        >
          <option value="warn">warnings and critical alerts</option>
          <option value="critical">critical alerts only</option>
        </select>
      </div>
      {f.kind === 'email' && (
        <label className="check">
          <input type="checkbox" checked={f.tlsVerify} onChange={(e) => set('tlsVerify', e.target.checked)} />{' '}
          Verify the SMTP server's TLS certificate
        </label>
      )}
      <fieldset>
        <legend>Boards</legend>
        <label className="check">
          <input type="checkbox" checked={f.allBoards} onChange={(e) => set('allBoards', e.target.checked)} />{' '}
          All boards (and what concerns no one board, such as a display going dark)
        </label>
        {!f.allBoards &&
          boards.map((b) => (
            <label key={b.id} className="check">
              <input type="checkbox" checked={f.boards.includes(b.id)} onChange={() => toggleBoard(b.id)} />{' '}
              {b.name}
            </label>
          ))}
      </fieldset>
      <label className="check">
        <input type="checkbox" checked={f.enabled} onChange={(e) => set('enabled', e.target.checked)} />{' '}
        Enabled
      </label>
      <FormError
        error={error ?? otherErrors(errors, ['name', 'url', 'host', 'port', 'user', 'from', 'to', 'secret'])}
        testId="form-error"
      />
      <div className="form-actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
