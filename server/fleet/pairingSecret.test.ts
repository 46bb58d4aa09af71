import { describe, expect, it } from 'vitest';
import { DISPLAY_TOKEN_PREFIX } from '../auth/tokens';
import { CODE_ALPHABET, CODE_LENGTH, codeOf, displayTokenOf, newPairingSecret } from './pairingSecret';

describe('what a pairing secret derives', () => {
  it('the same code and token from the same secret (any instance answers the TV), others from another', () => {
    const s = newPairingSecret();
    expect(codeOf(s)).toBe(codeOf(`${s}`));
    expect(displayTokenOf(s)).toBe(displayTokenOf(`${s}`));
    const t = newPairingSecret();
    expect(displayTokenOf(t)).not.toBe(displayTokenOf(s));
  });

  it('a code is CODE_LENGTH letters of the alphabet, spread over all of it; a token is 256 bits', () => {
    const seen = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const code = codeOf(newPairingSecret());
      expect(code).toMatch(new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`));
      for (const c of code) seen.set(c, (seen.get(c) ?? 0) + 1);
    }
    // 12,000 letters over 31: about 387 each; every letter is used, none is far off.
    expect(seen.size).toBe(CODE_ALPHABET.length);
    for (const n of seen.values()) expect(n).toBeGreaterThan(250);
    const token = displayTokenOf(newPairingSecret());
    expect(token.startsWith(DISPLAY_TOKEN_PREFIX)).toBe(true);
    expect(Buffer.from(token.slice(DISPLAY_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
  });

  it('neither the code nor the token contains the secret', () => {
    const s = newPairingSecret();
    expect(displayTokenOf(s)).not.toContain(s.slice(4));
    expect(s).not.toContain(codeOf(s));
  });
});
