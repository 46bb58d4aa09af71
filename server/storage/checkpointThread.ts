import { parentPort, workerData } from 'node:worker_threads';
import { type CheckpointMeta, insertCheckpoint } from './checkpoints';
import { connectDatabase, type SynchronousMode } from './database';

/**
 * The checkpoint writer thread (started by checkpoints.ts): frames, checksums and commits a
 * checkpoint (tens of MB for a busy day, then a sync) away from the main thread's event loop. Its
 * connection waits for the journal writer's commits like any other writer (busy_timeout).
 */
if (!parentPort) throw new Error('checkpointThread.ts runs as a worker thread');
const port = parentPort;
const options = workerData as { readonly path: string; readonly synchronous: SynchronousMode };
const db = connectDatabase(options.path, options.synchronous);

port.on('message', (m: { id: number; meta: CheckpointMeta; parts: Uint8Array[] }) => {
  try {
    insertCheckpoint(db, m.meta, m.parts);
    port.postMessage({ id: m.id });
  } catch (err) {
    port.postMessage({ id: m.id, error: err instanceof Error ? err.message : String(err) });
  }
});
