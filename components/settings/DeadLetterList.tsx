'use client';

import { useState } from 'react';
import { droppedText, type RecentDeadLetter, replayNote } from '../../lib/settings/webhooks';
import { useMoment } from '../board/Formats';
import { api } from './api';

/** What the last click on a letter's Replay got: the server's result text, or why it failed. */
type Outcome = { ok: boolean; text: string };

/**
 * A source's recent rejected payloads with their reasons, and how many older ones the per-source cap
 * dropped, each with a Replay button
 * (`POST /api/v1/dead-letters/<id>/replay`: the stored body through today's normalizer). The reply is
 * shown at once; `onReplayed` reloads the list, whose letters then carry the recorded result, so
 * another admin's screen or a reload shows it too.
 */
export function DeadLetterList({
  sourceId,
  letters,
  dropped,
  onReplayed,
}: {
  sourceId: string;
  letters: readonly RecentDeadLetter[];
  dropped: number;
  onReplayed: () => Promise<void>;
}) {
  const moment = useMoment();
  const [busy, setBusy] = useState<number | null>(null);
  const [outcomes, setOutcomes] = useState<ReadonlyMap<number, Outcome>>(new Map());
  const droppedNote = droppedText(dropped);
  if (letters.length === 0 && droppedNote === null) return null;

  async function replay(id: number) {
    setBusy(id);
    setOutcomes((m) => {
      const next = new Map(m);
      next.delete(id);
      return next;
    });
    const r = await api<{ result: string }>('POST', `/api/v1/dead-letters/${id}/replay`);
    const outcome = r.ok
      ? { ok: true, text: r.body.result }
      : { ok: false, text: `replay failed: ${r.error}` };
    setOutcomes((m) => new Map(m).set(id, outcome));
    await onReplayed();
    setBusy(null);
  }

  return (
    <>
      {letters.length > 0 && (
        <details data-testid={`dead-letters-${sourceId}`}>
          <summary>{letters.length} recent rejected payloads</summary>
          <ul>
            {letters.map((d) => {
              const outcome = outcomes.get(d.id);
              const failed = outcome?.ok === false ? outcome.text : null;
              // The recorded result once the list has reloaded; the reply itself until then.
              const note = failed ?? replayNote(d, moment) ?? outcome?.text ?? null;
              return (
                <li key={d.id} data-testid={`dead-letter-${d.id}`}>
                  #{d.id} {moment(d.receivedAt)} · {d.status} · {d.reason}{' '}
                  <button type="button" disabled={busy === d.id} onClick={() => void replay(d.id)}>
                    {busy === d.id ? 'Replaying…' : d.replayedAt === null ? 'Replay' : 'Replay again'}
                  </button>
                  {note !== null && (
                    <span role="status" className={failed === null ? 'muted' : 'form-error'}>
                      {' '}
                      {note}
                    </span>
                  )}
                </li>
              );
            })}
          </ul>
        </details>
      )}
      {/* Outside the folded list: an admin should see at a glance that letters were lost. */}
      {droppedNote !== null && (
        <p className="muted" data-testid={`dead-letters-dropped-${sourceId}`}>
          {droppedNote}
        </p>
      )}
    </>
  );
}
