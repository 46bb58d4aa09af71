import { describe, expect, it } from 'vitest';
import { withoutToken } from './receiver';
import { redactHeaders, redactUrl, truncate } from './redact';

const S = 'tok-3x/+=secret';

describe('redactUrl', () => {
  it('replaces the path token and every token= value, keeping the rest byte-exact', () => {
    expect(redactUrl('/api/webhooks/3cx/abc?event=ringing&token=abc&user=+1%20', [])).toBe(
      '/api/webhooks/3cx/[secret]?event=ringing&token=[secret]&user=+1%20',
    );
    expect(redactUrl('/api/webhooks/portsip', [])).toBe('/api/webhooks/portsip');
    expect(redactUrl('/api/webhooks/portsip?x=1&%74oken=abc', [])).toBe(
      '/api/webhooks/portsip?x=1&%74oken=[secret]',
    );
  });

  it('scrubs a known secret wherever else it appears, raw or percent-encoded', () => {
    expect(redactUrl(`/api/webhooks/voipstudio?key=${encodeURIComponent(S)}`, [S])).toBe(
      '/api/webhooks/voipstudio?key=[secret]',
    );
  });
});

describe('redactHeaders', () => {
  it('credentials and anything holding a secret become [secret]; others are kept as strings', () => {
    expect(
      redactHeaders(
        {
          authorization: 'Digest username="x"',
          'proxy-authorization': 'Basic eDp5',
          cookie: 'a=b',
          'x-webhook-secret': 'anything',
          referer: `https://x/?t=${S}`,
          'content-type': 'application/json',
          'x-forwarded-for': ['1.2.3.4', '5.6.7.8'] as unknown as string,
        },
        [S],
      ),
    ).toEqual({
      authorization: '[secret]',
      'proxy-authorization': '[secret]',
      cookie: '[secret]',
      'x-webhook-secret': '[secret]',
      referer: '[secret]',
      'content-type': 'application/json',
      'x-forwarded-for': '1.2.3.4, 5.6.7.8',
    });
  });
});

describe('truncate', () => {
  it('keeps 200 characters and says how long the text was', () => {
    expect(truncate('a'.repeat(200))).toBe('a'.repeat(200));
    expect(truncate('a'.repeat(1000))).toBe(`${'a'.repeat(200)}… (1000 chars)`);
  });
});

describe('withoutToken (a 3CX GET query as the payload)', () => {
  it('drops every token parameter and empty parts, nothing else', () => {
    expect(withoutToken('token=abc&event=ringing&callerid=+420&title=A:B (0:07)&token=x')).toBe(
      'event=ringing&callerid=+420&title=A:B (0:07)',
    );
    expect(withoutToken('')).toBe('');
  });
});
