'use client';

import { useEffect, useState } from 'react';
import { type Board, boardSchema } from '../../lib/board/model';
import { queueLabel } from '../../lib/board/queues';
import { api } from './api';
import { BoardEditor } from './BoardEditor';
import { FormError } from './FormError';
import { SettingsFrame } from './SettingsFrame';
import { useSettingsList } from './useSettingsList';

type Editing = { id: string | null; board: Board } | null;

/** `/settings/boards`: the boards, each editable (queues, tiles, thresholds, rotation, masking, theme). */
export function BoardsPage() {
  const { load, refresh, denied } = useSettingsList<{ id: string; name: string }>('/api/v1/boards', 'boards');
  const [queues, setQueues] = useState<{ id: string; label: string }[]>([]);
  const [editing, setEditing] = useState<Editing>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    void api<{ queues: { id: string; name: string | null; number: string | null }[] }>(
      'GET',
      '/api/v1/state',
    ).then(
      (r) => r.ok && setQueues(r.body.queues.map((q) => ({ id: q.id, label: `${queueLabel(q)} (${q.id})` }))),
    );
  }, []);

  async function edit(id: string) {
    const r = await api<{ board: Board }>('GET', `/api/v1/boards/${encodeURIComponent(id)}`);
    if (r.ok) setEditing({ id, board: r.body.board });
    else setError(r.error);
  }

  async function remove(id: string, name: string) {
    if (!window.confirm(`Delete the board “${name}”? Displays showing it will show nothing.`)) return;
    const r = await api('DELETE', `/api/v1/boards/${encodeURIComponent(id)}`);
    if (!r.ok) setError(r.error);
    await refresh();
  }

  return (
    <SettingsFrame section="boards" title="Boards" denied={denied}>
      <p className="settings-intro">
        What each wallboard shows. Displays are bound to one board and receive only its queues.
      </p>
      <FormError error={error} />
      {load.state === 'ready' && (
        <ul className="settings-list" aria-label="Boards">
          {load.list.map((b) => (
            <li key={b.id} data-testid={`board-${b.id}`}>
              <div>
                <strong>{b.name}</strong> <span className="muted">{b.id}</span>
                <p className="muted">
                  <a href={`/boards/${b.id}`}>open</a> · <a href={`/kiosk/${b.id}`}>kiosk</a>
                </p>
              </div>
              <div className="form-actions">
                <button type="button" onClick={() => void edit(b.id)}>
                  Edit
                </button>
                <button type="button" onClick={() => void remove(b.id, b.name)}>
                  Delete
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
      {editing === null ? (
        <button
          type="button"
          className="primary"
          onClick={() => setEditing({ id: null, board: boardSchema.parse({ name: 'New board' }) })}
        >
          Add a board
        </button>
      ) : (
        <BoardEditor
          key={editing.id ?? 'new'}
          id={editing.id}
          board={editing.board}
          queues={queues}
          onCancel={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            void refresh();
          }}
        />
      )}
    </SettingsFrame>
  );
}
