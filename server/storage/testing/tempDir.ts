import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { DomainEvent } from '../../../lib/domain/events';

/** Test support: a fresh data directory per call, removed after the test. */
export function useTempDirs(): () => string {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'callboard-storage-'));
    dirs.push(dir);
    return dir;
  };
}

/** A small valid event whose session id carries `n`, so tests can tell events apart. */
export function answered(n: number, at = 1_773_129_600_000 + n): DomainEvent {
  return {
    type: 'callerAnswered',
    source: 'test',
    origin: 'portsip-webhook',
    at,
    queue: { number: '8000' },
    sessionId: `s${n}`,
    agent: '101',
  };
}
