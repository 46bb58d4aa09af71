'use client';

import { isSourceLive } from '../../lib/board/stale';
import { useNow } from '../live/clock';
import { REVOKED_TEXT } from '../live/refusal';
import { useWallboard } from '../live/StoreProvider';
import { useFormat } from './Formats';
import { useLiveness } from './Liveness';

/** Before the first snapshot, wait this long before saying "not connected" (a page load is not an outage). */
const CONNECT_GRACE_MS = 5000;

/**
 * Never silently stale: says since when the figures are not live and why (lib/board/stale.ts), and
 * names every source that is not connected. Nothing when all is live.
 */
export function StaleBanner({ className = '' }: { className?: string }) {
  const l = useLiveness();
  const sources = useWallboard((s) => s.sources);
  const sourceSince = useWallboard((s) => s.sourceSince);
  const down = sources.filter((s) => !isSourceLive(s));
  const now = useNow();
  // "since 14:02:11" in the board's clock format and timezone; with the date when not today.
  const f = useFormat();
  const moment = (at: number) => f.moment(at, now ?? Date.now());
  const lines: string[] = [];
  if (!l.live && l.since !== null) {
    const since = moment(l.since);
    switch (l.reason) {
      case 'refused':
        lines.push('Not allowed: this board needs a valid token (add ?token=… to the address).');
        break;
      case 'revoked':
        lines.push(REVOKED_TEXT);
        break;
      case 'link':
        lines.push(`Not live since ${since} — reconnecting`);
        break;
      case 'silent':
        lines.push(`Not live since ${since} — no data from the server; checking the link`);
        break;
      case 'connecting':
        if (now !== null && now - l.since > CONNECT_GRACE_MS)
          lines.push(`Not connected since ${since} — retrying`);
        break;
    }
  }
  if (l.live || l.reason !== 'link') {
    for (const s of down) {
      const since = sourceSince[s.id];
      const word = s.status === 'resyncing' ? 'resyncing' : s.status === 'connecting' ? 'connecting' : 'down';
      lines.push(
        `${s.id} ${word}${since !== undefined ? ` since ${moment(since)}` : ''} — its queues are not live${s.detail ? ` (${s.detail})` : ''}`,
      );
    }
  }
  if (lines.length === 0) return null;
  return (
    <div
      role="alert"
      data-testid="stale-banner"
      data-reason={l.reason ?? 'sources'}
      className={`stale-banner ${className}`}
    >
      <span aria-hidden="true" className="stale-banner-mark">
        ◆
      </span>
      <div>
        {lines.map((line) => (
          <p key={line}>{line}</p>
        ))}
      </div>
    </div>
  );
}
