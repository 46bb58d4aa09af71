'use client';

import { agreementNote } from '../../lib/board/agreement';
import { checkSummary } from '../../lib/board/sourceCheck';
import { clockNote } from '../../lib/board/sourceClock';
import { sourceChip } from '../../lib/board/sourceHealth';
import { ownerNote } from '../../lib/board/sourceOwner';
import { eventAgeSeconds } from '../../lib/board/stale';
import type { SourceStatus } from '../../lib/protocol';
import { useServerNow } from '../live/clock';
import { formatAge } from '../live/format';
import { useWallboard } from '../live/StoreProvider';
import { useFormat } from './Formats';
import { useLiveness } from './Liveness';

/**
 * Every PBX source: a PBX link's state and how long since its last event; a webhook source's last
 * delivery (lib/board/sourceHealth.ts); its PBX's clock when it is off ours (in the warning style
 * beyond the configured bound); its self-checks against the PBX (lib/board/sourceCheck.ts). Nothing
 * green while the board is not live.
 */
export function SourceHealth({ className = '', compact = false }: { className?: string; compact?: boolean }) {
  const sources = useWallboard((s) => s.sources);
  const hasView = useWallboard((s) => s.view !== null);
  // A revoked screen shows nothing of what it had, sources included.
  const revoked = useWallboard((s) => s.link === 'revoked');
  if (!hasView || revoked) return null;
  return (
    <ul className={`sources ${className}`} aria-label="PBX sources">
      {sources.length === 0 && <li className="source">no PBX sources configured</li>}
      {sources.map((s) => (
        <SourceItem key={s.id} source={s} compact={compact} />
      ))}
    </ul>
  );
}

function SourceItem({ source: s, compact }: { source: SourceStatus; compact: boolean }) {
  const now = useServerNow();
  const { live } = useLiveness();
  const chip = sourceChip(s, { boardLive: live });
  const clock = clockNote(s);
  const check = now === null ? null : checkSummary(s, now, formatAge);
  const agreement = agreementNote(s.drift?.agreement, useFormat().clock);
  const warned = clock?.warn === true || agreement?.warn === true;
  const level = chip.level === 'ok' && warned ? 'warn' : chip.level;
  // On a kiosk a healthy chip is its mark, name and age, a waiting one says "waiting": the full
  // words are for screen readers.
  const hideLabel = compact && (chip.level === 'ok' || chip.short !== undefined);
  return (
    <li
      data-testid={`source-${s.id}`}
      data-source={s.id}
      data-status={s.status}
      data-level={level}
      className={`source lvl-${level}`}
      data-owner={s.owner?.instance ?? undefined}
      title={
        [s.detail, s.owner?.here ? ownerNote(s) : null, clock?.text, check?.title, agreement?.text]
          .filter(Boolean)
          .join(' · ') || undefined
      }
    >
      <span aria-hidden="true" className="source-mark">
        {chip.symbol}
      </span>{' '}
      <span className="source-id">{s.id}</span>{' '}
      {compact && chip.short !== undefined && (
        <span className="source-status" aria-hidden="true">
          {chip.short}
        </span>
      )}
      <span className={`source-status ${hideLabel ? 'sr-only' : ''}`}>{chip.label}</span>
      {chip.showAge && now !== null && (
        <span className="source-age"> · {formatAge(eventAgeSeconds(s.lastEventAt, now))}</span>
      )}
      {/* On a kiosk the check is in the tooltip only: the header has room for the essentials. */}
      {check && !compact && (
        <span className="source-check" data-testid={`check-of-source-${s.id}`}>
          {' · '}
          {check.age === null ? (
            'not checked yet'
          ) : (
            <>
              checked <span className="source-check-age">{check.age}</span>
            </>
          )}
          {` · ${check.today}`}
        </span>
      )}
      {/* Within the bound the clock is told in the tooltip only: a note that came and went with every
          estimate would move the chips; beyond it, it is a warning worth the room. */}
      {clock?.warn && s.kind !== '3cx' && (
        <span className="source-clock lvl-warn" data-testid={`clock-of-source-${s.id}`}>
          {' '}
          · {clock.text}
        </span>
      )}
      {/* Agreement likewise: in the tooltip while it holds, on the chip once the counts differ (a
          kiosk's header has room for two words; the full sentence is read out). */}
      {agreement?.warn && (
        <span className="source-agreement lvl-warn" data-testid={`agreement-of-source-${s.id}`}>
          {' '}
          ·{' '}
          {compact ? (
            <>
              <span aria-hidden="true">counts differ</span>
              <span className="sr-only">{agreement.text}</span>
            </>
          ) : (
            agreement.text
          )}
        </span>
      )}
    </li>
  );
}
