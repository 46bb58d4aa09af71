'use client';

import type { QueueScope } from '../../lib/reports/query';

/** Which queues: all of them, one board's, or the ones ticked (named in the API's `queues=`). */
export function QueueScopePicker({
  scope,
  onChange,
  boards,
  queues,
}: {
  scope: QueueScope;
  onChange: (s: QueueScope) => void;
  boards: readonly { id: string; name: string }[];
  queues: readonly { id: string; label: string }[];
}) {
  const chosen = new Set(scope.kind === 'queues' ? scope.queues : []);
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    onChange({ kind: 'queues', queues: [...next].sort() });
  };
  return (
    <fieldset className="report-scope">
      <legend>Queues</legend>
      <label className="check">
        <input
          type="radio"
          name="report-scope"
          checked={scope.kind === 'all'}
          onChange={() => onChange({ kind: 'all' })}
        />
        All queues
      </label>
      <label className="check">
        <input
          type="radio"
          name="report-scope"
          checked={scope.kind === 'board'}
          disabled={boards.length === 0}
          onChange={() => onChange({ kind: 'board', board: boards[0]?.id ?? '' })}
        />
        A board's queues
      </label>
      {scope.kind === 'board' && (
        <select
          aria-label="Board"
          value={scope.board}
          onChange={(e) => onChange({ kind: 'board', board: e.target.value })}
        >
          {boards.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      )}
      <label className="check">
        <input
          type="radio"
          name="report-scope"
          checked={scope.kind === 'queues'}
          disabled={queues.length === 0}
          onChange={() => onChange({ kind: 'queues', queues: [] })}
        />
        Chosen queues
      </label>
      {scope.kind === 'queues' && (
        <div className="report-queue-list">
          {queues.map((q) => (
            <label key={q.id} className="check">
              <input type="checkbox" checked={chosen.has(q.id)} onChange={() => toggle(q.id)} />
              {q.label}
            </label>
          ))}
          {chosen.size === 0 && <p className="muted">None ticked: every queue is shown.</p>}
        </div>
      )}
    </fieldset>
  );
}
