import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { createRouter, type Route } from '../http/router';
import {
  type AppendResult,
  type DeadLetter,
  type DeadLetterInput,
  type DeadLetters,
  type JournalEntry,
  StorageUnavailableError,
} from '../storage/types';

/**
 * Test support only (never imported by product code): in-memory stand-ins for the journal's `accept`
 * and for DeadLetters, a log capture, and a real node:http server on 127.0.0.1, port 0.
 */

export interface MemoryJournal {
  /** Every call, duplicates included, in order. */
  readonly calls: JournalEntry[];
  /** What was stored (duplicates left out). */
  readonly stored: JournalEntry[];
  /** When set, `accept` rejects with this error. */
  failWith: Error | null;
  accept(entry: JournalEntry): Promise<AppendResult>;
}

export function memoryJournal(): MemoryJournal {
  const keys = new Set<string>();
  const journal: MemoryJournal = {
    calls: [],
    stored: [],
    failWith: null,
    async accept(entry) {
      journal.calls.push(entry);
      if (journal.failWith) throw journal.failWith;
      if (entry.dedupeKey !== undefined) {
        if (keys.has(entry.dedupeKey)) return { duplicate: true };
        keys.add(entry.dedupeKey);
      }
      journal.stored.push(entry);
      return { duplicate: false };
    },
  };
  return journal;
}

export interface MemoryDeadLetters extends DeadLetters {
  readonly letters: DeadLetter[];
  /** When true, `add` rejects with StorageUnavailableError. */
  down: boolean;
}

export function memoryDeadLetters(): MemoryDeadLetters {
  const letters: DeadLetter[] = [];
  const store: MemoryDeadLetters = {
    letters,
    down: false,
    async add(letter: DeadLetterInput) {
      if (store.down) throw new StorageUnavailableError('disk full');
      const id = letters.length + 1;
      letters.push({ ...letter, id, replayedAt: null, replayResult: null });
      return id;
    },
    dropped: async () => 0,
    async list(options = {}) {
      return letters
        .filter((l) => options.beforeId === undefined || l.id < options.beforeId)
        .filter((l) => options.source === undefined || l.source === options.source)
        .sort((a, b) => b.id - a.id)
        .slice(0, options.limit ?? 100);
    },
    async get(id) {
      return letters.find((l) => l.id === id);
    },
    async markReplayed(id, at, result) {
      const i = letters.findIndex((l) => l.id === id);
      const letter = letters[i];
      if (letter) letters[i] = { ...letter, replayedAt: at, replayResult: result };
    },
  };
  return store;
}

/** A pino logger at debug level whose lines are kept in `lines`. */
export function captureLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

export interface TestServer {
  readonly base: string;
  close(): Promise<void>;
}

/**
 * Serve `handler`, or a route table (a path under /api/webhooks/ it has no route for is a 404, as in
 * the server), on 127.0.0.1:0; requests it does not take get 418 (so tests can tell).
 */
export async function serve(
  routes: readonly Route[] | ((req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>),
): Promise<TestServer> {
  const handler = typeof routes === 'function' ? routes : createRouter(routes, { owned: ['/api/webhooks/'] });
  const server: Server = createServer((req, res) => {
    void Promise.resolve(handler(req, res)).then(
      (taken) => {
        if (!taken) res.writeHead(418).end();
      },
      () => {
        if (!res.headersSent) res.writeHead(500).end();
      },
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
