import type { LinkState } from '../../lib/board/stale';

/** What a screen says when the server will not let it watch (lib/board/stale.ts `refused`, `revoked`). */
export const REVOKED_TEXT = "This screen's access was revoked.";
export const REFUSED_TEXT = 'Not allowed: this board needs a valid token.';

/** The refusal to show instead of the board, or null while the server may still let it in. */
export function refusalText(link: LinkState): string | null {
  if (link === 'revoked') return REVOKED_TEXT;
  if (link === 'refused') return REFUSED_TEXT;
  return null;
}
