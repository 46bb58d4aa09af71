import type { IncomingMessage } from 'node:http';
import { afterEach } from 'vitest';
import { openStorage, type Storage } from '../storage';
import { tempDirsRemovedAfterEach } from '../storage/testing/tempDir';

/** Test support only: real storage in a temp dir, closed after each test, and a settable clock. */
export function authTestBed() {
  const tempDir = tempDirsRemovedAfterEach();
  const opened: Storage[] = [];
  // Registered after the temp-dir hook, so it runs first: the database closes before its dir goes.
  afterEach(async () => {
    for (const s of opened.splice(0)) await s.close();
  });
  return function open(start = Date.UTC(2026, 2, 11, 9)) {
    const storage: Storage = openStorage({ dataDir: tempDir() });
    opened.push(storage);
    let t = start;
    const clock = {
      now: () => t,
      advance(ms: number) {
        t += ms;
      },
    };
    return { storage, clock };
  };
}

/** A request as auth reads it: method, url, headers and the socket's address / TLS flag. */
export function fakeRequest(o: {
  method?: string;
  url?: string;
  headers?: Record<string, string>;
  encrypted?: boolean;
  remoteAddress?: string;
}): IncomingMessage {
  return {
    method: o.method ?? 'GET',
    url: o.url ?? '/',
    headers: o.headers ?? {},
    socket: { encrypted: o.encrypted, remoteAddress: o.remoteAddress ?? '10.0.0.9' },
  } as unknown as IncomingMessage;
}
