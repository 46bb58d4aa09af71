import { hkdfSync } from 'node:crypto';
import { DISPLAY_TOKEN_PREFIX, hashToken, newToken } from '../auth/tokens';

/**
 * A pairing's code and its display token are both derived from the TV's secret, so nothing a store
 * keeps (server/storage/pairingCodes.ts: hashes only) can open a board or bind a TV, and whichever
 * instance the TV polls can answer it from the secret it presents: its code while it waits, its
 * token once bound. HKDF-SHA256 with distinct labels: knowing the code (it is shown on the glass)
 * or the token tells nothing about the secret or the other.
 */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 6;

const derive = (secret: string, label: string, bytes: number) =>
  Buffer.from(hkdfSync('sha256', secret, '', `callboard pairing ${label}`, bytes));

export const newPairingSecret = () => newToken('cbp_');

/** CODE_LENGTH letters of the alphabet, uniform (bytes past the last whole multiple are skipped). */
export function codeOf(secret: string): string {
  const usable = 256 - (256 % CODE_ALPHABET.length);
  let code = '';
  for (let round = 0; code.length < CODE_LENGTH; round++)
    for (const b of derive(secret, `code ${round}`, 32))
      if (b < usable && code.length < CODE_LENGTH) code += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return code;
}

export const displayTokenOf = (secret: string) =>
  `${DISPLAY_TOKEN_PREFIX}${derive(secret, 'display token', 32).toString('base64url')}`;

export const codeHashOf = (code: string) => hashToken(`pairing code ${code}`);
