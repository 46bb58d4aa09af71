import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, hashPassword, passwordProblem, verifyPassword } from './password';

describe('passwords', () => {
  it('hash with a fresh salt and the parameters in the string, and verify', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('horse');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('', a)).toBe(false);
  });

  it('verify with the stored parameters, so a cost change keeps old hashes valid', async () => {
    const cheap = await hashPassword('an older password', { N: 1024, r: 8, p: 1 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(DEFAULT_SCRYPT.N).not.toBe(1024);
    expect(await verifyPassword('an older password', cheap)).toBe(true);
  });

  it('treat malformed or absurd stored strings as a mismatch, never a crash', async () => {
    const good = await hashPassword('some password!', { N: 1024, r: 8, p: 1 });
    const [, , , , salt, hash] = good.split('$');
    for (const bad of [
      '',
      'plain text',
      `bcrypt$1024$8$1$${salt}$${hash}`,
      `scrypt$1000$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$${2 ** 24}$8$1$${salt}$${hash}`, // too costly
      `scrypt$1024$0$1$${salt}$${hash}`,
      `scrypt$1024$8$1$${salt}$`,
      `${good}$extra`,
    ]) {
      expect(await verifyPassword('some password!', bad), bad).toBe(false);
    }
  });

  it('need at least 10 characters', () => {
    expect(passwordProblem('123456789')).toMatch(/at least 10/);
    expect(passwordProblem('1234567z90')).toBeNull();
    expect(passwordProblem('x'.repeat(2000))).toMatch(/at most/);
  });
});
