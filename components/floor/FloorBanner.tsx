'use client';

import type { FloorMessageView } from '../../lib/protocol';
import { useWallboardShallow } from '../live/StoreProvider';
import { floorMessagesFor } from './floorMessagesFor';

const MARK = { info: 'ℹ', warn: '▲', critical: '◆' } as const;
const WORD = { info: 'Notice', warn: 'Warning', critical: 'Critical' } as const;

/** A board's floor messages (issue #18) as the server sent them, most severe first. */
export function useFloorMessages(boardId: string): FloorMessageView[] {
  return useWallboardShallow((s) => floorMessagesFor(s.floorMessages, boardId));
}

/**
 * The floor messages of one board on a supervisor's page: they appear and go when the server says
 * (posted, removed, expired on its clock). At most `max`, with "+N more". The kiosk pages them with
 * its alerts instead (KioskNotices).
 */
export function FloorBanner({ boardId, max = 3 }: { boardId: string; max?: number }) {
  const messages = useFloorMessages(boardId);
  return <FloorMessageList messages={messages.slice(0, max)} more={Math.max(0, messages.length - max)} />;
}

/** The messages given, each a line with its shape (never colour alone); nothing when none. */
export function FloorMessageList({
  messages,
  more = 0,
}: {
  messages: readonly FloorMessageView[];
  more?: number;
}) {
  if (messages.length === 0 && more === 0) return null;
  return (
    <section className="floor-messages" aria-label="Messages to the floor" data-testid="floor-messages">
      {messages.map((m) => (
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
      {more > 0 && (
        <p className="floor-more" data-testid="floor-more">
          +{more} more
        </p>
      )}
    </section>
  );
}
