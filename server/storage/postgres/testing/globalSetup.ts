import type { TestProject } from 'vitest/node';
import { startTestPostgres } from './throwawayPostgres';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test PostgreSQL server's maintenance-database URL (throwawayPostgres.ts). */
    postgresServerUrl: string;
  }
}

/**
 * Vitest globalSetup of the "postgres" project: starts ONE server for the run (an embedded cluster
 * costs ~2 s to initdb and start, docs/benchmarks.md) and hands its URL to the test files, which
 * each create a database of their own on it. Stopped and deleted when the run ends.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  if (server.origin === 'embedded') {
    console.log(`[postgres] embedded PostgreSQL started in ${server.startupMs} ms`);
  }
  project.provide('postgresServerUrl', server.url);
  return () => server.stop();
}
