import { resolve } from 'node:path';
import { loadConfig } from '../server/config';
import { RestoreRefusedError, restoreDatabase } from '../server/storage/backup';

/**
 * `npm run restore -- <file>`: replace DATA_DIR's database with a backup made by `npm run backup`,
 * after checking it (integrity_check, schema version). Refuses while a server uses DATA_DIR; the
 * replaced database is kept beside it as callboard.db.before-restore-<time>.
 */
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run restore -- <file>   (DATA_DIR names the data dir, default ./data)\n');
  process.exit(2);
}
const config = loadConfig();
try {
  const result = await restoreDatabase({ dataDir: config.dataDir, file: resolve(file), now: Date.now });
  process.stdout.write(
    `restored ${resolve(file)} into ${config.dataDir}` +
      (result.replaced ? `; the previous database is kept as ${result.replaced}` : '') +
      (result.keyRestored
        ? '; secret key restored'
        : '; no <file>.key beside the backup: secret key unchanged') +
      '\n',
  );
} catch (err) {
  if (!(err instanceof RestoreRefusedError)) throw err;
  process.stderr.write(`restore refused: ${err.message}\n`);
  process.exit(1);
}
