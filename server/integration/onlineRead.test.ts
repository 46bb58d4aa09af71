import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  journaledCalls,
  lostAndDoubled,
  postCall,
  type ServerProcess,
  spawnServer,
} from '../testing/serverProcess';
import { sqliteCli } from '../testing/sqliteCli';

/**
 * Issue #13, part 1: an admin's `sqlite3` read or `.backup` of the live database, then more
 * webhooks, then SIGKILL. Every acknowledged webhook must be in the journal after the restart. (The
 * writer thread's stray open-and-close of callboard.db dropped the server's locks; the outside reader
 * then deleted the -wal file the server went on writing into: 41 acknowledged, 1 kept.)
 */
const servers: ServerProcess[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.kill();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const outsideReads: Record<string, (db: string, dir: string) => void> = {
  'a sqlite3 query': (db) => {
    expect(sqliteCli(db, 'select count(*) from journal').trim()).toBe('1');
  },
  'a sqlite3 .backup': (db, dir) => {
    sqliteCli(db, `.backup '${join(dir, 'copy.db')}'`);
    expect(sqliteCli(join(dir, 'copy.db'), 'select count(*) from journal').trim()).toBe('1');
  },
};

describe('an outside read of the live database, then SIGKILL', () => {
  for (const sync of ['full', 'normal'] as const)
    for (const [name, read] of Object.entries(outsideReads))
      it(`keeps every acknowledged webhook after ${name} (JOURNAL_SYNC=${sync})`, {
        timeout: 60_000,
      }, async () => {
        const dataDir = mkdtempSync(join(tmpdir(), 'callboard-online-read-'));
        const scratch = mkdtempSync(join(tmpdir(), 'callboard-online-read-copy-'));
        dirs.push(dataDir, scratch);
        const server = await spawnServer(dataDir, { JOURNAL_SYNC: sync });
        servers.push(server);

        const acked: number[] = [];
        const post = async (n: number) => {
          if ((await postCall(server.url, n)).status === 200) acked.push(n);
        };
        await post(0);
        read(join(dataDir, 'callboard.db'), scratch);
        for (let n = 1; n <= 40; n++) await post(n);
        expect(acked).toHaveLength(41);
        await server.kill();

        const restarted = await spawnServer(dataDir, { JOURNAL_SYNC: sync });
        servers.push(restarted);
        const { lost, doubled } = lostAndDoubled(acked, journaledCalls(dataDir));
        expect(lost).toEqual([]);
        expect(doubled).toEqual([]);
      });
});
