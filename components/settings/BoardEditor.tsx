'use client';

import { useEffect, useState } from 'react';
import { type Board, THRESHOLD_FIGURES, type ThresholdFigure, TILES } from '../../lib/board/model';
import {
  DEFAULT_SERVICE_LEVEL_FORMULA,
  SERVICE_LEVEL_FORMULAS,
  type ServiceLevelFormula,
} from '../../lib/domain/figures';
import { TILE_LABEL } from '../board/labels';
import { api } from './api';
import { FormError } from './FormError';
import { QueueCountingForm } from './QueueCountingForm';

/** How each threshold figure is typed in: shares in %, times in seconds, counts as they are. */
const FIGURE: Readonly<
  Record<ThresholdFigure, { label: string; unit: string; scale: number; direction: 'above' | 'below' }>
> = {
  waiting: { label: 'Waiting now', unit: 'callers', scale: 1, direction: 'above' },
  longestWaitSeconds: { label: 'Longest wait', unit: 's', scale: 1, direction: 'above' },
  serviceLevel: { label: 'Service level', unit: '%', scale: 100, direction: 'below' },
  abandonRate: { label: 'Abandon rate', unit: '%', scale: 100, direction: 'above' },
  asaSeconds: { label: 'ASA', unit: 's', scale: 1, direction: 'above' },
  slaBreaches: { label: 'SLA breaches', unit: 'callers', scale: 1, direction: 'above' },
};

const num = (text: string, scale: number): number | null => {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n / scale : null;
};
const show = (n: number | null | undefined, scale: number) =>
  n === null || n === undefined ? '' : String(Math.round(n * scale * 100) / 100);

/**
 * Whether the signed-in person may change a whole board (admins, the API token) or only its
 * thresholds (supervisors: server/http/boards.ts keeps the rest). Until /me answers, and if it cannot,
 * nothing is locked: the server decides either way, this only says so before a save is refused.
 */
function useMayChangeBoard(): boolean {
  const [may, setMay] = useState(true);
  useEffect(() => {
    void api<{ kind: string; role?: string }>('GET', '/api/v1/me').then(
      (r) => r.ok && setMay(r.body.kind !== 'user' || r.body.role === 'admin'),
    );
  }, []);
  return may;
}

/**
 * One board's editor: name, queues (all, or picked from what the sources report), tiles, warn /
 * critical thresholds per figure, page rotation, caller masking, theme, service-level formula; below
 * it, the SLA / short-abandon seconds of its queues, saved apart (they belong to the queue). A
 * supervisor's board save changes the thresholds only, so the rest is locked for them.
 */
