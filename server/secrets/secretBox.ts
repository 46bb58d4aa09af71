import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets at rest (PBX passwords, webhook secrets). A sealed value is one string,
 * `v1:<iv>:<tag>:<ciphertext>` (base64url parts): the version lets a later key or algorithm live
 * alongside old rows. `context` (e.g. the row's key) is bound as associated data, so a ciphertext
 * copied into another row does not decrypt there.
 */
export interface SecretBox {
  encrypt(plaintext: string, context?: string): string;
  /** Throws SecretBoxError when the value was altered, or sealed with another key or context. */
  decrypt(sealed: string, context?: string): string;
}

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

export const SECRET_KEY_BYTES = 32;
const VERSION = 'v1';
const IV_BYTES = 12; // GCM's native nonce size; random per encryption
const TAG_BYTES = 16;

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== SECRET_KEY_BYTES)
    throw new RangeError(`the secret key must be ${SECRET_KEY_BYTES} bytes`);
  // A private copy: the caller's buffer may be reused or zeroed.
  const k = Buffer.from(key);
  return {
    encrypt(plaintext, context = '') {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64url'));
      return [VERSION, ...parts].join(':');
    },
    decrypt(sealed, context = '') {
      const parts = sealed.split(':');
      if (parts.length !== 4 || parts[0] !== VERSION)
        throw new SecretBoxError('not a sealed secret (expected v1:iv:tag:data)');
      const [iv, tag, data] = parts.slice(1).map((p) => Buffer.from(p, 'base64url')) as [
        Buffer,
        Buffer,
        Buffer,
      ];
      if (iv.length !== IV_BYTES || tag.length !== TAG_BYTES)
        throw new SecretBoxError('malformed sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', k, iv, { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(tag);
      try {
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        // The message never includes the value: it may be a secret sealed under another key.
        throw new SecretBoxError('sealed secret does not verify: altered, or sealed with another key');
      }
    },
  };
}
