import { execFileSync } from 'node:child_process';

/**
 * Test support only: Debian's `sqlite3` shell, as an admin (or a backup script) runs it against a
 * live server's database. A missing shell is a failure with the fix in its message, never a skip:
 * `.ci/run` installs it.
 */
export function sqliteCli(dbPath: string, ...commands: string[]): string {
  try {
    return execFileSync('sqlite3', [dbPath, ...commands], { encoding: 'utf8', timeout: 30_000 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('the sqlite3 shell is not installed: apt-get install sqlite3 (.ci/run does)');
    throw err;
  }
}
