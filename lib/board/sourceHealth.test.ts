import { describe, expect, it } from 'vitest';
import { sourceChip } from './sourceHealth';

const live = { boardLive: true };

describe('sourceChip', () => {
  it('a webhook source that never received anything is waiting, not green', () => {
    const chip = sourceChip({ kind: 'portsip-webhook', status: 'connected', lastEventAt: null }, live);
    expect(chip).toMatchObject({
      level: 'warn',
      label: 'waiting for the first event',
      short: 'waiting',
      showAge: false,
    });
  });

  it("a webhook source's health is its last delivery, with its age", () => {
    const chip = sourceChip({ kind: '3cx', status: 'connected', lastEventAt: 1000 }, live);
    expect(chip).toMatchObject({ level: 'ok', label: 'last delivery', showAge: true });
  });

  it('no chip stays green while the board itself is not live', () => {
    const off = { boardLive: false };
    const hook = sourceChip({ kind: 'voipstudio', status: 'connected', lastEventAt: 1000 }, off);
    expect(hook).toMatchObject({ level: 'unknown', label: 'last delivery (not live)' });
    const link = sourceChip({ kind: 'portsip-wsi', status: 'connected', lastEventAt: 1000 }, off);
    expect(link).toMatchObject({ level: 'unknown', label: 'connected (not live)' });
  });

  it('a PBX link says its link state and the age of its last event', () => {
    expect(sourceChip({ kind: 'portsip-wsi', status: 'connected', lastEventAt: 5 }, live)).toMatchObject({
      level: 'ok',
      label: 'connected',
      showAge: true,
    });
    expect(sourceChip({ kind: 'portsip-wsi', status: 'error', lastEventAt: null }, live)).toMatchObject({
      level: 'critical',
      label: 'down',
    });
  });
});
