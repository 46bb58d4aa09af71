import pg from 'pg';
import { startTestCallboard, type TestCallboard } from '../../testing/callboard';
import { type ServerProcess, spawnServer } from '../../testing/serverProcess';
import { ALERTS_LEASE } from '../evaluatorLease';
import { until } from './crossing';

/**
 * For the tests of an evaluator that dies: a child Callboard (`<name>-dying`) that holds the alerts
 * lease, then one in this process (`<name>-survivor`) standing by, both on `url`; and who holds the
 * lease now, read from PostgreSQL. Everything opened is closed through `cleanups`.
 */
export async function dyingHolderAndSurvivor(o: {
  url: string;
  dataDir: string;
  name: string;
  cleanups: (() => Promise<unknown> | unknown)[];
}): Promise<{
  dying: ServerProcess;
  survivor: TestCallboard;
  holder: () => Promise<string | undefined>;
  db: pg.Client;
}> {
  const db = new pg.Client({ connectionString: o.url });
  await db.connect();
  o.cleanups.push(() => db.end());
  const holder = async () =>
    (
      await db.query('SELECT owner FROM link_leases WHERE link = $1 AND expires_at > clock_timestamp()', [
        ALERTS_LEASE,
      ])
    ).rows[0]?.owner as string | undefined;
  // The first to start takes the lease: the child, then this process's instance stands by.
  const dying = await spawnServer(o.dataDir, { DATABASE_URL: o.url, INSTANCE_ID: `${o.name}-dying` });
  o.cleanups.push(() => dying.kill());
  await until(async () => (await holder()) === `${o.name}-dying`);
  const survivor = await startTestCallboard({
    dataDir: o.dataDir,
    env: { DATABASE_URL: o.url, INSTANCE_ID: `${o.name}-survivor` },
  });
  o.cleanups.push(() => survivor.close());
  return { dying, survivor, holder, db };
}
