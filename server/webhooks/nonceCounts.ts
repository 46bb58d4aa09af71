/**
 * The highest Digest nonce-count (`nc`) accepted per nonce (RFC 7616 §3.4: a server that tracks nc
 * can refuse a replayed request). qop=auth signs the method and URI, not the body, so without this a
 * captured `Authorization` header could be sent again with any body for the nonce's lifetime.
 *
 * Bounded: an entry lives as long as its nonce (issued + ttl; after that the nonce is stale anyway,
 * so forgetting it lets nothing through), and only a response computed with a configured secret adds
 * one (unauthenticated requests never touch the table). When it is full of live nonces anyway, a new
 * nonce is refused (the caller answers "stale", the client asks again later) rather than accepted
 * untracked, which would let its replays through.
 */
export type NonceUse = 'ok' | 'replayed' | 'full';

export interface NonceCounts {
  /** Record `nc` for `nonce` (issued at `issuedAt`) if it is above every nc seen for it. */
  use(nonce: string, nc: number, issuedAt: number, now: number): NonceUse;
  readonly size: number;
}

export const DEFAULT_MAX_TRACKED_NONCES = 100_000;

export function createNonceCounts(o: { readonly ttlMs: number; readonly max?: number }): NonceCounts {
  const max = o.max ?? DEFAULT_MAX_TRACKED_NONCES;
  // Insertion order ≈ issue order, so expired entries gather at the front.
  const seen = new Map<string, { nc: number; expires: number }>();
  // When full: the earliest moment an entry can expire (a full scan before then would free nothing).
  let fullUntil = Number.NEGATIVE_INFINITY;

  function prune(now: number): void {
    for (const [nonce, entry] of seen) {
      if (entry.expires >= now) return;
      seen.delete(nonce);
    }
  }

  return {
    use(nonce, nc, issuedAt, now) {
      const entry = seen.get(nonce);
      if (entry) {
        if (nc <= entry.nc) return 'replayed';
        entry.nc = nc;
        return 'ok';
      }
      prune(now);
      if (seen.size >= max) {
        if (now <= fullUntil) return 'full';
        // Out-of-order insertions can leave an expired entry behind a live one: look once more, fully,
        // and note when the next one can go, so refusals until then cost nothing.
        let earliest = Number.POSITIVE_INFINITY;
        for (const [key, e] of seen) {
          if (e.expires < now) seen.delete(key);
          else earliest = Math.min(earliest, e.expires);
        }
        if (seen.size >= max) {
          fullUntil = earliest;
          return 'full';
        }
      }
      seen.set(nonce, { nc, expires: issuedAt + o.ttlMs });
      return 'ok';
    },
    get size() {
      return seen.size;
    },
  };
}
