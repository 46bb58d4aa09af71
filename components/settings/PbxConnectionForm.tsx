'use client';

import { type InputHTMLAttributes, useId, useState } from 'react';
import { ID_INPUT_PATTERN } from '../../lib/settings/ids';
import type { PbxConnectionView } from '../../lib/settings/pbx';
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

/** What "Test connection" answers (server/pbx/probe.ts). */
interface ProbeResult {
  ok: boolean;
  status: string;
  detail: string | null;
  queues: { number: string; name: string | null }[];
  extensions: string[];
  ms: number;
}

interface FormState {
  id: string;
  name: string;
  url: string;
  login: 'username' | 'extension';
  user: string;
  password: string;
  domain: string;
  tenants: string;
  tlsVerify: boolean;
  queues: string;
  extensions: string;
  enabled: boolean;
}

const split = (text: string) =>
  text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);

function initial(c: PbxConnectionView | null): FormState {
  return {
    id: c?.id ?? '',
    name: c?.name ?? '',
    url: c?.url ?? 'wss://',
    login: c?.login ?? 'username',
    user: c?.user ?? '',
    password: '',
    domain: c?.domain ?? '',
    tenants: c?.tenants.join(', ') ?? '',
    tlsVerify: c?.tlsVerify ?? true,
    queues: c?.queues.join(', ') ?? '',
    extensions: c?.extensions.join(', ') ?? '',
    enabled: c?.enabled ?? true,
  };
}

/** Add or edit one PortSIP WSI connection; "Test connection" checks it without saving. */
export function PbxConnectionForm({
  existing,
  onSaved,
  onCancel,
}: {
  existing: PbxConnectionView | null;
  onSaved: () => void;
  onCancel: () => void;
}) {
  const [f, setF] = useState(() => initial(existing));
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [probe, setProbe] = useState<ProbeResult | null>(null);
  const [busy, setBusy] = useState<'test' | 'save' | null>(null);
  const ids = useId();
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((old) => ({ ...old, [k]: v }));
  const settings = () => ({
    name: f.name,
    url: f.url,
    login: f.login,
    user: f.user,
    domain: f.domain,
    tenants: split(f.tenants),
    tlsVerify: f.tlsVerify,
    queues: split(f.queues),
    extensions: split(f.extensions),
    enabled: f.enabled,
    ...(f.password ? { password: f.password } : {}),
  });

  async function test() {
    setBusy('test');
    setError(null);
    const r = await api<ProbeResult>('POST', '/api/v1/pbx-connections/test', {
      ...settings(),
      ...(existing ? { id: existing.id } : {}),
    });
    setBusy(null);
    if (r.ok) setProbe(r.body);
    else setError(r.error);
  }

  async function save(e: React.FormEvent) {
    e.preventDefault();
    setBusy('save');
    setError(null);
    setErrors(NO_ERRORS);
    // A new connection is created (POST: a taken id is refused), an existing one saved in place.
    const r = existing
      ? await api('PUT', `/api/v1/pbx-connections/${encodeURIComponent(existing.id)}`, settings(), EDIT_ONLY)
      : await api('POST', '/api/v1/pbx-connections', { ...settings(), id: f.id });
    setBusy(null);
    if (r.ok) onSaved();
    else if (r.issues) setErrors(fieldErrorsOf(r.issues));
    else setError(r.error);
  }

  const picked = new Set(split(f.queues));
  const toggleQueue = (n: string) => {
    const next = new Set(picked);
    if (next.has(n)) next.delete(n);
    else next.add(n);
    set('queues', [...next].join(', '));
  };
  const field = (name: string) => `${ids}-${name}`;
  /** One labelled text field of the form, bound to its key of the form state. */
  const text = (
    key: 'id' | 'name' | 'url' | 'user' | 'password' | 'domain' | 'tenants' | 'queues' | 'extensions',
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

  return (
    <form
      className="settings-form"
      onSubmit={save}
      aria-label={existing ? `Edit ${existing.name}` : 'New PBX connection'}
    >
      <div className="form-grid">
        {text('id', 'Id', {
          required: true,
          pattern: ID_INPUT_PATTERN,
          title: 'lowercase letters, digits and dashes',
          readOnly: existing !== null,
          placeholder: 'main-pbx',
        })}
        {text('name', 'Name', { required: true })}
        {text('url', 'WSI URL', { required: true, placeholder: 'wss://pbx.example.com:8887/wsi' })}
        <label htmlFor={field('login')}>Log in by</label>
        <select
          id={field('login')}
          value={f.login}
          onChange={(e) => set('login', e.target.value as FormState['login'])}
        >
          <option value="username">username</option>
          <option value="extension">extension number</option>
        </select>
        {text('user', f.login === 'username' ? 'Username' : 'Extension number', {
          required: true,
          autoComplete: 'off',
        })}
        {text('password', 'Password', {
          type: 'password',
          autoComplete: 'new-password',
          placeholder: existing?.passwordSet ? 'set — leave empty to keep it' : 'not set',
        })}
        {text('domain', 'SIP domain', { placeholder: 'empty: PBX system administrator' })}
        {text('tenants', 'Tenants (global topics)', {
          placeholder: 'tenant ids, comma separated; empty: none',
        })}
        {text('queues', 'Queues', { placeholder: 'empty: every queue the PBX announces' })}
        {text('extensions', 'Extensions', { placeholder: 'empty: the agents of those queues' })}
      </div>
      <label className="check">
        <input type="checkbox" checked={f.tlsVerify} onChange={(e) => set('tlsVerify', e.target.checked)} />{' '}
        Verify the PBX's TLS certificate
      </label>
      <label className="check">
        <input type="checkbox" checked={f.enabled} onChange={(e) => set('enabled', e.target.checked)} />{' '}
        Enabled
      </label>

      {probe && (
        <section
          className="probe"
          data-testid="probe-result"
          data-ok={probe.ok ? 'true' : 'false'}
          aria-live="polite"
        >
          {probe.ok ? (
            <p>
              ✓ Authenticated in {(probe.ms / 1000).toFixed(1)} s: {probe.queues.length} queues,{' '}
              {probe.extensions.length} agents found.
            </p>
          ) : (
            <p>
              ◆ Failed ({probe.status}): {probe.detail ?? 'no detail'}
            </p>
          )}
          {probe.queues.length > 0 && (
            <fieldset>
              <legend>Follow these queues (none ticked: all)</legend>
              {probe.queues.map((q) => (
                <label key={q.number} className="check">
                  <input
                    type="checkbox"
                    checked={picked.has(q.number)}
                    onChange={() => toggleQueue(q.number)}
                  />{' '}
                  {q.number}
                  {q.name ? ` ${q.name}` : ''}
                </label>
              ))}
            </fieldset>
          )}
        </section>
      )}
      <FormError
        error={error ?? otherErrors(errors, ['id', 'name', 'url', 'user', 'password', 'domain'])}
        testId="form-error"
      />
      <div className="form-actions">
        <button type="button" onClick={test} disabled={busy !== null}>
          {busy === 'test' ? 'Testing…' : 'Test connection'}
        </button>
        <button type="submit" className="primary" disabled={busy !== null}>
          {busy === 'save' ? 'Saving…' : 'Save'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
