import { afterAll, inject } from 'vitest';
import { freshDatabase } from './throwawayPostgres';

/**
 * Test support: empty databases on the run's PostgreSQL server (globalSetup.ts), each named
 * uniquely, all dropped after the test file. Call the returned function (inside a test or a hook)
 * for a new database's URL: a test that needs a clean slate asks for one (CREATE DATABASE is ~0.1 s).
 */
export function testDatabasesDroppedAfterAll(): () => Promise<string> {
  const drops: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of drops.splice(0)) await drop();
  });
  return async () => {
    const database = await freshDatabase(inject('postgresServerUrl'));
    drops.push(database.drop);
    return database.url;
  };
}
