import { describe, expect, it } from 'vitest';
import { needsLiveLink } from './livePaths';

describe('which pages open the live link', () => {
  it('boards, kiosks, settings and reports do; sign-in, setup and pairing do not', () => {
    for (const p of ['/', '/boards/a', '/kiosk/a', '/settings/general', '/alerts', '/messages', '/pairs'])
      expect(needsLiveLink(p), p).toBe(true);
    for (const p of ['/login', '/setup', '/pair', '/pair/x']) expect(needsLiveLink(p), p).toBe(false);
  });
});
