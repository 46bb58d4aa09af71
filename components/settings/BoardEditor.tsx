'use client';

import { useState } from 'react';
import { type Board, boardSchema, newBoardSchema, TILES } from '../../lib/board/model';
import {
  DEFAULT_SERVICE_LEVEL_FORMULA,
  SERVICE_LEVEL_FORMULAS,
  type ServiceLevelFormula,
} from '../../lib/domain/figures';
import { ID_INPUT_PATTERN } from '../../lib/settings/ids';
import { TILE_LABEL } from '../board/labels';
import { useMe } from '../nav/useMe';
import { AbandonCounting, AbandonMinCalls, minCallsOf } from './AbandonRateFields';
import { AGENT_LIMIT_PATHS, AgentLimitFields, agentLimitTexts, agentThresholdsOf } from './AgentLimitFields';
import { AlertRulesFields, alertRulePaths } from './AlertRulesFields';
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
import { QueueCountingForm } from './QueueCountingForm';
import { THRESHOLD_PATHS, ThresholdFields, thresholdsOf, thresholdTexts } from './ThresholdFields';
import { useDraft } from './useDraft';

/**
 * One board's editor: name, queues (all, or picked from what the sources report), tiles, warn /
 * critical thresholds per figure, agents' time-in-state limits, page rotation, caller masking, theme,
 * service-level formula, whether short abandons count and the abandon rate's minimum calls; below
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
  const [b, patchB, setB] = useDraft(board);
  const [limits, setLimits] = useState(() => thresholdTexts(board.thresholds));
  const [agentLimits, setAgentLimits] = useState(() => agentLimitTexts(board.agentThresholds));
  const [minCalls, setMinCalls] = useState(String(board.abandonRate.minCalls));
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  // Admins and the API token change a whole board, supervisors its thresholds only (server/http/boards.ts
  // keeps the rest). Until /me answers nothing is locked: the server decides either way.
  const me = useMe();
  const mayChangeBoard = me.state !== 'user' || me.role === 'admin';
  const picked = new Set(b.queues === 'all' ? [] : b.queues);
  const labelOf = new Map(queues.map((q) => [q.id, q.label]));
  // A picked queue no source reports (yet) keeps its settings editable under its id.
  const shown = b.queues === 'all' ? queues : b.queues.map((id) => ({ id, label: labelOf.get(id) ?? id }));

  /** Checks the board with the server's own schema, then creates (POST) a new one or saves (PUT) this one. */
  async function save(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const body = {
      ...b,
      thresholds: thresholdsOf(limits),
      agentThresholds: agentThresholdsOf(agentLimits),
      abandonRate: { ...b.abandonRate, minCalls: minCallsOf(minCalls) },
    };
    const checked =
      id === null ? newBoardSchema.safeParse({ ...body, id: boardId }) : boardSchema.safeParse(body);
    if (!checked.success) return setErrors(fieldErrorsOf(checked.error.issues));
    setErrors(NO_ERRORS);
    const r =
      id === null
        ? await api('POST', '/api/v1/boards', { ...body, id: boardId })
        : await api('PUT', `/api/v1/boards/${encodeURIComponent(id)}`, body, EDIT_ONLY);
    if (r.ok) return onSaved(boardId);
    if (r.issues) setErrors(fieldErrorsOf(r.issues));
    else setError(r.error);
  }
  const shownPaths = [
    'id',
    'name',
    'rotationSeconds',
    ...THRESHOLD_PATHS,
    ...AGENT_LIMIT_PATHS,
    'abandonRate.minCalls',
    ...alertRulePaths(b.alerts),
  ];

  const toggleQueue = (q: string) => {
    setB((cur) => {
      const next = new Set(cur.queues === 'all' ? [] : cur.queues);
      if (next.has(q)) next.delete(q);
      else next.add(q);
      return { ...cur, queues: [...next] };
    });
  };
  const toggleTile = (t: (typeof TILES)[number]) =>
    setB((cur) => ({
      ...cur,
      tiles: cur.tiles.includes(t)
        ? cur.tiles.filter((x) => x !== t)
        : TILES.filter((x) => x === t || cur.tiles.includes(x)),
    }));

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
            <span className="field">
              <input
                id="board-id"
                required
                pattern={ID_INPUT_PATTERN}
                title="lowercase letters, digits and dashes"
                readOnly={id !== null}
                value={boardId}
                onChange={(e) => setBoardId(e.target.value)}
                placeholder="sales-floor"
                {...invalidProps(errors, 'id', 'board-id')}
              />
              <FieldError errors={errors} path="id" inputId="board-id" />
            </span>
            <label htmlFor="board-name">Name</label>
            <span className="field">
              <input
                id="board-name"
                required
                value={b.name}
                onChange={(e) => patchB({ name: e.target.value })}
                {...invalidProps(errors, 'name', 'board-name')}
              />
              <FieldError errors={errors} path="name" inputId="board-name" />
            </span>
            <label htmlFor="board-rotation">Page rotation (s)</label>
            <span className="field">
              <input
                id="board-rotation"
                type="number"
                min={5}
                max={600}
                value={b.rotationSeconds}
                onChange={(e) => patchB({ rotationSeconds: Number(e.target.value) })}
                {...invalidProps(errors, 'rotationSeconds', 'board-rotation')}
              />
              <FieldError errors={errors} path="rotationSeconds" inputId="board-rotation" />
            </span>
            <label htmlFor="board-theme">Theme</label>
            <select
              id="board-theme"
              value={b.theme}
              onChange={(e) => patchB({ theme: e.target.value as Board['theme'] })}
            >
              <option value="dark">dark</option>
              <option value="light">light</option>
            </select>
            <label htmlFor="board-sl-formula">Service level formula</label>
            <select
              id="board-sl-formula"
              aria-describedby="board-sl-formula-text"
              value={b.serviceLevelFormula}
              onChange={(e) => patchB({ serviceLevelFormula: e.target.value as ServiceLevelFormula })}
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
            <AbandonCounting
              countShortAbandons={b.abandonRate.countShortAbandons}
              onChange={(count) =>
                setB((cur) => ({ ...cur, abandonRate: { ...cur.abandonRate, countShortAbandons: count } }))
              }
            />
          </div>
          <label className="check">
            <input
              type="checkbox"
              checked={b.maskCallers}
              onChange={(e) => patchB({ maskCallers: e.target.checked })}
            />{' '}
            Mask caller numbers (+44 7••• ••• 123)
          </label>
          <fieldset>
            <legend>Queues</legend>
            <label className="check">
              <input
                type="checkbox"
                checked={b.queues === 'all'}
                onChange={(e) => patchB({ queues: e.target.checked ? 'all' : [] })}
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
        <ThresholdFields texts={limits} onChange={setLimits} errors={errors} />
        <AbandonMinCalls text={minCalls} onChange={setMinCalls} errors={errors} />
        <AgentLimitFields texts={agentLimits} onChange={setAgentLimits} errors={errors} />
        <AlertRulesFields
          rules={b.alerts}
          chime={b.alertChime}
          queues={shown}
          onChange={(alerts) => patchB({ alerts })}
          onChime={(alertChime) => patchB({ alertChime })}
          errors={errors}
          disabled={!mayChangeBoard}
        />
        <FormError error={error ?? otherErrors(errors, shownPaths)} />
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
