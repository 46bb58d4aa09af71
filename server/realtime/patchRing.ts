import type { PatchMessage } from '../../lib/protocol';

/**
 * The recent patches of one room, as that room's viewers received them, so a viewer that comes back
 * (a reconnect, a gap) gets exactly what it missed instead of a snapshot. Bounded by count and by
 * operations (a patch's size is about its operation count; the ops are the hub's own objects, shared).
 * Holds one unbroken run of seqs ending at the room's stream point: a snapshot sent to the room
 * `mark`s where the stream is (a seq that moved without a patch, as after a hub reset, starts the
 * ring over). Pure.
 */
export interface RingLimits {
  readonly patches: number;
  readonly ops: number;
}

export const DEFAULT_RING_LIMITS: RingLimits = { patches: 512, ops: 20_000 };

export interface PatchRing {
  push(patch: PatchMessage): void;
  /** The room's stream is at (epoch, seq), as a snapshot just sent says. */
  mark(epoch: string, seq: number): void;
  /** Where the room's stream is, null before any patch or snapshot. */
  point(): { readonly epoch: string; readonly seq: number } | null;
  /**
   * The patches after `seq` up to the newest, or null when the ring cannot bridge from `seq`: another
   * epoch, older than the ring, or ahead of it. An empty list: nothing was missed.
   */
  after(epoch: string, seq: number): readonly PatchMessage[] | null;
  clear(): void;
  readonly size: number;
}

export function createPatchRing(limits: RingLimits = DEFAULT_RING_LIMITS): PatchRing {
  let patches: PatchMessage[] = [];
  let head = 0; // index of the oldest patch kept
  let ops = 0;
  let at: { epoch: string; seq: number } | null = null; // where the room's stream is

  const live = () => patches.length - head;
  function dropOldest(): void {
    const oldest = patches[head];
    if (!oldest) return;
    ops -= oldest.ops.length;
    patches[head] = undefined as unknown as PatchMessage; // let it go now, compact later
    head += 1;
    if (head > 1024 && head * 2 > patches.length) {
      patches = patches.slice(head);
      head = 0;
    }
  }

  return {
    push(patch) {
      // A patch that does not follow the stream point starts a new run: the old one cannot bridge to it.
      if (at && (at.epoch !== patch.epoch || at.seq + 1 !== patch.seq)) this.clear();
      at = { epoch: patch.epoch, seq: patch.seq };
      patches.push(patch);
      ops += patch.ops.length;
      while (live() > 1 && (live() > limits.patches || ops > limits.ops)) dropOldest();
    },
    mark(epoch, seq) {
      if (at?.epoch === epoch && at.seq === seq) return;
      this.clear();
      at = { epoch, seq };
    },
    point: () => at,
    after(epoch, seq) {
      if (!at || at.epoch !== epoch || seq > at.seq) return null;
      if (seq === at.seq) return [];
      const oldest = patches[head];
      if (!oldest || seq < oldest.seq - 1) return null;
      return patches.slice(head + (seq - (oldest.seq - 1)));
    },
    clear() {
      patches = [];
      head = 0;
      ops = 0;
      at = null;
    },
    get size() {
      return live();
    },
  };
}
