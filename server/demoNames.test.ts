import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DomainEvent } from '../lib/domain/events';
import { readWsiFrame } from '../lib/sources/portsip/wsi';
import { stateFrom } from '../lib/testing/support';
import { DEMO_PBX_SOURCE } from './demo/startDemo';
import { type SimulatorHandle, startSimulator } from './simulator';

const START = Date.UTC(2026, 0, 15, 10, 0);

/** The simulator's extension_created frames, read as the demo link reads them. */
function demoExtensionNames(frames: readonly object[], receivedAt: number): DomainEvent[] {
  return frames.flatMap((frame) => {
    const read = readWsiFrame(JSON.stringify(frame), { source: DEMO_PBX_SOURCE, receivedAt });
    return read.kind === 'event' && read.result.ok ? read.result.events : [];
  });
}

let sim: SimulatorHandle;
beforeAll(async () => {
  sim = await startSimulator({ port: 0, autoRun: false, startAt: START, seed: 3 });
});
afterAll(() => sim.stop());

describe("the demo's agents have names", () => {
  it('every agent extension comes with its display name, read by the WSI normalizer', () => {
    const events = demoExtensionNames(sim.extensionCreated(), sim.now());
    expect(events).toHaveLength(sim.extensions.length);
    const state = stateFrom(events, sim.now());
    for (const number of sim.extensions) {
      const ext = state.extensions.get(`${sim.tenantId}/${number}`);
      expect(ext?.name, number).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
    }
  });

  it('the queues are named too (queue_status carries queue_name)', () => {
    for (const q of sim.queues) expect(q.name).toMatch(/^[A-Z]/);
  });
});
