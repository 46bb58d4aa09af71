import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { stringify } from 'csv-stringify';
import type { DomainState } from '../../lib/domain/state';
import { INTERVAL_MAX_DAYS } from '../../lib/reports/intervals';
import { queueKeySchema } from '../../lib/settings/general';
import { RecountRefused } from '../history/dayClose';
import { INTERVALS, type Interval } from '../history/periods';
import { dayRange, type QueueReportRow, queueReport } from '../history/report';
import type { AsyncHistoryStore } from '../storage/asyncHistory';
import { FIGURE_COLUMNS } from '../storage/history';
import type { Guard } from './guard';
import { CLOSING_HEADER, type ClosingDays, closingWithin } from './historyClosing';
import { json, readJsonBody } from './respond';
import { queryOf, type Route } from './router';

/**
 * Reports over history (docs/api.md, "Reports"):
 * - `GET /api/v1/reports/queues?from&to&interval&queues|board[&format=csv]`: per period and queue,
 *   today included live. Whoever may read the boards' state may read it (people, the API token);
 *   displays never. Bounded: a range longer than its interval allows, or too many queues, is a 400
 *   naming the limit. `Accept: text/csv` or `format=csv`: the same rows as a streamed CSV.
 * - `POST /api/v1/history/recount {day}`: admins and the API token rebuild a closed day still in the
 *   journal, replacing its history in one transaction.
 */

/**
 * Longest range (days) per interval: each allowed report answers in ≤ 200 ms p95 (npm run bench:reports).
 * One table, shared with the page, which disables what the API would refuse (lib/reports/intervals.ts).
 */
export const MAX_DAYS: Readonly<Record<Interval, number>> = INTERVAL_MAX_DAYS;
export const MAX_QUEUES = 50;

export function createReportsApi(o: {
  history: Pick<AsyncHistoryStore, 'quarters' | 'days' | 'hours'>;
  state: () => DomainState;
  guard: Pick<Guard, 'check' | 'boardScope'>;
  recount: (day: string) => Promise<{ day: string; queues: number }>;
  /** Days whose close is still being written (historyClosing.ts). */
  closing?: ClosingDays;
}): Route[] {
  async function queues(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const q = queryOf(req);
    const from = q.get('from');
    const to = q.get('to');
    if (!from || !to)
      return json(res, 400, { error: 'from and to are required: days YYYY-MM-DD, inclusive' });
    const interval = (q.get('interval') ?? 'day') as Interval;
    if (!INTERVALS.includes(interval))
      return json(res, 400, { error: `interval: expected one of ${INTERVALS.join(', ')}` });
    const state = o.state();
    const range = dayRange(from, to, state.settings);
    if (!range.ok) return json(res, 400, { error: range.error });
    if (range.days > MAX_DAYS[interval])
      return json(res, 400, {
        error: `a ${interval} report spans at most ${MAX_DAYS[interval]} days; this one spans ${range.days}`,
      });

    let wanted: readonly string[] | 'all' = 'all';
    const named = q.get('queues');
    const board = q.get('board');
    if (named !== null && board !== null) return json(res, 400, { error: 'give queues or board, not both' });
    if (named !== null) {
      const list = [...new Set(named.split(',').filter((s) => s !== ''))];
      if (list.length > MAX_QUEUES)
        return json(res, 400, { error: `at most ${MAX_QUEUES} queues per report` });
      const bad = list.find((k) => !queueKeySchema.safeParse(k).success);
      if (bad !== undefined) return json(res, 400, { error: `queues: "${bad}" is not <scope>/<queue>` });
      wanted = list;
    } else if (board !== null) {
      wanted = await o.guard.boardScope(board);
    }

    const closing = await closingWithin(o.closing, range.from.day, range.to.day);
    const rows = await queueReport(o.history, state, {
      from: range.from,
      to: range.to,
      interval,
      queues: wanted,
    });
    const seen = new Set(rows.map((r) => r.queue));
    if (seen.size > MAX_QUEUES)
      return json(res, 400, {
        error: `this range holds ${seen.size} queues; a report shows at most ${MAX_QUEUES}: name them with queues=`,
      });
    if (closing.length > 0) res.setHeader(CLOSING_HEADER, closing.join(','));
    const csv = q.get('format') === 'csv' || (q.get('format') === null && accepts(req, 'text/csv'));
    if (csv) return sendCsv(res, rows, `queues-${from}-${to}-${interval}.csv`);
    return json(res, 200, {
      from,
      to,
      interval,
      timezone: state.settings.timezone,
      closing,
      rows: rows.map(flat),
    });
  }

  async function recount(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const body = await readJsonBody(req, 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const day = (body.value as { day?: unknown } | null)?.day;
    if (typeof day !== 'string') return json(res, 422, { error: 'day: expected "YYYY-MM-DD"' });
    try {
      return json(res, 200, await o.recount(day));
    } catch (err) {
      if (err instanceof RecountRefused) return json(res, err.status, { error: err.message });
      throw err;
    }
  }

  return [
    {
      method: 'GET',
      path: '/api/v1/reports/queues',
      allow: (req) => o.guard.check(req, 'state:read'),
      handle: queues,
    },
    {
      method: 'POST',
      path: '/api/v1/history/recount',
      allow: (req) => o.guard.check(req, 'settings:write'),
      handle: recount,
    },
  ];
}

function accepts(req: IncomingMessage, type: string): boolean {
  return (req.headers.accept ?? '').split(',').some((part) => part.split(';')[0]?.trim() === type);
}

/** One row as the API writes it: period, queue, the raw counters, then the ratios. */
function flat(r: QueueReportRow) {
  return {
    period: r.period,
    start: r.start,
    queue: r.queue,
    ...r.figures,
    serviceLevel: r.serviceLevel,
    abandonRate: r.abandonRate,
    asaSeconds: r.asaSeconds,
    ahtSeconds: r.ahtSeconds,
  };
}

/** The CSV's columns, in order; its header row names them. */
export const CSV_COLUMNS = [
  'period',
  'queue',
  ...FIGURE_COLUMNS.map(([key]) => key),
  'serviceLevel',
  'abandonRate',
  'asaSeconds',
  'ahtSeconds',
] as const;

/** Rows as CSV through csv-stringify, written as the socket takes them (pipeline keeps the pace). */
async function sendCsv(
  res: ServerResponse,
  rows: readonly QueueReportRow[],
  filename: string,
): Promise<void> {
  res.writeHead(200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${filename}"`,
    'cache-control': 'no-store',
  });
  const records = Readable.from(rows.map(flat), { objectMode: true });
  const csv = stringify({ header: true, columns: [...CSV_COLUMNS] });
  try {
    await pipeline(records, csv, res);
  } catch {
    // The client went away mid-download: nothing to answer, nothing to keep.
    res.destroy();
  }
}
