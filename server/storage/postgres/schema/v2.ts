import type { Migration } from '../../schema/migration';

/** One owner per PBX link (server/cluster/lease.ts). Times are the database's clock, never a host's. */
export const v2: Migration = {
  version: 2,
  description: 'link leases: owner, expiry and fencing epoch per PBX link',
  sql: `
    -- epoch goes up by one at every change of owner; a journal write carries the epoch its writer
    -- holds and is refused unless it is still the row's (and the lease has not expired).
    CREATE TABLE link_leases (
      link text PRIMARY KEY,
      owner text NOT NULL,
      epoch bigint NOT NULL,
      expires_at timestamptz NOT NULL,
      acquired_at timestamptz NOT NULL
    );
  `,
};
