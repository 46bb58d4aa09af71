'use client';

import { useEffect, useState } from 'react';
import { api } from './api';
import { FieldError, type FieldErrors, fieldErrorsOf, invalidProps, NO_ERRORS } from './FieldError';
import { FormError } from './FormError';
import { useDraft } from './useDraft';

/**
 * "Pair a TV": the code the TV shows on `/pair` (or that its QR code filled in: `?pair=`), the board,
 * a name. The server hands the TV its token by itself; nobody here ever sees it.
 */
export function PairForm({
  boards,
  onPaired,
}: {
  boards: { id: string; name: string }[];
  onPaired: () => void;
}) {
  const [draft, patchDraft, setDraft] = useDraft({ code: '', boardId: 'all-queues', name: '' });
  const [error, setError] = useState<string | null>(null);
  const [errors, setErrors] = useState<FieldErrors>(NO_ERRORS);
  const [done, setDone] = useState<string | null>(null);

  useEffect(() => {
    const code = new URLSearchParams(window.location.search).get('pair');
    if (code) setDraft((d) => ({ ...d, code: code.slice(0, 20) }));
  }, [setDraft]);

  async function pair(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    setErrors(NO_ERRORS);
    setDone(null);
    const r = await api<{ display: { name: string } }>('POST', '/api/v1/pairings/bind', draft);
    if (!r.ok) {
      // A field's problem shows under its field; anything else (a refusal, too many tries) above the button.
      setErrors(fieldErrorsOf(r.issues ?? []));
      setError(r.issues?.length ? null : r.error);
      return;
    }
    setDone(`“${r.body.display.name}” is paired: the TV opens its board within a few seconds.`);
    patchDraft({ code: '', name: '' });
    onPaired();
  }

  return (
    <form className="settings-form" aria-label="Pair a TV" onSubmit={pair}>
      <h2>Pair a TV</h2>
      <p className="settings-intro">
        Open <code>/pair</code> on the TV’s browser: it shows a code. Enter it here and pick the board.
      </p>
      <div className="form-grid">
        <label htmlFor="pair-code">Code</label>
        <div>
          <input
            id="pair-code"
            required
            autoComplete="off"
            autoCapitalize="characters"
            spellCheck={false}
            maxLength={20}
            {...invalidProps(errors, 'code', 'pair-code')}
            value={draft.code}
            onChange={(e) => patchDraft({ code: e.target.value })}
            placeholder="ABC 234"
          />
          <FieldError errors={errors} path="code" inputId="pair-code" />
        </div>
        <label htmlFor="pair-board">Board</label>
        <select
          id="pair-board"
          value={draft.boardId}
          onChange={(e) => patchDraft({ boardId: e.target.value })}
        >
          {(boards.length ? boards : [{ id: 'all-queues', name: 'All queues' }]).map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <label htmlFor="pair-name">Name</label>
        <div>
          <input
            id="pair-name"
            required
            maxLength={80}
            {...invalidProps(errors, 'name', 'pair-name')}
            value={draft.name}
            onChange={(e) => patchDraft({ name: e.target.value })}
            placeholder="TV by the sales desk"
          />
          <FieldError errors={errors} path="name" inputId="pair-name" />
        </div>
      </div>
      <FormError error={error} testId="pair-error" />
      {done && (
        <p role="status" className="notice" data-testid="pair-done">
          {done}
        </p>
      )}
      <div className="form-actions">
        <button type="submit" className="primary">
          Pair
        </button>
      </div>
    </form>
  );
}
