import type { Migration } from './migration';

export const v2: Migration = {
  version: 2,
  description: 'PBX connections and webhook sources configured in the settings page',
  sql: `
    -- Settings as JSON (validated by lib/settings on the way in and out). Their passwords and
    -- secrets live in the secrets table, sealed (server/secrets), named after the row.
    CREATE TABLE pbx_connections (
      id TEXT PRIMARY KEY,
      config TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );

    CREATE TABLE webhook_sources (
      id TEXT PRIMARY KEY,
      config TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    );
  `,
};
