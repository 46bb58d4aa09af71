import type { Migration } from '../../schema/migration';

/**
 * Socket.IO's messages between instances (`@socket.io/postgres-adapter`, server/realtime/cluster.ts)
 * travel as NOTIFY; one larger than its 8,000-byte payload limit is parked here and the NOTIFY names
 * its row. The adapter itself deletes rows older than its cleanup interval (30 s) from every instance,
 * so the table holds seconds of traffic. Its name and columns are the adapter's (its README's DDL).
 */
export const v4: Migration = {
  version: 4,
  description: 'socket.io attachments: large Socket.IO messages between instances',
  sql: `
    CREATE TABLE socket_io_attachments (
      id bigserial UNIQUE,
      created_at timestamptz DEFAULT now(),
      payload bytea
    );
    CREATE INDEX socket_io_attachments_created_at ON socket_io_attachments (created_at);
  `,
};
