import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { afterEach, describe, expect, it } from 'vitest';
import { sendCsvRows, sendJsonRows } from './reportStreams';

/**
 * Reports are written at the pace the client reads: rows are made one at a time from a generator, so
 * a client that stops reading stops the work, and no report is ever one string in memory.
 */
const ROWS = 200_000;
/** Rows large enough that half of them (~25 MB) outgrow every socket buffer between the two ends. */
const PAD = 'x'.repeat(240);
let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

function serve(
  send: (res: import('node:http').ServerResponse, rows: Iterable<object>) => Promise<void>,
  count = ROWS,
) {
  const made = { count: 0 };
  function* rows() {
    for (let i = 0; i < count; i++) {
      made.count += 1;
      yield { queue: 't/8001', caller: i % 3 === 0 ? null : `07${i}`, waitSeconds: i / 4, note: PAD };
    }
  }
  const listening = createServer((_req, res) => void send(res, rows()));
  server = listening;
  return new Promise<{ url: string; made: typeof made }>((resolve) =>
    listening.listen(0, '127.0.0.1', () =>
      resolve({ url: `http://127.0.0.1:${(listening.address() as AddressInfo).port}`, made }),
    ),
  );
}

async function readSlowly(url: string, made: { count: number }) {
  const res = await fetch(url);
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  const first = await reader.read();
  if (first.value) chunks.push(first.value);
  // The client pauses: the server must not go on making every row meanwhile.
  await new Promise((r) => setTimeout(r, 300));
  const madeWhilePaused = made.count;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), madeWhilePaused, res };
}

describe('report streams', () => {
  it('JSON: rows made as the client reads; the whole body parses to every row', async () => {
    const { url, made } = await serve((res, rows) => sendJsonRows(res, { day: '2026-03-10' }, rows));
    const { text, madeWhilePaused, res } = await readSlowly(url, made);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(madeWhilePaused).toBeLessThan(ROWS / 2);
    const body = JSON.parse(text) as { day: string; rows: { caller: string | null }[] };
    expect(body.day).toBe('2026-03-10');
    expect(body.rows).toHaveLength(ROWS);
    expect(body.rows[3]).toEqual({ queue: 't/8001', caller: null, waitSeconds: 0.75, note: PAD });
  }, 30_000);

  it('CSV: the same, with a header row; null is an empty cell', async () => {
    const { url, made } = await serve((res, r) =>
      sendCsvRows(res, r, ['queue', 'caller', 'waitSeconds', 'note'], 'calls-2026-03-10.csv'),
    );
    const { text, madeWhilePaused } = await readSlowly(url, made);
    expect(madeWhilePaused).toBeLessThan(ROWS / 2);
    const records = parse(text, { columns: true }) as Record<string, string>[];
    expect(records).toHaveLength(ROWS);
    expect(records[3]).toEqual({ queue: 't/8001', caller: '', waitSeconds: '0.75', note: PAD });
    expect(records[4]).toEqual({ queue: 't/8001', caller: '074', waitSeconds: '1', note: PAD });
  }, 30_000);

  it('an empty head object still gives valid JSON', async () => {
    const { url } = await serve((res) => sendJsonRows(res, {}, []));
    expect(await (await fetch(url)).json()).toEqual({ rows: [] });
  });
});
