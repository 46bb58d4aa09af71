import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Counting, effectiveCounting, loadCounting, saveQueueCounting } from './queueCounting';

/** The browser side of the queue counting contract (server/http/generalSettings.ts), over a fake fetch. */
const settings = {
  timezone: 'Europe/London',
  dayStartsAt: '00:00',
  timeFormat: '24h',
  numberLocale: 'auto',
  slaSeconds: 20,
  shortAbandonSeconds: 5,
  queues: { 'pbx-a/8001': { slaSeconds: 30 } },
};

function answer(status: number, body: unknown) {
  const fetch = vi.fn(
    async (_url: string, _init: RequestInit) => new Response(JSON.stringify(body), { status }),
  );
  vi.stubGlobal('fetch', fetch);
  return fetch;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('queue counting settings', () => {
  it('reads them from the general settings', async () => {
    const fetch = answer(200, { settings });
    const r = await loadCounting();
    expect(fetch.mock.calls[0]?.[0]).toBe('/api/v1/settings/general');
    expect(fetch.mock.calls[0]?.[1].method).toBe('GET');
    expect(r).toEqual({
      ok: true,
      status: 200,
      body: { slaSeconds: 20, shortAbandonSeconds: 5, queues: { 'pbx-a/8001': { slaSeconds: 30 } } },
    });
  });

  it('saves one queue under its URL-encoded key, null meaning the default', async () => {
    const fetch = answer(200, { settings });
    const r = await saveQueueCounting('pbx-a/8001', { slaSeconds: 30, shortAbandonSeconds: null });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(url).toBe('/api/v1/settings/queues/pbx-a%2F8001');
    expect(init?.method).toBe('PUT');
    expect(JSON.parse(String(init?.body))).toEqual({ slaSeconds: 30, shortAbandonSeconds: null });
    expect(r.ok).toBe(true);
  });

  it('passes the server’s refusal on, and refuses an answer without the settings', async () => {
    answer(422, { error: 'slaSeconds: at most 3600' });
    expect(await saveQueueCounting('q/1', { slaSeconds: 9999, shortAbandonSeconds: null })).toEqual({
      ok: false,
      status: 422,
      error: 'slaSeconds: at most 3600',
    });
    answer(404, { error: 'not found' });
    expect((await loadCounting()).ok).toBe(false);
    answer(200, { settings: { timezone: 'UTC' } });
    const r = await loadCounting();
    expect(r.ok).toBe(false);
    expect(r.ok ? null : r.error).toMatch(/without the queue counting settings/);
  });

  it('effective value: the queue’s own, else the default', () => {
    const c: Counting = {
      slaSeconds: 20,
      shortAbandonSeconds: 5,
      queues: { 'pbx-a/8001': { slaSeconds: 30 } },
    };
    expect(effectiveCounting(c, 'pbx-a/8001')).toEqual({
      slaSeconds: { seconds: 30, isDefault: false },
      shortAbandonSeconds: { seconds: 5, isDefault: true },
    });
    expect(effectiveCounting(c, 'pbx-a/8002')).toEqual({
      slaSeconds: { seconds: 20, isDefault: true },
      shortAbandonSeconds: { seconds: 5, isDefault: true },
    });
  });
});