export function BoardEditor({
  id,
  board,
  queues,
  onSaved,
  onCancel,
}: {
  id: string | null;
  board: Board;
  queues: readonly { id: string; label: string }[];
  onSaved: (id: string) => void;
  onCancel: () => void;
}) {
  const [boardId, setBoardId] = useState(id ?? '');
  const [b, setB] = useState(board);
  const [limits, setLimits] = useState(
    () =>
      Object.fromEntries(
        THRESHOLD_FIGURES.map((f) => [
          f,
          {
            warn: show(board.thresholds[f]?.warn, FIGURE[f].scale),
            critical: show(board.thresholds[f]?.critical, FIGURE[f].scale),
          },
        ]),
      ) as Record<ThresholdFigure, { warn: string; critical: string }>,
  );
  const [error, setError] = useState<string | null>(null);
  const mayChangeBoard = useMayChangeBoard();
  const picked = new Set(b.queues === 'all' ? [] : b.queues);
  const labelOf = new Map(queues.map((q) => [q.id, q.label]));
  // A picked queue no source reports (yet) keeps its settings editable under its id.
  const shown = b.queues === 'all' ? queues : b.queues.map((id) => ({ id, label: labelOf.get(id) ?? id }));

  async function save(e: React.FormEvent) {
    e.preventDefault();
    const thresholds: Board['thresholds'] = {};
    for (const f of THRESHOLD_FIGURES) {
      const warn = num(limits[f].warn, FIGURE[f].scale);
      const critical = num(limits[f].critical, FIGURE[f].scale);
      if (warn !== null || critical !== null)
        thresholds[f] = { direction: FIGURE[f].direction, warn, critical };
    }
    const r = await api('PUT', `/api/v1/boards/${encodeURIComponent(boardId)}`, { ...b, thresholds });
    if (r.ok) onSaved(boardId);
    else setError(r.error);
  }

  const toggleQueue = (q: string) => {
    const next = new Set(picked);
    if (next.has(q)) next.delete(q);
    else next.add(q);
    setB({ ...b, queues: [...next] });
  };
  const toggleTile = (t: (typeof TILES)[number]) =>
    setB({
      ...b,
      tiles: b.tiles.includes(t)
        ? b.tiles.filter((x) => x !== t)
        : TILES.filter((x) => x === t || b.tiles.includes(x)),
    });

  return (
    <>
      <form className="settings-form" aria-label={id ? `Edit board ${b.name}` : 'New board'} onSubmit={save}>
        {!mayChangeBoard && (
          <p className="muted" data-testid="supervisor-note">
            As a supervisor you may change this board’s thresholds and its queues’ SLA and short-abandon
            seconds; the rest is for admins.
          </p>
        )}
        <fieldset disabled={!mayChangeBoard} className="board-admin-fields" style={{ display: 'contents' }}>
          <div className="form-grid">
            <label htmlFor="board-id">Id</label>
            <input
              id="board-id"
              required
              pattern="[a-z0-9][a-z0-9-]{0,62}"
              readOnly={id !== null}
              value={boardId}
              onChange={(e) => setBoardId(e.target.value)}
              placeholder="sales-floor"
            />
            <label htmlFor="board-name">Name</label>
            <input
              id="board-name"
              required
              value={b.name}
              onChange={(e) => setB({ ...b, name: e.target.value })}
            />
            <label htmlFor="board-rotation">Page rotation (s)</label>
            <input
              id="board-rotation"
              type="number"
              min={5}
              max={600}
              value={b.rotationSeconds}
              onChange={(e) => setB({ ...b, rotationSeconds: Number(e.target.value) })}
            />
            <label htmlFor="board-theme">Theme</label>
            <select
              id="board-theme"
              value={b.theme}
              onChange={(e) => setB({ ...b, theme: e.target.value as Board['theme'] })}
            >
              <option value="dark">dark</option>
              <option value="light">light</option>
            </select>
            <label htmlFor="board-sl-formula">Service level formula</label>
            <select
              id="board-sl-formula"
              aria-describedby="board-sl-formula-text"
              value={b.serviceLevelFormula}
              onChange={(e) => setB({ ...b, serviceLevelFormula: e.target.value as ServiceLevelFormula })}
            >
              {(Object.keys(SERVICE_LEVEL_FORMULAS) as ServiceLevelFormula[]).map((f) => (
                <option key={f} value={f}>
                  {SERVICE_LEVEL_FORMULAS[f].name}
                  {f === DEFAULT_SERVICE_LEVEL_FORMULA ? ' (default)' : ''}
                </option>
              ))}
            </select>
            <span />
            <span id="board-sl-formula-text" className="muted">
              {SERVICE_LEVEL_FORMULAS[b.serviceLevelFormula].text}
            </span>
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={b.maskCallers}
              onChange={(e) => setB({ ...b, maskCallers: e.target.checked })}
            />{' '}
            Mask caller numbers (+44 7••• ••• 123)
          </label>
          <fieldset>
            <legend>Queues</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={b.queues === 'all'}
                onChange={(e) => setB({ ...b, queues: e.target.checked ? 'all' : [] })}
              />{' '}
              Every queue the sources report
            </label>
            {b.queues !== 'all' &&
              queues.map((q) => (
                <label key={q.id} className="check">
                  <input type="checkbox" checked={picked.has(q.id)} onChange={() => toggleQueue(q.id)} />{' '}
                  {q.label}
                </label>
              ))}
          </fieldset>
          <fieldset>
            <legend>Tiles</legend>
            {TILES.map((t) => (
              <label key={t} className="check">
                <input type="checkbox" checked={b.tiles.includes(t)} onChange={() => toggleTile(t)} />{' '}
                {TILE_LABEL[t]}
              </label>
            ))}
          </fieldset>
        </fieldset>
        <fieldset>
          <legend>Thresholds (empty: no level; admins and supervisors)</legend>
          <div className="form-grid">
            {THRESHOLD_FIGURES.map((f) => (
              <div key={f} className="threshold-row" style={{ display: 'contents' }}>
                <span>
                  {FIGURE[f].label} ({FIGURE[f].direction === 'above' ? 'bad at or above' : 'bad below'},{' '}
                  {FIGURE[f].unit})
                </span>
                <span className="form-actions">
                  <input
                    aria-label={`${FIGURE[f].label} warn`}
                    inputMode="decimal"
                    size={6}
                    value={limits[f].warn}
                    onChange={(e) => setLimits({ ...limits, [f]: { ...limits[f], warn: e.target.value } })}
                    placeholder="warn"
                  />
                  <input
                    aria-label={`${FIGURE[f].label} critical`}
                    inputMode="decimal"
                    size={6}
                    value={limits[f].critical}
                    onChange={(e) =>
                      setLimits({ ...limits, [f]: { ...limits[f], critical: e.target.value } })
                    }
                    placeholder="critical"
                  />
                </span>
              </div>
            ))}
          </div>
        </fieldset>
        <FormError error={error} />
        <div className="form-actions">
          <button type="submit" className="primary">
            Save board
          </button>
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      </form>
      <QueueCountingForm queues={shown} />
    </>
  );
}
