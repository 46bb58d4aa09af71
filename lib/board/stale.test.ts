import { describe, expect, it } from 'vitest';
import { HEARTBEAT_MS } from '../protocol';
import { affectedQueues, eventAgeSeconds, linkLiveness, SILENT_AFTER_MS } from './stale';

describe('linkLiveness', () => {
  const base = { link: 'live' as const, linkSince: 1000, hasView: true, lastMessageAt: 5000, now: 6000 };

  it('live while linked and recently heard from', () => {
    expect(linkLiveness(base)).toEqual({ live: true, reason: null, since: null });
    expect(linkLiveness({ ...base, now: 5000 + SILENT_AFTER_MS }).live).toBe(true);
  });

  it('silent too long: not live since the last message', () => {
    expect(linkLiveness({ ...base, now: 5001 + SILENT_AFTER_MS })).toEqual({
      live: false,
      reason: 'silent',
      since: 5000,
    });
  });

  it('dropped link: not live since it dropped; refused and connecting apart', () => {
    expect(linkLiveness({ ...base, link: 'reconnecting', linkSince: 7000 })).toEqual({
      live: false,
      reason: 'link',
      since: 7000,
    });
    expect(linkLiveness({ ...base, link: 'refused' }).reason).toBe('refused');
    expect(linkLiveness({ ...base, link: 'revoked' })).toEqual({
      live: false,
      reason: 'revoked',
      since: 1000,
    });
    expect(linkLiveness({ ...base, hasView: false }).reason).toBe('connecting');
  });
});

describe('silence', () => {
  it('a server that stops sending is noticed after two missed heartbeats, not at the first late one', () => {
    expect(SILENT_AFTER_MS).toBeGreaterThan(2 * HEARTBEAT_MS);
    expect(SILENT_AFTER_MS).toBeLessThanOrEqual(30_000);
    const base = { link: 'live' as const, linkSince: 0, hasView: true, lastMessageAt: 0 };
    expect(linkLiveness({ ...base, now: HEARTBEAT_MS + 2000 }).live).toBe(true);
    expect(linkLiveness({ ...base, now: 2 * HEARTBEAT_MS + 2000 }).live).toBe(true);
    expect(linkLiveness({ ...base, now: SILENT_AFTER_MS + 1 }).reason).toBe('silent');
  });
});

describe('affectedQueues', () => {
  const queues = ['3cx/100', '3cx/101', 'tenant-a/8010', 'voipstudio/5'];

  it('nothing when every source is connected', () => {
    expect(affectedQueues(queues, [{ id: '3cx', status: 'connected' }]).size).toBe(0);
  });

  it('a down source that is a scope affects its own queues', () => {
    const out = affectedQueues(queues, [
      { id: '3cx', status: 'disconnected' },
      { id: 'voipstudio', status: 'connected' },
    ]);
    expect([...out].sort()).toEqual(['3cx/100', '3cx/101']);
  });

  it('a down source keyed by tenant affects the queues no source owns by id', () => {
    const out = affectedQueues(queues, [
      { id: '3cx', status: 'connected' },
      { id: 'voipstudio', status: 'connected' },
      { id: 'portsip-wsi', status: 'resyncing' },
    ]);
    expect([...out]).toEqual(['tenant-a/8010']);
  });

  it('two PortSIP connections, one down: only the queues it feeds are affected', () => {
    const both = ['tenant-a/8010', 'tenant-a/8011', 'tenant-b/8010'];
    const out = affectedQueues(both, [
      { id: 'pbx-a', status: 'connected', scopes: ['tenant-a'] },
      { id: 'pbx-b', status: 'disconnected', scopes: ['tenant-b'] },
    ]);
    expect([...out]).toEqual(['tenant-b/8010']);
  });

  it('a down connection that has fed nothing yet affects no queue', () => {
    const out = affectedQueues(queues, [
      { id: '3cx', status: 'connected', scopes: ['3cx'] },
      { id: 'portsip-wsi', status: 'connected', scopes: ['tenant-a'] },
      { id: 'portsip-2', status: 'error', scopes: [] },
    ]);
    expect(out.size).toBe(0);
  });

  it('a queue fed by two sources (a link and its webhooks) is affected when either is down', () => {
    const out = affectedQueues(queues, [
      { id: 'portsip-wsi', status: 'connected', scopes: ['tenant-a'] },
      { id: 'portsip-hooks', status: 'connecting', scopes: ['tenant-a'] },
    ]);
    expect([...out]).toEqual(['tenant-a/8010']);
  });

  it('event age', () => {
    expect(eventAgeSeconds(null, 5)).toBeNull();
    expect(eventAgeSeconds(1000, 62_500)).toBe(61);
    expect(eventAgeSeconds(9000, 1000)).toBe(0);
  });
});
