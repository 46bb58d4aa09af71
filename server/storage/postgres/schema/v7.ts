import type { Migration } from '../../schema/migration';

/**
 * Alert ids given by the database, not by an instance (issue #19, server/alerts/alertIds.ts): one
 * counter row; the one evaluator reserves a block of ids at a time with one UPDATE, so no two
 * instances (nor an evaluator and its successor) can ever give the same id.
 */
export const v7: Migration = {
  version: 7,
  description: 'alert ids: one counter the evaluator reserves blocks from',
  sql: `
    CREATE TABLE alert_ids (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      next bigint NOT NULL
    );
    INSERT INTO alert_ids (next) SELECT COALESCE(MAX(id), 0) + 1 FROM alerts;
  `,
};
