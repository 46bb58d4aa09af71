'use client';

import { useEffect, useState } from 'react';
import { useMoment } from '../board/Formats';
import { api } from './api';
import { DisplayState, FleetAlertSetting, useFleet } from './DisplayHealth';
import { FormError } from './FormError';
import { PairForm } from './PairForm';
import { QrCode } from './QrCode';
import { SettingsFrame } from './SettingsFrame';
import { useDraft } from './useDraft';
import { useSettingsList } from './useSettingsList';

interface Display {
  id: number;
  name: string;
  boardId: string;
  createdAt: number;
  lastSeenAt: number | null;
  revokedAt: number | null;
}

/**
 * `/settings/displays`: one revocable token per TV. Pair a TV by the code its `/pair` page shows (its
 * token reaches it by itself), or add one by hand: its kiosk URL (token inside) is shown once. Each
 * TV's state from its heartbeats (live / not live / offline); revoking cuts the TV off at once.
 */
export function DisplaysPage() {
  const moment = useMoment();
  const { load, refresh, denied } = useSettingsList<Display>('/api/v1/displays', 'displays', 15_000);
  const [boards, setBoards] = useState<{ id: string; name: string }[]>([]);
  const [draft, patchDraft] = useDraft({ name: '', boardId: 'all-queues' });
  const [created, setCreated] = useState<{ name: string; url: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { fleet, refresh: refreshFleet } = useFleet();

  useEffect(() => {
    void api<{ boards: { id: string; name: string }[] }>('GET', '/api/v1/boards').then(
      (r) => r.ok && setBoards(r.body.boards),
    );
  }, []);

  async function create(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await api<{ kioskPath: string; display: Display }>('POST', '/api/v1/displays', draft);
    if (!r.ok) setError(r.error);
    else setCreated({ name: r.body.display.name, url: `${window.location.origin}${r.body.kioskPath}` });
    await refresh();
  }

  async function reload(d: Display) {
    setError(null);
    const r = await api<{ reloaded: number }>('POST', `/api/v1/displays/${d.id}/reload`);
    if (!r.ok) setError(r.error);
    else setCreated(null);
    setNotice(
      r.ok ? `${d.name}: ${r.body.reloaded} screen${r.body.reloaded === 1 ? '' : 's'} reloading.` : null,
    );
  }

  async function revoke(d: Display) {
    if (!window.confirm(`Revoke “${d.name}”? The TV loses access at once.`)) return;
    const r = await api('DELETE', `/api/v1/displays/${d.id}`);
    if (!r.ok) setError(r.error);
    await refresh();
  }

  return (
    <SettingsFrame section="displays" title="Displays" denied={denied}>
      <p className="settings-intro">
        Each TV gets its own token, bound to one board: it receives that board's queues and nothing else.
      </p>
      <PairForm
        boards={boards}
        onPaired={() => {
          void refresh();
          void refreshFleet();
        }}
      />
      {created && (
        <section className="probe" role="status" data-testid="display-created">
          <p>
            <strong>Open this on “{created.name}”. It is not shown again.</strong>
          </p>
          <p>
            <code data-testid="kiosk-url">{created.url}</code>
          </p>
          <QrCode text={created.url} label={`QR code of the kiosk URL of ${created.name}`} />
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </section>
      )}
      {notice && (
        <p role="status" className="notice" data-testid="display-notice">
          {notice}
        </p>
      )}
      <FormError error={error} />
      {load.state === 'ready' && (
        <ul className="settings-list" aria-label="Displays">
          {load.list.length === 0 && <li className="notice">No display yet.</li>}
          {load.list.map((d) => (
            <li key={d.id} data-testid={`display-${d.id}`} data-revoked={d.revokedAt ? 'true' : 'false'}>
              <div>
                <strong>{d.name}</strong> <span className="muted">board {d.boardId}</span>
                {d.revokedAt ? (
                  <p className="muted">revoked {moment(d.revokedAt)}</p>
                ) : fleet?.displays.some((h) => h.id === d.id) ? (
                  // Its heartbeat state says more (and more recently) than the stored "last seen".
                  <DisplayState health={fleet.displays.find((h) => h.id === d.id)} />
                ) : (
                  <p className="muted">last seen {d.lastSeenAt ? moment(d.lastSeenAt) : 'never'}</p>
                )}
              </div>
              {!d.revokedAt && (
                <div className="form-actions">
                  <button type="button" onClick={() => void reload(d)}>
                    Reload now
                  </button>
                  <button type="button" onClick={() => void revoke(d)}>
                    Revoke
                  </button>
                </div>
              )}
            </li>
          ))}
        </ul>
      )}
      {fleet && <FleetAlertSetting minutes={fleet.alertAfterMinutes} onSaved={() => void refreshFleet()} />}
      <h2>Add a display by hand</h2>
      <form className="settings-form" aria-label="New display" onSubmit={create}>
        <div className="form-grid">
          <label htmlFor="display-name">Name</label>
          <input
            id="display-name"
            required
            value={draft.name}
            onChange={(e) => patchDraft({ name: e.target.value })}
            placeholder="TV by the sales desk"
          />
          <label htmlFor="display-board">Board</label>
          <select
            id="display-board"
            value={draft.boardId}
            onChange={(e) => patchDraft({ boardId: e.target.value })}
          >
            {(boards.length ? boards : [{ id: 'all-queues', name: 'All queues' }]).map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="primary">
            Add display
          </button>
        </div>
      </form>
    </SettingsFrame>
  );
}
