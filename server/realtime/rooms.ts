import { createHash } from 'node:crypto';
import type { QueueScope } from '../http/guard';
import type { LinkLimits } from './linkLimits';
import { createPatchRing, type PatchRing } from './patchRing';
import { createScopedView, type ScopedView } from './scopedView';

/**
 * A room: the viewers of one scope (every queue, or one set of queues). They share one filtered
 * stream, built once per room (scopedView.ts), and one ring of its recent patches to answer `resume`.
 */
export interface Room {
  readonly key: string;
  /** Appended to the hub's epoch on this room's messages (scoped rooms only): see `epochOf`. */
  readonly tag: string | null;
  /** null: every queue, patches as the hub sends them. */
  readonly view: ScopedView | null;
  readonly members: Set<string>;
  readonly ring: PatchRing;
  /** A scoped view filters right only once a snapshot primed it; until then its ring stays empty. */
  primed: boolean;
  emptySince: number | null;
}

export const roomKey = (scope: QueueScope) =>
  scope === 'all' ? 'all' : `queues:${JSON.stringify([...scope].sort())}`;

/**
 * A scoped room's stream has its own epoch (the hub's, tagged with the scope), so a view built under
 * one scope can never be resumed under another (a display whose board changed, a viewer moved from
 * every queue to one board): the epochs differ, and it gets a snapshot.
 */
export const epochOf = (room: Room, hubEpoch: string) =>
  room.tag === null ? hubEpoch : `${hubEpoch}~${room.tag}`;

const tagOf = (key: string) => createHash('sha256').update(key).digest('base64url').slice(0, 8);

/** A new room; a scoped one starts from the next snapshot, which also primes its view. */
export function createRoom(scope: QueueScope, ring: LinkLimits['ring']): Room {
  const key = roomKey(scope);
  const view = scope === 'all' ? null : createScopedView(scope);
  return {
    key,
    tag: view ? tagOf(key) : null,
    view,
    members: new Set(),
    ring: createPatchRing(ring),
    primed: !view,
    emptySince: null,
  };
}
