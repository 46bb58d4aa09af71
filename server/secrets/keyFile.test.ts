import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDirsRemovedAfterEach } from '../storage/testing/tempDir';
import { loadSecretKey, SECRET_KEY_FILE, SecretKeyError } from './keyFile';

const tempDir = tempDirsRemovedAfterEach();

describe('secret key', () => {
  it('uses SECRET_KEY when configured, and writes no file', () => {
    const dir = tempDir();
    const configured = randomBytes(32);
    expect(loadSecretKey({ configured, dataDir: dir })).toEqual(configured);
    expect(() => statSync(join(dir, SECRET_KEY_FILE))).toThrow(/ENOENT/);
  });

  it('creates a 0600 key file on first start and reads the same key afterwards', () => {
    const dir = join(tempDir(), 'data');
    const first = loadSecretKey({ configured: null, dataDir: dir });
    const path = join(dir, SECRET_KEY_FILE);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(first).toHaveLength(32);
    expect(loadSecretKey({ configured: null, dataDir: dir })).toEqual(first);
    expect(Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')).toEqual(first);
  });

  it('refuses to start with a key file others can read, naming the fix', () => {
    const dir = tempDir();
    loadSecretKey({ configured: null, dataDir: dir });
    const path = join(dir, SECRET_KEY_FILE);
    for (const mode of [0o640, 0o604, 0o644]) {
      chmodSync(path, mode);
      expect(() => loadSecretKey({ configured: null, dataDir: dir }), mode.toString(8)).toThrow(
        SecretKeyError,
      );
      expect(() => loadSecretKey({ configured: null, dataDir: dir })).toThrow(
        /readable by others.*chmod 600/,
      );
    }
    chmodSync(path, 0o400);
    expect(loadSecretKey({ configured: null, dataDir: dir })).toHaveLength(32);
  });

  it('refuses a key file that does not hold a 32-byte key', () => {
    const dir = tempDir();
    writeFileSync(join(dir, SECRET_KEY_FILE), 'c2hvcnQ=\n', { mode: 0o600 });
    expect(() => loadSecretKey({ configured: null, dataDir: dir })).toThrow(/32-byte key/);
  });
});
