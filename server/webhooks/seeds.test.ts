import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readJson } from '../../lib/json/readJson';
import { type Normalized, normalizeAtEdge } from '../../lib/sources';
import { fixtureText, flowFiles } from '../../lib/testing/support';
import { createWebhookReceiver } from './receiver';
import {
  type MemoryDeadLetters,
  type MemoryJournal,
  memoryDeadLetters,
  memoryJournal,
  serve,
  type TestServer,
} from './testing';
import type { WebhookSourceConfig } from './types';

/**
 * Every seed payload of sources 000, 001 (PortSIP), 003 (3CX) and 004 (VoIPstudio), plus the constructed
 * VoIPstudio flows, through the right endpoint and encoding over real HTTP. Valid ones: 200 and the
 * events handed to `accept` are exactly `normalizeAtEdge`'s. Invalid ones: 400/422 with the
 * normalizer's reason, and a dead letter holding the raw body.
 */
interface ManifestEntry {
  readonly file: string;
  readonly seed: string;
  readonly encoding: 'json' | 'form' | 'url' | 'fragment';
  readonly knownBroken: boolean;
}

const TOKEN = 'seed-test-token-0123456789';
const SOURCES: WebhookSourceConfig[] = [
  { id: 'portsip-hook', kind: 'portsip-webhook', secrets: [TOKEN] },
  { id: '3cx-main', kind: '3cx', secrets: [TOKEN] },
  { id: 'voipstudio', kind: 'voipstudio', secrets: [TOKEN] },
];
const ENDPOINT = { '000': 'portsip', '001': 'portsip', '003': '3cx', '004': 'voipstudio' } as const;
type Seed = keyof typeof ENDPOINT;

const manifest = (JSON.parse(fixtureText('seeds/manifest.json')) as ManifestEntry[]).filter(
  (e): e is ManifestEntry & { seed: Seed } => e.seed in ENDPOINT,
);

/** Arrival times near each payload's own times (PBX times far from arrival are rejected at the edge). */
function arrivalOf(file: string): number {
  if (file.startsWith('001-portsip-push-cdr/01-call-start')) return 1705051422_000 + 30_000;
  if (file.startsWith('000-') || file.startsWith('001-')) return 1679476900_000;
  if (file.startsWith('004-') || file.startsWith('voipstudio/')) return Date.UTC(2021, 3, 28, 12, 0, 0);
  return Date.UTC(2026, 2, 10, 9, 0, 0);
}

/** The decided outcome of each payload that is not a plain 200 (docs/decisions.md). */
const NOT_200: Record<string, { status: 400 | 422; reason: RegExp }> = {
  '000-portsip-webhook-event-reference/01-call-cdr.json': { status: 400, reason: /line 23, column 4/ },
  '001-portsip-push-cdr/02-call-cdr.json': { status: 400, reason: /^invalid JSON: .*line \d+, column \d+/ },
  '001-portsip-push-cdr/03-ivr-call-target-5000.json': { status: 422, reason: /no event_type/ },
  '003-3cx-webhooksapi/flow09-outbound-answered/03-outgoing-end-of-call.json': {
    status: 400,
    reason: /^invalid JSON: .*line 1, column \d+/,
  },
  '004-voipstudio/01-call-event-fragment.txt': { status: 400, reason: /^invalid JSON: .*position \d+/ },
};

let server: TestServer;
let journal: MemoryJournal;
let letters: MemoryDeadLetters;
let clock = 0;

beforeAll(async () => {
  journal = memoryJournal();
  letters = memoryDeadLetters();
  const receiver = createWebhookReceiver({
    sources: () => SOURCES,
    accept: (entry) => journal.accept(entry),
    deadLetters: letters,
    now: () => clock,
    logger: pino({ level: 'silent' }),
    digestKey: Buffer.alloc(32, 1),
  });
  server = await serve(receiver);
});
afterAll(() => server.close());

interface Delivery {
  readonly path: string;
  readonly method: 'GET' | 'POST';
  readonly contentType?: string;
  readonly body?: string;
  /** What the pure path gets: the encoding and text normalizeAtEdge is called with. */
  readonly expected: () => Normalized;
}

