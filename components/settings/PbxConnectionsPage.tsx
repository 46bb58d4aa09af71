'use client';

import { useState } from 'react';
import { checkSummary } from '../../lib/board/sourceCheck';
import type { SourceStatus } from '../../lib/protocol';
import { DEMO_PBX_ID, type PbxConnectionView } from '../../lib/settings/pbx';
import { formatAge } from '../live/format';
import { AgreementLine } from './AgreementLine';
import { api } from './api';
import { FormError } from './FormError';
import { PbxConnectionForm } from './PbxConnectionForm';
import { SettingsFrame } from './SettingsFrame';
import { useSettingsList } from './useSettingsList';

type Connection = PbxConnectionView & { status: SourceStatus | null };

/** Seconds between status refreshes: the list shows whether each link is up right now. */
const REFRESH_MS = 5_000;

/** "checked 12 s ago · 0 differences today", aged by the server's time of the list (one clock). */
function checkText(status: SourceStatus | null, body: Readonly<Record<string, unknown>>): string {
  const serverTime = typeof body.serverTime === 'number' ? body.serverTime : null;
  const check = status && serverTime !== null ? checkSummary(status, serverTime, formatAge) : null;
  return check ? ` · ${check.text}` : '';
}

/** `/settings/pbx`: the PortSIP WSI connections, their live status, add / edit / test / delete. */
export function PbxConnectionsPage() {
  const { load, refresh, denied } = useSettingsList<Connection>(
    '/api/v1/pbx-connections',
    'connections',
    REFRESH_MS,
  );
  const [editing, setEditing] = useState<Connection | 'new' | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  async function remove(c: Connection) {
    if (!window.confirm(`Delete the connection “${c.name}”? Its queues stop updating.`)) return;
    const r = await api('DELETE', `/api/v1/pbx-connections/${encodeURIComponent(c.id)}`);
    setMessage(r.ok ? `Deleted ${c.name}.` : r.error);
    await refresh();
  }

  return (
    <SettingsFrame section="pbx" title="PBX connections" denied={denied}>
      <p className="settings-intro">
        PortSIP PBXs Callboard listens to over WSI. Saving applies at once: the link logs in again and
        re-subscribes; no restart.
      </p>
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      {load.state === 'loading' && <p className="notice">Loading…</p>}
      <FormError error={load.state === 'error' ? load.error : null} />
      {load.state === 'ready' && (
        <ul className="settings-list" aria-label="PBX connections">
          {load.list.length === 0 && <li className="notice">No PBX connection yet.</li>}
          {load.list.map((c) => (
            <li key={c.id} data-testid={`pbx-connection-${c.id}`} data-status={c.status?.status ?? 'off'}>
              <div>
                <strong>{c.name}</strong> <span className="muted">{c.url}</span>
                {c.id === DEMO_PBX_ID && (
                  <p className="muted">
                    The demo's simulator: saved again with its address at each demo start.
                  </p>
                )}
                <p className="muted">
                  {c.enabled
                    ? c.status
                      ? `${c.status.status}${c.status.detail ? ` — ${c.status.detail}` : ''}`
                      : 'starting'
                    : 'disabled'}
                  {c.enabled ? checkText(c.status, load.body) : ''}
                  {' · '}password {c.passwordSet ? 'set' : 'not set'}
                  {' · '}queues {c.queues.length ? c.queues.join(', ') : 'all'}
                </p>
                <AgreementLine id={c.id} drift={c.status?.drift} />
              </div>
              <div className="form-actions">
                <button type="button" onClick={() => setEditing(c)}>
                  Edit
                </button>
                <button type="button" onClick={() => void remove(c)}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing === null ? (
        <button type="button" className="primary" onClick={() => setEditing('new')}>
          Add a PBX connection
        </button>
      ) : (
        <PbxConnectionForm
          key={editing === 'new' ? 'new' : editing.id}
          existing={editing === 'new' ? null : editing}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setMessage('Saved: the link is reconnecting with the new settings.');
            void refresh();
          }}
        />
      )}
    </SettingsFrame>
  );
}
