'use client';

import { agreementNote } from '../../lib/board/agreement';
import type { SourceDrift } from '../../lib/protocol';
import { useFormat } from '../board/Formats';

/**
 * A source's agreement with the other source of its PBX on the settings pages (webhook sources, PBX
 * connections): said whenever it is known, in the warning style when the counts differ. Nothing when
 * no other source feeds its queues (docs/metrics.md "Drift — agreement").
 */
export function AgreementLine({ id, drift }: { id: string; drift: SourceDrift | undefined }) {
  const note = agreementNote(drift?.agreement, useFormat().clock);
  if (!note) return null;
  return (
    <p className={note.warn ? 'lvl-warn' : 'muted'} data-testid={`agreement-${id}`} data-warn={note.warn}>
      {note.warn ? '▲ ' : ''}
      {note.text}
    </p>
  );
}
