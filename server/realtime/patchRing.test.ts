import { describe, expect, it } from 'vitest';
import { type PatchMessage, PROTOCOL_VERSION } from '../../lib/protocol';
import { createPatchRing } from './patchRing';

const patch = (seq: number, ops = 1, epoch = 'e'): PatchMessage => ({
  type: 'patch',
  version: PROTOCOL_VERSION,
  epoch,
  seq,
  serverTime: 0,
  ops: Array.from({ length: ops }, (_, i) => ({ op: 'remove', collection: 'calls', id: `c${i}` })),
});
const seqs = (xs: readonly PatchMessage[] | null) => xs?.map((p) => p.seq) ?? null;

describe('the patch ring', () => {
  it('bridges from any seq it holds the successor of, up to the newest', () => {
    const ring = createPatchRing({ patches: 3, ops: 100 });
    ring.mark('e', 10);
    expect(seqs(ring.after('e', 10))).toEqual([]);
    for (const s of [11, 12, 13, 14]) ring.push(patch(s));
    expect(ring.size).toBe(3);
    expect(seqs(ring.after('e', 11))).toEqual([12, 13, 14]);
    expect(seqs(ring.after('e', 13))).toEqual([14]);
    expect(seqs(ring.after('e', 14))).toEqual([]);
    expect(ring.after('e', 10)).toBeNull(); // 11 was let go
    expect(ring.after('e', 15)).toBeNull(); // ahead of the stream
    expect(ring.after('other', 13)).toBeNull();
  });

  it('is bounded by operations too, always keeping the newest', () => {
    const ring = createPatchRing({ patches: 100, ops: 10 });
    ring.mark('e', 0);
    ring.push(patch(1, 4));
    ring.push(patch(2, 4));
    ring.push(patch(3, 4));
    expect(seqs(ring.after('e', 1))).toEqual([2, 3]);
    expect(ring.after('e', 0)).toBeNull();
    ring.push(patch(4, 50));
    expect(seqs(ring.after('e', 3))).toEqual([4]);
  });

  it('starts over when the stream jumps (a reset) or a snapshot marks another seq', () => {
    const ring = createPatchRing();
    ring.mark('e', 0);
    ring.push(patch(1));
    ring.push(patch(3)); // seq 2 came without a patch
    expect(ring.after('e', 1)).toBeNull();
    expect(seqs(ring.after('e', 2))).toEqual([3]);
    ring.mark('e', 3); // the same point: kept
    expect(seqs(ring.after('e', 2))).toEqual([3]);
    ring.mark('e', 7);
    expect(ring.after('e', 2)).toBeNull();
    expect(seqs(ring.after('e', 7))).toEqual([]);
  });
});
