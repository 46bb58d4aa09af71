/**
 * Test support for linkOwnership.pg.test.ts: one Callboard instance as far as a PBX link goes, in a
 * process of its own so the test can SIGKILL it. It runs the links manager with leased ownership on
 * the database argv[2], as instance argv[3], for one link "pbx-1" to the WSI server argv[4]
 * (password argv[5]), journaling through the recorder into the PostgreSQL journal. It prints one
 * JSON line per source status and per journaled batch (with its epoch); the test stamps each line
 * with its own clock as it arrives.
 */
import { writeSync } from 'node:fs';
import pino from 'pino';
import { TEST_SETTINGS } from '../../../lib/testing/support';
import { createHub } from '../../hub/hub';
import { createPbxLinks } from '../../pbx/links';
import { createRecorder } from '../../recorder';
import { createPgJournal } from '../../storage/postgres/journal';
import { openPgPool } from '../../storage/postgres/pool';
import { leasedOwnership } from '../leasedOwnership';
import { portsipOf } from './linkInstances';

const [url, instance, pbxUrl, password] = process.argv.slice(2);
if (!url || !instance || !pbxUrl || !password)
  throw new Error('usage: linkInstance <db> <instance> <ws> <pw>');
const say = (line: unknown) => writeSync(1, `${JSON.stringify(line)}\n`);
const logger = pino({ level: 'silent' });

const pool = openPgPool({ url, max: 2, applicationName: `callboard journal ${instance}` });
const journal = createPgJournal({ pool });
const hub = createHub({ settings: TEST_SETTINGS, now: Date.now, epoch: instance });
const recorder = createRecorder({ journal, hub, now: Date.now, logger });
const links = createPbxLinks({
  sink: {
    ingest(events, fence) {
      recorder.ingest(events, fence);
      say({ journaled: events.length, epoch: fence?.epoch ?? null });
    },
    setSourceStatus: (s) => say({ status: s.status, owner: s.owner ?? null }),
    removeSource: () => {},
  },
  ownership: leasedOwnership({ url, instance, logger }),
  logger,
  now: Date.now,
});
void links.apply([{ id: 'pbx-1', portsip: portsipOf(pbxUrl, password) }]);
