import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStorage } from './index';
import { tempDirsRemovedAfterEach } from './testing/tempDir';

const tempDir = tempDirsRemovedAfterEach();
const WRITER = fileURLToPath(new URL('./testing/crashWriter.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

/** Run the writer until it has acknowledged `ackTarget` entries, then SIGKILL it mid-load. */
function runAndKill(dataDir: string, mode: 'full' | 'normal', ackTarget: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WRITER, dataDir, mode], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const acked: number[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) acked.push(Number(line));
      if (!killed && acked.length >= ackTarget) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => {
      // Lines that arrived after the kill signal was sent were acknowledged before it: keep them.
      if (buffered) acked.push(Number(buffered));
      if (signal !== 'SIGKILL') reject(new Error(`writer exited on its own (${signal ?? _code}): ${stderr}`));
      else resolve(acked);
    });
  });
}

describe('journal after SIGKILL mid-load', () => {
  for (const mode of ['full', 'normal'] as const) {
    it(`keeps every acknowledged entry, once, with synchronous=${mode}`, { timeout: 60_000 }, async () => {
      const dataDir = tempDir();
      const acked = await runAndKill(dataDir, mode, 3000);
      expect(acked.length).toBeGreaterThanOrEqual(3000);

      // Reopening runs WAL recovery exactly as a restarted server would.
      const storage = openStorage({ dataDir, synchronous: mode });
      await storage.close();
      const db = new Database(storage.path, { readonly: true });
      const stored = (
        db
          .prepare("SELECT json_extract(events, '$[0].sessionId') FROM journal ORDER BY id")
          .pluck()
          .all() as string[]
      ).map((s) => Number(s.slice(1)));
      const raws = db.prepare('SELECT count(*) FROM raw_payloads').pluck().get() as number;
      const keys = db.prepare('SELECT count(*) FROM dedupe_keys').pluck().get() as number;
      db.close();

      // Appends are issued in index order and whole batches commit atomically: what is stored is
      // exactly 0..n-1, each once, and includes everything acknowledged.
      expect(stored).toEqual(Array.from({ length: stored.length }, (_, i) => i));
      const storedSet = new Set(stored);
      expect(acked.filter((i) => !storedSet.has(i))).toEqual([]);
      expect(new Set(acked).size).toBe(acked.length);
      expect(raws).toBe(stored.length);
      expect(keys).toBe(stored.length);
    });
  }
});
