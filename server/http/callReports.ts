import type { IncomingMessage, ServerResponse } from 'node:http';
import { boardSchema } from '../../lib/board/model';
import { CALL_COLUMNS, callRows } from '../history/callList';
import { type DayStates, DayUnavailable } from '../history/dayStates';
import type { BoardStore } from '../storage/types';
import type { Guard } from './guard';
import { formatError, queueFilter, sendCsvRows, sendJsonRows, wantsCsv } from './reportStreams';
import { json } from './respond';
import { queryOf, type Route } from './router';

/**
 * `GET /api/v1/reports/calls?day[&queues|board][&format=csv]` (docs/api.md, "Reports"): one row per
 * queue visit of that day. Today from the live board; a closed day rebuilt from the journal while it
 * still holds it (404 with the reason after), one rebuild at a time (429 meanwhile). Callers are
 * masked as the boards say: the board asked for, or else any board that shows the queue.
 */
export function createCallReportsApi(o: {
  days: DayStates;
  boards: Pick<BoardStore, 'list' | 'get'>;
  guard: Pick<Guard, 'check' | 'boardScope'>;
}): Route[] {
  /** Whether callers of a queue are masked: by the board asked for, else by any board showing it. */
  async function masking(boardId: string | null): Promise<(queue: string) => boolean> {
    const boards = (boardId === null ? await o.boards.list() : [await o.boards.get(boardId)]).map((b) =>
      boardSchema.safeParse(b?.config),
    );
    // A board asked for that is gone or unreadable shows nothing; mask anyway rather than guess.
    if (boardId !== null && !boards[0]?.success) return () => true;
    return (queue) =>
      boards.some(
        (b) => b.success && b.data.maskCallers && (b.data.queues === 'all' || b.data.queues.includes(queue)),
      );
  }

  async function calls(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const q = queryOf(req);
    const day = q.get('day');
    if (!day) return json(res, 400, { error: 'day is required: YYYY-MM-DD' });
    const badFormat = formatError(q);
    if (badFormat) return json(res, 400, { error: badFormat });
    const filter = await queueFilter(q, o.guard);
    if (!filter.ok) return json(res, 400, { error: filter.error });
    let state: Awaited<ReturnType<DayStates['stateOf']>>;
    try {
      state = await o.days.stateOf(day);
    } catch (err) {
      if (!(err instanceof DayUnavailable)) throw err;
      return json(res, err.status, { error: err.message }, err.status === 429 ? { 'retry-after': '5' } : {});
    }
    const rows = callRows(state, { queues: filter.queues, masked: await masking(q.get('board')) });
    if (wantsCsv(req, q)) return sendCsvRows(res, rows, CALL_COLUMNS, `calls-${day}.csv`);
    return sendJsonRows(res, { day, timezone: state.settings.timezone }, rows);
  }

  return [
    {
      method: 'GET',
      path: '/api/v1/reports/calls',
      allow: (req) => o.guard.check(req, 'state:read'),
      handle: calls,
    },
  ];
}
