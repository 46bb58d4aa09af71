import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStorage } from '../storage';
import { tempDirsRemovedAfterEach } from '../storage/testing/tempDir';
import { createSecretBox, SecretBoxError } from './secretBox';
import { createSecretVault } from './vault';

const tempDir = tempDirsRemovedAfterEach();
const key = randomBytes(32);

/** Flip one bit of one base64url part of a sealed value. */
function flip(sealed: string, part: 1 | 2 | 3): string {
  const parts = sealed.split(':');
  const bytes = Buffer.from(parts[part] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 1;
  parts[part] = bytes.toString('base64url');
  return parts.join(':');
}

describe('secret box', () => {
  it('round-trips, with a fresh IV each time, and never shows the plaintext', () => {
    const box = createSecretBox(key);
    const a = box.encrypt('pbx-password-ü');
    const b = box.encrypt('pbx-password-ü');
    expect(a).toMatch(/^v1:[\w-]{16}:[\w-]{22}:[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('pbx-password');
    expect(box.decrypt(a)).toBe('pbx-password-ü');
    expect(box.decrypt(box.encrypt(''))).toBe('');
  });

  it('detects tampering with the IV, the tag or the data', () => {
    const box = createSecretBox(key);
    const sealed = box.encrypt('secret');
    for (const part of [1, 2, 3] as const) {
      expect(() => box.decrypt(flip(sealed, part)), `part ${part}`).toThrow(SecretBoxError);
    }
  });

  it('refuses another key, another context, and malformed or unknown-version values', () => {
    const sealed = createSecretBox(key).encrypt('secret', 'pbx/main');
    expect(createSecretBox(key).decrypt(sealed, 'pbx/main')).toBe('secret');
    expect(() => createSecretBox(randomBytes(32)).decrypt(sealed, 'pbx/main')).toThrow(SecretBoxError);
    expect(() => createSecretBox(key).decrypt(sealed, 'pbx/other')).toThrow(SecretBoxError);
    for (const bad of ['secret', 'v2:a:b:c', 'v1:a:b', `v1::${sealed.split(':')[2]}:x`]) {
      expect(() => createSecretBox(key).decrypt(bad), bad).toThrow(SecretBoxError);
    }
  });

  it('needs a 32-byte key', () => {
    expect(() => createSecretBox(randomBytes(16))).toThrow(/32 bytes/);
  });
});

describe('secret vault', () => {
  it('stores only ciphertext in the database file, bound to the name', async () => {
    const storage = openStorage({ dataDir: tempDir() });
    const vault = createSecretVault({ store: storage.secrets, box: createSecretBox(key), now: () => 1 });
    await vault.set('webhook/3cx', 'correct-horse-battery');
    expect(await vault.isSet('webhook/3cx')).toBe(true);
    expect(await vault.reveal('webhook/3cx')).toBe('correct-horse-battery');
    expect(await vault.reveal('webhook/none')).toBeUndefined();
    // The same ciphertext under another name does not open.
    await storage.secrets.putCiphertext(
      'webhook/other',
      (await storage.secrets.getCiphertext('webhook/3cx')) ?? '',
      2,
    );
    await expect(vault.reveal('webhook/other')).rejects.toThrow(SecretBoxError);
    const path = storage.path;
    await storage.close();
    const db = new Database(path, { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM secrets').all());
    db.close();
    expect(dump).toContain('v1:');
    expect(dump).not.toContain('correct-horse');
  });
});
