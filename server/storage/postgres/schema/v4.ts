import type { Migration } from '../../schema/migration';

/** Settings → Alerts' channels (SQLite: ../../schema/v7.ts), which v3 did not mirror yet. */
export const v4: Migration = {
  version: 4,
  description: 'alert channels',
  sql: `
    CREATE TABLE alert_channels (id text PRIMARY KEY, config text NOT NULL, updated_at bigint NOT NULL);
  `,
};
