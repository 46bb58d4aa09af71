import { randomBytes } from 'node:crypto';
import type pg from 'pg';

/**
 * Test support: a login role of its own on the test database, so a test can cut one instance (or
 * one of its connections) off the database: `ALTER ROLE … NOLOGIN` and `pg_terminate_backend` of
 * that role's backends. `drop` ends its sessions and removes it.
 */
export async function loginRole(
  admin: pg.Pool,
  url: string,
): Promise<{ url: string; role: string; drop(): Promise<void> }> {
  const role = `instance_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(8).toString('hex');
  await admin.query(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
  await admin.query(`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO ${role}`);
  await admin.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO ${role}`);
  const u = new URL(url);
  u.username = role;
  u.password = password;
  return {
    url: u.toString(),
    role,
    async drop() {
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '${role}'`);
      await admin.query(`DROP OWNED BY ${role}`);
      await admin.query(`DROP ROLE ${role}`);
    },
  };
}
