'use client';

import { useState } from 'react';
import {
  type AlertChannelView,
  CHANNEL_KIND_LABELS,
  type DeliveryLogEntry,
} from '../../lib/settings/alertChannels';
import { useMoment } from '../board/Formats';
import { AlertChannelForm, type SavedChannel } from './AlertChannelForm';
import { AlertChannelLog, OUTCOME_TEXT } from './AlertChannelLog';
import { api } from './api';
import { FormError } from './FormError';
import { SettingsFrame } from './SettingsFrame';
import { useSettingsList } from './useSettingsList';

/** Refresh often enough that a retry's outcome shows without reloading. */
const REFRESH_MS = 10_000;

function where(c: AlertChannelView): string {
  if (c.kind === 'webhook') return c.url;
  if (c.kind === 'email') return `${c.to.join(', ')} via ${c.host}:${c.port}`;
  return c.secretSet ? 'webhook URL set' : 'webhook URL not set';
}

/** `/settings/alerts`: where alerts go. Each channel with its state, last error, Send test and log. */
export function AlertChannelsPage() {
  const { load, refresh, denied } = useSettingsList<AlertChannelView>(
    '/api/v1/alert-channels',
    'channels',
    REFRESH_MS,
  );
  const boards = useSettingsList<{ id: string; name: string }>('/api/v1/boards', 'boards');
  const moment = useMoment();
  const [editing, setEditing] = useState<AlertChannelView | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [newSecret, setNewSecret] = useState<string | null>(null);
  const [testing, setTesting] = useState<string | null>(null);
  const [tests, setTests] = useState<Readonly<Record<string, { ok: boolean; text: string }>>>({});
  const [openLog, setOpenLog] = useState<string | null>(null);
  const [logVersion, setLogVersion] = useState(0);

  async function remove(c: AlertChannelView) {
    if (!window.confirm(`Delete the channel “${c.name}”? Alerts stop going there; its log is deleted.`))
      return;
    const r = await api('DELETE', `/api/v1/alert-channels/${encodeURIComponent(c.id)}`);
    setMessage(r.ok ? `Deleted ${c.name}.` : r.error);
    await refresh();
  }

  async function sendTest(c: AlertChannelView) {
    setTesting(c.id);
    const r = await api<{ ok: boolean; result: DeliveryLogEntry }>(
      'POST',
      `/api/v1/alert-channels/${encodeURIComponent(c.id)}/test`,
    );
    setTesting(null);
    const result = r.ok
      ? {
          ok: r.body.ok,
          text: r.body.ok
            ? `✓ Delivered${r.body.result.status !== null ? ` (${r.body.result.status})` : ''} in ${r.body.result.ms ?? 0} ms.`
            : `◆ Failed: ${r.body.result.detail ?? 'no detail'}`,
        }
      : { ok: false, text: `◆ ${r.error}` };
    setTests((t) => ({ ...t, [c.id]: result }));
    setLogVersion((v) => v + 1);
    await refresh();
  }

  function saved(s: SavedChannel) {
    setEditing(null);
    setNewSecret(s.signingSecret ?? null);
    setMessage(`Saved ${s.name}.`);
    void refresh();
  }

  const boardList = boards.load.state === 'ready' ? boards.load.list : [];
  return (
    <SettingsFrame section="alerts" title="Alerts" denied={denied}>
      <p className="settings-intro">
        Where alerts go besides the boards: a signed webhook, Slack, Microsoft Teams or e-mail. Each channel
        takes the boards and severities you pick; failed deliveries are retried with backoff and every attempt
        is in its log.
      </p>
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      {newSecret && (
        <section className="notice" data-testid="signing-secret">
          <p>
            The webhook's signing secret, shown this once: give it to the receiver so it can check each
            request's <code>webhook-signature</code> (Standard Webhooks).
          </p>
          <p>
            <code>{newSecret}</code>
          </p>
          <button type="button" onClick={() => setNewSecret(null)}>
            I have copied it
          </button>
        </section>
      )}
      {load.state === 'loading' && <p className="notice">Loading…</p>}
      <FormError error={load.state === 'error' ? load.error : null} />
      {load.state === 'ready' && (
        <ul className="settings-list" aria-label="Alert channels">
          {load.list.length === 0 && (
            <li className="notice">No channel yet: alerts show on the boards only.</li>
          )}
          {load.list.map((c) => {
            const test = tests[c.id];
            return (
              <li key={c.id} data-testid={`channel-${c.id}`} data-state={c.last?.outcome ?? 'none'}>
                <div>
                  <strong>{c.name}</strong> <span className="muted">{CHANNEL_KIND_LABELS[c.kind]}</span>
                  <p className="muted">
                    {c.enabled ? 'enabled' : 'disabled'} · {where(c)} ·{' '}
                    {c.boards === 'all' ? 'all boards' : `boards ${c.boards.join(', ')}`} ·{' '}
                    {c.minSeverity === 'critical' ? 'critical only' : 'warnings and critical'}
                    {c.queued > 0 ? ` · ${c.queued} waiting to be retried` : ''}
                  </p>
                  <p className="muted" data-testid="channel-last">
                    {c.last
                      ? `Last: ${OUTCOME_TEXT[c.last.outcome]} ${moment(c.last.at)}`
                      : 'Nothing sent yet'}
                    {c.lastError ? ` · last error ${moment(c.lastError.at)}: ${c.lastError.detail}` : ''}
                  </p>
                  {test && (
                    <p
                      role="status"
                      className={test.ok ? 'notice' : 'form-error'}
                      data-testid="test-result"
                      data-ok={test.ok ? 'true' : 'false'}
                    >
                      {test.text}
                    </p>
                  )}
                  {openLog === c.id && <AlertChannelLog channelId={c.id} version={logVersion} />}
                </div>
                <div className="form-actions">
                  <button type="button" onClick={() => void sendTest(c)} disabled={testing !== null}>
                    {testing === c.id ? 'Sending…' : 'Send test'}
                  </button>
                  <button type="button" onClick={() => setOpenLog(openLog === c.id ? null : c.id)}>
                    {openLog === c.id ? 'Hide log' : 'Log'}
                  </button>
                  <button type="button" onClick={() => setEditing(c)}>
                    Edit
                  </button>
                  <button type="button" onClick={() => void remove(c)}>
                    Delete
                  </button>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {editing === null ? (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          Add a channel
        </button>
      ) : (
        <AlertChannelForm
          key={editing === 'new' ? 'new' : editing.id}
          existing={editing === 'new' ? null : editing}
          boards={boardList}
          onCancel={() => setEditing(null)}
          onSaved={saved}
        />
      )}
    </SettingsFrame>
  );
}
