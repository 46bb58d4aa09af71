import { describe, expect, it } from 'vitest';
import { sourceChip } from './sourceHealth';
import { ownerNote } from './sourceOwner';

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

  it('a link another instance runs is on standby here, naming its holder, and claims no health', () => {
    const held = { kind: 'portsip-wsi', status: 'connecting', lastEventAt: 5 } as const;
    const standby = sourceChip({ ...held, owner: { instance: 'node-b:41', here: false } }, live);
    expect(standby).toMatchObject({
      level: 'unknown',
      label: 'standby: held by node-b:41',
      short: 'standby',
      showAge: false,
    });
    expect(sourceChip({ ...held, owner: { instance: null, here: false } }, live).label).toBe(
      'standby: no instance holds it yet',
    );
    // The owner's own chip is its link's state, as on a single instance.
    const own = sourceChip(
      { ...held, status: 'connected', owner: { instance: 'node-a:7', here: true } },
      live,
    );
    expect(own).toMatchObject({ level: 'ok', label: 'connected' });
  });
});

describe('ownerNote', () => {
  it('says which instance owns a PBX link, and nothing of a webhook source', () => {
    expect(ownerNote({ owner: { instance: 'node-a:7', here: true } })).toBe('owned by node-a:7');
    expect(ownerNote({ owner: { instance: 'node-a:7', here: false } })).toBe('standby: held by node-a:7');
    expect(ownerNote({})).toBeNull();
  });
});
