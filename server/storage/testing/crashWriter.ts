/**
 * Test support for the crash test (journal.crash.test.ts): opens the storage in argv[2] with
 * synchronous mode argv[3] and appends entries forever, `concurrency` at a time, each with the dedupe
 * key `k<index>`. Prints every acknowledged index on its own line, only after its append resolved.
 * The test SIGKILLs it mid-load and checks the file.
 */
import { writeSync } from 'node:fs';
import { openStorage } from '../index';
import { answered } from './events';

const [dataDir, mode = 'full', concurrencyArg = '20'] = process.argv.slice(2);
if (!dataDir || (mode !== 'full' && mode !== 'normal'))
  throw new Error('usage: crashWriter <dir> full|normal [n]');
const concurrency = Number(concurrencyArg);
const storage = openStorage({ dataDir, synchronous: mode });

async function main(): Promise<never> {
  for (let next = 0; ; next += concurrency) {
    await Promise.all(
      Array.from({ length: concurrency }, async (_, j) => {
        const i = next + j;
        const result = await storage.journal.append({
          source: 'crash',
          kind: 'portsip-webhook',
          receivedAt: 1_773_129_600_000 + i,
          events: [answered(i)],
          dedupeKey: `k${i}`,
          raw: { contentType: 'application/json', body: `{"i":${i}}` },
        });
        if (result.duplicate) throw new Error(`entry ${i} reported as a duplicate`);
        // Synchronous write: the line is out before the next append can be acknowledged.
        writeLine(`${i}\n`);
      }),
    );
  }
}

void main();

/** stdout is a non-blocking pipe: a full pipe buffer gives EAGAIN, so retry until the line is out. */
function writeLine(line: string): void {
  for (;;) {
    try {
      writeSync(1, line);
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
    }
  }
}