function deliveriesOf(file: string, seed: Seed, encoding: ManifestEntry['encoding'], at: number): Delivery[] {
  const text = fixtureText(`seeds/${file}`);
  const ctx = { source: SOURCES.find((s) => s.kind === kindOf(seed))?.id ?? '', receivedAt: at };
  const path = `/api/webhooks/${ENDPOINT[seed]}`;
  switch (seed) {
    case '000':
    case '001':
      return [
        {
          path,
          method: 'POST',
          contentType: 'application/json',
          body: text,
          expected: () => normalizeAtEdge.portsipWebhook(text, ctx),
        },
      ];
    case '004':
      return [
        {
          path,
          method: 'POST',
          contentType: 'application/json',
          body: text,
          expected: () => voip(text, ctx),
        },
      ];
    case '003': {
      if (encoding === 'json') {
        return [
          {
            path,
            method: 'POST',
            contentType: 'application/json',
            body: text,
            expected: () => normalizeAtEdge.threeCx({ encoding: 'json', text }, ctx),
          },
        ];
      }
      if (encoding === 'url') {
        return [
          {
            path,
            method: 'POST',
            contentType: 'text/plain',
            body: text,
            expected: () => normalizeAtEdge.threeCx({ encoding: 'text', text }, ctx),
          },
        ];
      }
      const query = text.trim();
      return [
        {
          path,
          method: 'POST',
          contentType: 'application/x-www-form-urlencoded',
          body: text,
          expected: () => normalizeAtEdge.threeCx({ encoding: 'form', text }, ctx),
        },
        // The add-on's GET variant: the same key=value pairs as the query string (and so a duplicate).
        {
          path: `${path}?${query}`,
          method: 'GET',
          expected: () => normalizeAtEdge.threeCx({ encoding: 'form', text: query }, ctx),
        },
      ];
    }
  }
}

function kindOf(seed: Seed) {
  return seed === '003' ? '3cx' : seed === '004' ? 'voipstudio' : 'portsip-webhook';
}

function voip(text: string, ctx: { source: string; receivedAt: number }): Normalized {
  const parsed = readJson(text);
  return parsed.ok
    ? normalizeAtEdge.voipstudio(parsed.value, ctx)
    : { ok: false, error: `invalid JSON: ${parsed.error.message}` };
}

async function deliver(d: Delivery) {
  const res = await fetch(`${server.base}${d.path}`, {
    method: d.method,
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(d.contentType ? { 'content-type': d.contentType } : {}),
    },
    ...(d.body === undefined ? {} : { body: d.body }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('seed payloads over HTTP', () => {
  it('covers every seed file of 000, 001, 003 and 004', () => {
    expect(manifest.length).toBe(1 + 3 + 74 + 1);
  });

  it.each(manifest.map((e) => [e.file, e] as const))('%s', async (file, entry) => {
    const at = arrivalOf(file);
    clock = at;
    for (const d of deliveriesOf(file, entry.seed, entry.encoding, at)) {
      const callsBefore = journal.calls.length;
      const lettersBefore = letters.letters.length;
      const expected = d.expected();
      const res = await deliver(d);
      const decided = NOT_200[file];
      if (expected.ok) {
        expect(decided, 'a payload decided invalid was accepted').toBeUndefined();
        expect(res.status).toBe(200);
        expect(res.body.accepted).toBe(expected.events.length);
        expect(res.body.ignored).toBe(expected.ignored);
        expect(res.body.warnings).toEqual(expected.warnings);
        const entry = journal.calls[callsBefore];
        expect(journal.calls).toHaveLength(callsBefore + 1);
        expect(entry?.events).toEqual(expected.events);
        expect(entry?.receivedAt).toBe(at);
        expect(letters.letters).toHaveLength(lettersBefore);
      } else {
        expect(decided, `undecided rejection: ${expected.error}`).toBeDefined();
        expect(res.status).toBe(decided?.status);
        expect(res.body.error).toBe(expected.error);
        expect(res.body.error).toMatch(decided?.reason ?? /./);
        expect(journal.calls).toHaveLength(callsBefore);
        const letter = letters.letters[lettersBefore];
        expect(letter).toMatchObject({ status: decided?.status, reason: expected.error, body: d.body ?? '' });
      }
    }
  });

  it('the repaired 3CX Callerid quote is accepted with a warning', async () => {
    clock = arrivalOf('003-');
    const file =
      '003-3cx-webhooksapi/flow01-inbound-queue-answered/04-incomingcall-started-operator-answers.json';
    const res = await deliver({
      path: '/api/webhooks/3cx',
      method: 'POST',
      contentType: 'application/json',
      body: fixtureText(`seeds/${file}`),
      expected: () => ({ ok: true, events: [] }),
    });
    expect(res.status).toBe(200);
    expect(res.body.warnings).toEqual([expect.stringMatching(/quote/i)]);
  });
});

describe('constructed VoIPstudio flows over HTTP', () => {
  const files = ['queue-call-answered', 'queue-call-missed', 'misc'].flatMap((f) =>
    flowFiles(`voipstudio/${f}`),
  );

  it.each(files)('%s', async (file) => {
    const at = arrivalOf('voipstudio/');
    clock = at;
    const text = readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), 'utf8');
    const expected = voip(text, { source: 'voipstudio', receivedAt: at });
    const callsBefore = journal.calls.length;
    const res = await deliver({
      path: '/api/webhooks/voipstudio',
      method: 'POST',
      contentType: 'application/json',
      body: text,
      expected: () => expected,
    });
    expect(expected.ok).toBe(true);
    expect(res.status).toBe(200);
    if (expected.ok) expect(journal.calls[callsBefore]?.events).toEqual(expected.events);
  });
});
