import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStorage, SchemaTooNewError } from './index';
import { MIGRATIONS, migrate } from './migrations';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();

const tables = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[]
  ).filter((n) => !n.startsWith('sqlite_'));

describe('migrations', () => {
  it('create the schema once and record the version', () => {
    const dir = tempDir();
    const storage = openStorage({ dataDir: dir });
    const db = new Database(storage.path, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    expect(tables(db)).toEqual([
      'alert_channel_log',
      'alert_channels',

      'alerts',
      'boards',
      'dead_letter_totals',
      'dead_letters',
      'dedupe_keys',
      'display_health',
      'displays',
      'floor_messages',
      'history_agent_days',
      'history_agent_queue_days',
      'history_agent_queue_quarters',
      'history_closed',
      'history_days',
      'history_hours',
      'history_quarters',
      'journal',
      'notification_deliveries',
      'notification_outbox',
      'pbx_connections',
      'quarter_figures',
      'raw_payloads',
      'secrets',
      'sessions',
      'settings',
      'state_checkpoints',
      'users',
      'webhook_sources',
    ]);
    db.close();
    return storage.close();
  });

  it('are idempotent on reopen and keep the data', async () => {
    const dir = tempDir();
    const first = openStorage({ dataDir: dir });
    await first.boards.put('main', { name: 'Main' });
    await first.close();

    const second = openStorage({ dataDir: dir });
    expect(await second.boards.get('main')).toEqual({ id: 'main', config: { name: 'Main' } });
    await second.close();

    const db = new Database(join(dir, 'callboard.db'));
    expect(migrate(db)).toEqual([]); // nothing left to run
    expect(db.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    db.close();
  });

  it('apply only the steps a database lacks, each with its version bump', () => {
    const db = new Database(join(tempDir(), 'x.db'));
    const steps = [
      { version: 1, description: 'a', sql: 'CREATE TABLE a (x)' },
      { version: 2, description: 'b', sql: 'CREATE TABLE b (x)' },
    ];
    expect(migrate(db, steps.slice(0, 1))).toEqual([1]);
    expect(migrate(db, steps)).toEqual([2]);
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
  });

  it('roll a failing step back entirely, version included', () => {
    const db = new Database(join(tempDir(), 'x.db'));
    const steps = [{ version: 1, description: 'bad', sql: 'CREATE TABLE a (x); CREATE TABLE a (y);' }];
    expect(() => migrate(db, steps)).toThrow(/already exists/);
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(tables(db)).toEqual([]);
    db.close();
  });

  it('refuse a database written by a newer Callboard, with a clear error', () => {
    const dir = tempDir();
    const db = new Database(join(dir, 'callboard.db'));
    db.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    db.close();
    expect(() => openStorage({ dataDir: dir })).toThrow(SchemaTooNewError);
    expect(() => openStorage({ dataDir: dir })).toThrow(
      new RegExp(`schema version ${MIGRATIONS.length + 1}.*only knows versions up to ${MIGRATIONS.length}`),
    );
  });
});
