import type Database from 'better-sqlite3';
import type { Migration } from './schema/migration';
import { v1 } from './schema/v1';
import { v2 } from './schema/v2';
import { v3 } from './schema/v3';
import { v4 } from './schema/v4';
import { v5 } from './schema/v5';
import { v6 } from './schema/v6';
import { v7 } from './schema/v7';
import { v8 } from './schema/v8';
import { v9 } from './schema/v9';
import { v10 } from './schema/v10';
import { v11 } from './schema/v11';
import { v12 } from './schema/v12';
import { v13 } from './schema/v13';

export type { Migration };

/**
 * The schema, as an ordered list of steps (one file per step in ./schema/). `PRAGMA user_version`
 * records how many have run.
 */
export const MIGRATIONS: readonly Migration[] = [v1, v2, v3, v4, v5, v6, v7, v8, v9, v10, v11, v12, v13];

export class SchemaTooNewError extends Error {
  constructor(path: string, found: number, known: number) {
    super(
      `${path} has schema version ${found}, but this Callboard only knows versions up to ${known}: ` +
        'it was written by a newer Callboard. Run that version, or point DATA_DIR at another directory.',
    );
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Bring the schema up to date. Each step runs in its own IMMEDIATE transaction together with its
 * user_version bump (both roll back on failure), and the version is re-read inside the transaction so
 * two processes opening one file at once cannot both run a step. Returns the versions applied.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const path = db.name;
  const latest = migrations.length;
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration ${i} has version ${m.version}; expected ${i + 1}`);
  });
  const version = () => db.pragma('user_version', { simple: true }) as number;
  if (version() > latest) throw new SchemaTooNewError(path, version(), latest);

  const applied: number[] = [];
  for (const m of migrations) {
    const ran = db
      .transaction(() => {
        const current = version();
        if (current > latest) throw new SchemaTooNewError(path, current, latest);
        if (current >= m.version) return false;
        db.exec(m.sql);
        db.pragma(`user_version = ${m.version}`);
        return true;
      })
      .immediate();
    if (ran) applied.push(m.version);
  }
  return applied;
}
