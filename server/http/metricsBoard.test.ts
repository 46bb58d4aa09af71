import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { initialState } from '../../lib/domain/state';
import type { SourceStatus } from '../../lib/protocol';
import { TEST_SETTINGS } from '../../lib/testing/support';
import { registerBoardMetrics } from './metricsBoard';

/** The source gauges on their own: read on scrape, unknown left out, nothing stale after a source goes. */
const NOW = Date.UTC(2026, 2, 10, 12);

function setup(sources: SourceStatus[]) {
  const registry = new Registry();
  const list = { sources };
  let reads = 0;
  const clock = registerBoardMetrics(registry, {
    state: () => initialState(TEST_SETTINGS, NOW),
    sources: () => {
      reads += 1;
      return list.sources;
    },
    now: () => NOW,
  });
  return { list, reads: () => reads, scrape: () => clock.around(() => registry.metrics()) };
}

const source = (over: Partial<SourceStatus>): SourceStatus => ({
  id: 'pbx-a',
  kind: 'portsip-wsi',
  status: 'connected',
  lastEventAt: NOW - 12_500,
  detail: 'auth failed for admin:hunter2 at wss://pbx',
  ...over,
});

describe('source metrics', () => {
  it('are read on scrape only, and a removed source leaves no series', async () => {
    const m = setup([source({}), source({ id: 'pbx-b', status: 'error', lastEventAt: null })]);
    expect(m.reads()).toBe(0);
    const first = await m.scrape();
    expect(m.reads()).toBeGreaterThan(0);
    expect(first).toContain('callboard_source_status{source="pbx-b",kind="portsip-wsi",status="error"} 1');
    expect(first).toContain(
      'callboard_source_status{source="pbx-b",kind="portsip-wsi",status="connected"} 0',
    );
    expect(first).toContain('callboard_source_last_event_age_seconds{source="pbx-a"} 12.5');
    // Unknown (no event yet, no clock estimate, no checks, nobody to compare with): no sample, not 0.
    expect(first).not.toContain('callboard_source_last_event_age_seconds{source="pbx-b"}');
    expect(first).not.toMatch(
      /^callboard_source_(clock_offset_seconds|check_differences_today|agreement_\w+)\{/m,
    );
    // Never the free-text detail (it can quote a PBX's error).
    expect(first).not.toContain('hunter2');

    m.list.sources = [
      source({
        clockOffsetMs: -2500,
        drift: {
          check: { lastCheckedAt: NOW - 1000, differencesToday: { waitingCaller: 2, agentState: 0 } },
          agreement: { comparedWith: 'pbx-hook', bucketsCompared: 8, bucketsDisagreeing: 1 },
        },
      }),
    ];
    const second = await m.scrape();
    expect(second).not.toContain('pbx-b');
    expect(second).toContain('callboard_source_clock_offset_seconds{source="pbx-a"} -2.5');
    expect(second).toContain(
      'callboard_source_check_differences_today{source="pbx-a",kind="waitingCaller"} 2',
    );
    expect(second).toContain('callboard_source_check_differences_today{source="pbx-a",kind="agentState"} 0');
    expect(second).toContain('callboard_source_last_check_age_seconds{source="pbx-a"} 1');
    expect(second).toContain(
      'callboard_source_agreement_buckets_disagreeing{source="pbx-a",compared_with="pbx-hook"} 1',
    );
    expect(second).toContain(
      'callboard_source_agreement_buckets_compared{source="pbx-a",compared_with="pbx-hook"} 8',
    );
  });
});
