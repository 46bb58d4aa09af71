import { describe, expect, it } from 'vitest';
import { normalizeAtEdge } from './index';
import { MAX_AHEAD_MS } from './plausible';

const receivedAt = Date.UTC(2026, 2, 10, 9, 0, 0);
const start = (time: number) =>
  JSON.stringify({ event_type: 'call_start', session_id: '1', time: String(Math.floor(time / 1000)) });

describe('implausible PBX times', () => {
  it('are rejected at the edge, so they cannot roll the day over', () => {
    const r = normalizeAtEdge.portsipWebhook(start(receivedAt + 7 * 3600_000), { source: 's', receivedAt });
    expect(r).toEqual({
      ok: false,
      error: 'callStarted time 2026-03-10T16:00:00.000Z is 7 h from its arrival: payload or PBX clock wrong',
    });
    const ancient = normalizeAtEdge.portsipWebhook(start(Date.UTC(2001, 0, 1)), { source: 's', receivedAt });
    expect(ancient.ok).toBe(false);
  });

  it('are checked for WSI frames and VoIPstudio too', () => {
    const frame = JSON.stringify({
      event_type: 'extension_call',
      extension: '101',
      call_status: '',
      time: '4102444800',
    });
    const wsi = normalizeAtEdge.portsipWsiFrame(frame, { source: 's', receivedAt });
    expect(wsi.kind === 'event' && wsi.result.ok).toBe(false);
    const hook = {
      event_name: 'call.initial',
      event_time: '2030-01-01 00:00:00',
      call_id: 1,
      context: 'QUEUE',
      dst: '500',
    };
    expect(normalizeAtEdge.voipstudio(hook, { source: 's', receivedAt }).ok).toBe(false);
  });

  it('within the skew allowance are accepted', () => {
    const r = normalizeAtEdge.portsipWebhook(start(receivedAt + MAX_AHEAD_MS - 1000), {
      source: 's',
      receivedAt,
    });
    expect(r.ok).toBe(true);
  });
});
