import { describe, expect, it } from 'vitest';
import { safeNext } from './safeNext';

/** `next` as the login page reads it: already decoded from the query by URLSearchParams. */
const ORIGIN = 'http://callboard.local:3000';
const fromQuery = (raw: string) => new URLSearchParams(`next=${raw}`).get('next');

describe('safeNext', () => {
  it('keeps a path on this site, with its query and fragment', () => {
    expect(safeNext('/settings/users', ORIGIN)).toBe('/settings/users');
    expect(safeNext('/boards/sales?view=agents#top', ORIGIN)).toBe('/boards/sales?view=agents#top');
    expect(safeNext(fromQuery('%2Fkiosk%2Fsales%3Ftoken%3Dabc'), ORIGIN)).toBe('/kiosk/sales?token=abc');
    expect(safeNext('/%2F%2Fevil.example', ORIGIN)).toBe('/%2F%2Fevil.example'); // a path here, not a host
    expect(safeNext('/%5Cevil.example', ORIGIN)).toBe('/%5Cevil.example');
  });

  it('falls back when there is no next', () => {
    expect(safeNext(null, ORIGIN)).toBe('/');
    expect(safeNext(undefined, ORIGIN, '/settings')).toBe('/settings');
    expect(safeNext('', ORIGIN, '/settings')).toBe('/settings');
  });

  // Each decoded from the query as the browser hands it to the page.
  const offSite = [
    '//evil.example',
    '//evil.example/x',
    '/\\evil.example',
    '/%5Cevil.example/x',
    '/%5C%5Cevil.example',
    '%5C%5Cevil.example',
    '/%09/evil.example/x',
    '%09//evil.example',
    '/%0A/evil.example',
    '/%0D%0A/evil.example',
    '/%0a%0d/evil.example',
    '/%2F%2Fevil.example',
    '%2F%2Fevil.example',
    '/.//evil.example',
    '/x/..//evil.example',
    '/./%2F/evil.example',
    '/\\/evil.example',
    '\\\\evil.example',
    'https://evil.example',
    'https:evil.example',
    'HTTPS://evil.example/',
    'http://callboard.local:3001/',
    'https://callboard.local:3000/',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    '%20javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '%09',
    ' /settings',
    'settings',
    '.',
    '?x',
    '#x',
    '/%00//evil.example',
  ];
  it.each(offSite)('refuses %s', (raw) => {
    const next = fromQuery(raw);
    const result = safeNext(next, ORIGIN, '/settings');
    // Whatever comes back must land on this site when the browser follows it.
    expect(new URL(result, ORIGIN).origin).toBe(ORIGIN);
    expect(result.startsWith('//')).toBe(false);
    expect(result.startsWith('/')).toBe(true);
  });

  it('refuses every decoded trick outright (the fallback, not some mangled path)', () => {
    for (const raw of ['/%5Cevil.example/x', '/%09/evil.example/x', '/\\evil.example', '//evil', '/.//evil'])
      expect(safeNext(fromQuery(raw), ORIGIN, '/settings'), raw).toBe('/settings');
  });

  it('never throws, whatever the input or origin', () => {
    expect(safeNext('/x', 'not an origin')).toBe('/');
    expect(safeNext('/%', ORIGIN)).toBe('/%');
  });
});
