import type { Fence } from './fence';

/**
 * Which instance runs a PBX link (server/pbx/links.ts asks; issue #19). One instance on its own
 * (SQLite, the default) owns every link, at once and for good. Instances sharing a PostgreSQL
 * database hold a lease per link (leasedOwnership.ts): at most one runs the link, and its journal
 * writes for it carry the lease's fence, so a stale owner's late writes are refused by the database.
 */
export interface LinkOwnership {
  /** This instance's name (INSTANCE_ID), as source health shows it. */
  readonly instance: string;
  /** Starts contending for `link`; the callbacks say what to do until `release`. */
  claim(link: string, on: ClaimEvents): LinkClaim;
  /** Releases every claim still held, so another instance can take over without waiting. */
  stop(): Promise<void>;
}

export interface ClaimEvents {
  /**
   * This instance holds the link from now: run it. Its journal writes for the link carry `fence`
   * (null: nothing to fence, a single instance).
   */
  owned(fence: Fence | null): void;
  /** Stop running the link now, journaling included: another instance may take it at any moment. */
  lost(): void;
  /** Another instance holds the link (its name; null: nobody yet): stand by. Told on changes only. */
  standby(holder: string | null): void;
}

export interface LinkClaim {
  /** Stop contending; a held link is let go (after the caller stopped running it). */
  release(): Promise<void>;
}

/** One instance, no shared database: every link is this instance's, from the claim on. */
export function singleInstance(instance: string): LinkOwnership {
  return {
    instance,
    claim(_link, on) {
      on.owned(null);
      return { release: async () => {} };
    },
    stop: async () => {},
  };
}
