import { describe, expect, it } from 'vitest';
import { clockNote } from './sourceClock';

const wsi = (clockOffsetMs: number | null | undefined, clockWarning = false) =>
  clockNote({ kind: 'portsip-wsi', clockOffsetMs, clockWarning });

describe('clockNote', () => {
  it('says how far and which way the PBX clock is off (offset = server − PBX)', () => {
    expect(wsi(20_000, true)).toEqual({ text: 'PBX clock 20 s behind', warn: true });
    expect(wsi(-20_400, true)).toEqual({ text: 'PBX clock 20 s ahead', warn: true });
    expect(wsi(3_000)).toEqual({ text: 'PBX clock 3 s behind', warn: false });
    expect(wsi(-150_000, true)).toEqual({ text: 'PBX clock 3 min ahead', warn: true });
  });

  it('says nothing while the clock is unknown or within half a second of ours', () => {
    expect(wsi(null)).toBeNull();
    expect(wsi(undefined)).toBeNull();
    expect(wsi(400)).toBeNull();
  });

  it('a 3CX source sends no times: it says so', () => {
    expect(clockNote({ kind: '3cx', clockOffsetMs: null })).toEqual({
      text: 'sends no times: timed on arrival',
      warn: false,
    });
  });
});
