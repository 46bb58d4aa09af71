import { afterEach, describe, expect, it } from 'vitest';
import type { SourceStatus } from '../../lib/protocol';
import type { ClusterBus, ClusterHandlers, ClusterMessage } from '../realtime/clusterMessages';
import { createSourceRelay, type SourceRelay } from './sourceRelay';

/**
 * Two instances' relays joined by a bus that carries messages as the adapter does (to the other
 * instance only, asynchronously); the transport itself is tested in socketCluster.pg.test.ts.
 */
function pair(retellMs = 40) {
  const shown = { a: new Map<string, SourceStatus>(), b: new Map<string, SourceStatus>() };
  const sink = (m: Map<string, SourceStatus>) => ({
    setSourceStatus: (s: SourceStatus) => void m.set(s.id, s),
    removeSource: (id: string) => void m.delete(id),
  });
  const a = createSourceRelay(sink(shown.a), { now: Date.now, retellMs });
  const b = createSourceRelay(sink(shown.b), { now: Date.now, retellMs });
  const busTo = (other: SourceRelay): ClusterBus => ({
    tell: (message: ClusterMessage) =>
      setImmediate(() => {
        if (message.type === 'sourceStatus') other.heard(structuredClone(message));
      }),
    handle: (_handlers: ClusterHandlers) => {},
  });
  a.attach(busTo(b));
  b.attach(busTo(a));
  relays.push(a, b);
  return { a, b, shown };
}
const relays: SourceRelay[] = [];
afterEach(() => {
  for (const r of relays.splice(0)) r.stop();
});

const status = (s: SourceStatus['status'], owner: SourceStatus['owner']): SourceStatus => ({
  id: 'pbx-1',
  kind: 'portsip-wsi',
  status: s,
  lastEventAt: null,
  detail: null,
  lastProofOfLifeAt: 1_000,
  ...(owner ? { owner } : {}),
});

const settle = (ms = 5) => new Promise((r) => setTimeout(r, ms));

describe('source relay (a PBX link’s status on the instances that stand by)', () => {
  it('a standby shows the owner’s status, marked as held elsewhere, not its own "standby"', async () => {
    const { a, b, shown } = pair();
    b.setSourceStatus(status('connecting', { instance: 'a', here: false }));
    a.setSourceStatus(status('connected', { instance: 'a', here: true }));
    await settle();
    expect(shown.b.get('pbx-1')).toMatchObject({
      status: 'connected',
      owner: { instance: 'a', here: false },
    });
    expect(shown.a.get('pbx-1')).toMatchObject({ status: 'connected', owner: { instance: 'a', here: true } });
    // The standby's own status again (told on changes) does not hide the owner's while it is heard.
    b.setSourceStatus(status('connecting', { instance: 'a', here: false }));
    expect(shown.b.get('pbx-1')?.status).toBe('connected');
    a.setSourceStatus(status('resyncing', { instance: 'a', here: true }));
    await settle();
    expect(shown.b.get('pbx-1')?.status).toBe('resyncing');
  });

  it('an owner gone quiet (killed, cut off) gives way to the standby’s own status', async () => {
    const { a, b, shown } = pair(30);
    b.setSourceStatus(status('connecting', { instance: 'a', here: false }));
    a.setSourceStatus(status('connected', { instance: 'a', here: true }));
    await settle();
    expect(shown.b.get('pbx-1')?.status).toBe('connected');
    await settle(100); // retold every 30 ms: still heard
    expect(shown.b.get('pbx-1')?.status).toBe('connected');
    a.stop(); // the owner dies: nothing more is told
    await expect.poll(() => shown.b.get('pbx-1')?.status, { timeout: 2000 }).toBe('connecting');
  });

  it('a standby that starts late hears the owner at its next retelling', async () => {
    const { a, b, shown } = pair(30);
    a.setSourceStatus(status('connected', { instance: 'a', here: true }));
    await settle();
    expect(shown.b.has('pbx-1')).toBe(false); // b has no such link yet: nothing shown
    b.setSourceStatus(status('connecting', { instance: 'a', here: false }));
    await expect.poll(() => shown.b.get('pbx-1')?.status, { timeout: 2000 }).toBe('connected');
  });

  it('the instance that runs a link ignores what another says of it (a stale owner)', async () => {
    const { a, b, shown } = pair();
    a.setSourceStatus(status('connecting', { instance: 'b', here: false }));
    b.setSourceStatus(status('connected', { instance: 'b', here: true }));
    await settle();
    expect(shown.a.get('pbx-1')?.status).toBe('connected');
    a.setSourceStatus(status('connected', { instance: 'a', here: true })); // a took the link over
    b.heard({
      type: 'sourceStatus',
      status: { ...status('connected', undefined), owner: { instance: 'c', here: true } },
    });
    expect(shown.b.get('pbx-1')?.owner).toEqual({ instance: 'b', here: true });
  });
});
