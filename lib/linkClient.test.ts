import { describe, expect, it } from 'vitest';
import { ASK_AGAIN_MS, type ClientView, receive, recoveryOf, shouldAsk } from './linkClient';
import { type HeartbeatMessage, PROTOCOL_VERSION, resumePointOf, type SnapshotMessage } from './protocol';

const snapshot = (seq: number, epoch = 'e1'): SnapshotMessage => ({
  type: 'snapshot',
  version: PROTOCOL_VERSION,
  epoch,
  seq,
  state: { seq, serverTime: 0, sources: [], queues: [], agents: [], buckets: [], extensions: [], calls: [] },
});
const heartbeat = (seq: number, epoch = 'e1', version = PROTOCOL_VERSION): HeartbeatMessage => ({
  type: 'heartbeat',
  version,
  epoch,
  seq,
  serverTime: 1,
});
const viewAt = (seq: number) => {
  const r = receive(null, snapshot(seq));
  if (r.kind !== 'applied') throw new Error(r.reason);
  return r.view;
};

describe('receive: heartbeats (protocol v3)', () => {
  it('a heartbeat at the seq the client has changes nothing', () => {
    const view = viewAt(5);
    expect(receive(view, heartbeat(5))).toEqual({ kind: 'applied', view });
  });

  it('a heartbeat ahead of the client, of another run, another version, or before any view: catch up', () => {
    const view = viewAt(5);
    expect(receive(view, heartbeat(7))).toEqual({ kind: 'resync', reason: 'server at 7, view at 5' });
    expect(receive(view, heartbeat(5, 'e2'))).toEqual({ kind: 'resync', reason: 'the server restarted' });
    expect(receive(view, heartbeat(5, 'e1', 2))).toEqual({ kind: 'resync', reason: 'protocol version 2' });
    expect(receive(null, heartbeat(5))).toEqual({ kind: 'resync', reason: 'heartbeat before any snapshot' });
  });
});

describe('recoveryOf / resumePointOf', () => {
  it('a client with a view resumes from it; one without asks for a snapshot', () => {
    expect(recoveryOf(viewAt(9))).toEqual({ type: 'resume', epoch: 'e1', seq: 9 });
    expect(recoveryOf(null as ClientView | null)).toEqual({ type: 'resync' });
  });

  it('reads a resume point from untrusted input, refusing anything else', () => {
    expect(resumePointOf({ type: 'resume', epoch: 'e1', seq: 3 })).toEqual({ epoch: 'e1', seq: 3 });
    for (const bad of [
      null,
      'e1:3',
      { epoch: 'e1' },
      { epoch: '', seq: 1 },
      { epoch: 'x'.repeat(101), seq: 1 },
      { epoch: 'e1', seq: -1 },
      { epoch: 'e1', seq: 1.5 },
      { epoch: 'e1', seq: '3' },
      { epoch: 7, seq: 3 },
    ])
      expect(resumePointOf(bad)).toBeNull();
  });
});

describe('shouldAsk', () => {
  it('asks once per gap: again only when the view moved on or the answer is overdue', () => {
    const view = viewAt(5);
    expect(shouldAsk(null, view, 0)).toBe(true);
    const last = { at: 1000, seq: 5 };
    expect(shouldAsk(last, view, 1000 + ASK_AGAIN_MS - 1)).toBe(false);
    expect(shouldAsk(last, view, 1000 + ASK_AGAIN_MS)).toBe(true);
    expect(shouldAsk(last, viewAt(8), 1001)).toBe(true);
    expect(shouldAsk({ at: 1000, seq: null }, null, 1001)).toBe(false);
  });
});
