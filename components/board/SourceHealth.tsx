'use client';

import { clockNote } from '../../lib/board/sourceClock';
import { eventAgeSeconds } from '../../lib/board/stale';
import type { SourceHealth as Health } from '../../lib/protocol';
import { useServerNow } from '../live/clock';
import { formatAge } from '../live/format';
import { useWallboard } from '../live/StoreProvider';

const LABEL: Record<Health, string> = {
  connected: 'connected',
  connecting: 'connecting',
  resyncing: 'resyncing',
  disconnected: 'down',
  error: 'down',
};

const SYMBOL: Record<Health, string> = {
  connected: '●',
  connecting: '▲',
  resyncing: '▲',
  disconnected: '◆',
  error: '◆',
};

const LEVEL: Record<Health, string> = {
  connected: 'ok',
  connecting: 'warn',
  resyncing: 'warn',
  disconnected: 'critical',
  error: 'critical',
};

/**
 * Every PBX source: connected / resyncing / down, how long since its last event, and its PBX's clock
 * when it is off ours (in the warning style beyond the configured bound).
 */
export function SourceHealth({ className = '', compact = false }: { className?: string; compact?: boolean }) {
  const sources = useWallboard((s) => s.sources);
  const hasView = useWallboard((s) => s.view !== null);
  if (!hasView) return null;
  return (
    <ul className={`sources ${className}`} aria-label="PBX sources">
      {sources.length === 0 && <li className="source">no PBX sources configured</li>}
      {sources.map((s) => {
        const clock = clockNote(s);
        const warn = s.status === 'connected' && clock?.warn === true;
        return (
          <li
            key={s.id}
            data-testid={`source-${s.id}`}
            data-source={s.id}
            data-status={s.status}
            className={`source lvl-${warn ? 'warn' : LEVEL[s.status]}`}
            title={[s.detail, clock?.text].filter(Boolean).join(' · ') || undefined}
          >
            <span aria-hidden="true" className="source-mark">
              {SYMBOL[s.status]}
            </span>{' '}
            <span className="source-id">{s.id}</span>{' '}
            <span className={`source-status ${compact && s.status === 'connected' ? 'sr-only' : ''}`}>
              {LABEL[s.status]}
            </span>
            <EventAge lastEventAt={s.lastEventAt} />
            {clock && s.kind !== '3cx' && (
              <span
                className={`source-clock ${clock.warn ? 'lvl-warn' : ''}`}
                data-testid={`source-clock-${s.id}`}
              >
                {' '}
                · {clock.text}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function EventAge({ lastEventAt }: { lastEventAt: number | null }) {
  const now = useServerNow();
  if (now === null) return null;
  return <span className="source-age"> · {formatAge(eventAgeSeconds(lastEventAt, now))}</span>;
}
