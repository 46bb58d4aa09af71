import { resolve } from 'node:path';
import { loadConfig } from '../server/config';
import { backupDatabase } from '../server/storage/backup';

/**
 * `npm run backup -- <file>`: a consistent copy of DATA_DIR's database, taken while the server runs
 * (SQLite's online backup API), plus the secret key as `<file>.key`. Restore with `npm run restore`.
 */
const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: npm run backup -- <file>   (DATA_DIR names the data dir, default ./data)\n');
  process.exit(2);
}
const config = loadConfig();
const result = await backupDatabase({ dataDir: config.dataDir, file: resolve(file) });
process.stdout.write(
  `backed up ${config.dataDir} to ${result.file} (${result.pages} pages)` +
    (result.keyFile
      ? `; secret key to ${result.keyFile}: keep both, and keep them private\n`
      : config.access.secretKey
        ? '; the secret key is SECRET_KEY in the environment: keep it with the backup\n'
        : '; no secret key file found\n'),
);
