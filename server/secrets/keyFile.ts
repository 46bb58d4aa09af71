import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { SECRET_KEY_BYTES } from './secretBox';

export const SECRET_KEY_FILE = 'secret.key';

export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/**
 * The key of the secret box: `SECRET_KEY` when configured (config.ts has decoded and checked it),
 * otherwise `DATA_DIR/secret.key`, created on first start with mode 0600. An existing key file that
 * others can read is refused rather than fixed: it may already have been copied, and every secret
 * sealed under it should be considered exposed.
 */
export function loadSecretKey(o: {
  readonly configured: Buffer | null;
  readonly dataDir: string;
  readonly logger?: Logger;
}): Buffer {
  if (o.configured) {
    if (o.configured.length !== SECRET_KEY_BYTES) throw new SecretKeyError('SECRET_KEY must be 32 bytes');
    return o.configured;
  }
  mkdirSync(o.dataDir, { recursive: true, mode: 0o700 });
  const path = join(o.dataDir, SECRET_KEY_FILE);
  const created = createKeyFile(path);
  if (created) {
    o.logger?.info({ path }, 'secret key file created: back it up with the database');
    return created;
  }
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SecretKeyError(
      `${path} is readable by others (mode ${mode.toString(8)}): run "chmod 600 ${path}", and consider ` +
        'every stored PBX password and webhook secret exposed (re-enter them after replacing the key)',
    );
  }
  const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64');
  if (key.length !== SECRET_KEY_BYTES)
    throw new SecretKeyError(`${path} does not hold a base64 ${SECRET_KEY_BYTES}-byte key`);
  return key;
}

/** Creates the file exclusively (never overwrites: a lost key loses every secret). Undefined if it exists. */
function createKeyFile(path: string): Buffer | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'wx', 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return undefined;
    throw err;
  }
  const key = randomBytes(SECRET_KEY_BYTES);
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
  return key;
}
