'use client';

import { useWallboardShallow } from '../live/StoreProvider';
import { floorMessagesFor } from './floorMessagesFor';

const MARK = { info: 'ℹ', warn: '▲', critical: '◆' } as const;
const WORD = { info: 'Notice', warn: 'Warning', critical: 'Critical' } as const;

/**
 * The floor messages of one board (issue #18), as the server sent them over the socket: they appear
 * and go when it says (posted, removed, expired on its clock). Most severe first; on the kiosk at
 * most `max` (the board below keeps its room), with "+N more".
 */
export function FloorBanner({ boardId, max = 3 }: { boardId: string; max?: number }) {
  const messages = useWallboardShallow((s) => floorMessagesFor(s.floorMessages, boardId));
  if (messages.length === 0) return null;
  const shown = messages.slice(0, max);
  return (
    <section className="floor-messages" aria-label="Messages to the floor" data-testid="floor-messages">
      {shown.map((m) => (
        <p
          key={m.id}
          className="floor-message"
          role={m.severity === 'critical' ? 'alert' : 'status'}
          data-testid={`floor-message-${m.id}`}
          data-severity={m.severity}
        >
          <span className="floor-message-mark" aria-hidden="true">
            {MARK[m.severity]}
          </span>
          <span className="sr-only">{WORD[m.severity]}: </span>
          <span className="floor-message-text">{m.text}</span>
        </p>
      ))}
      {messages.length > shown.length && (
        <p className="floor-more" data-testid="floor-more">
          +{messages.length - shown.length} more
        </p>
      )}
    </section>
  );
}
