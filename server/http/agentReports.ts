import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DomainState } from '../../lib/domain/state';
import { agentPageAskOf, agentPageOf } from '../../lib/reports/agentPage';
import { AGENT_COLUMNS, AGENT_INTERVALS, type AgentInterval, agentReport } from '../history/agentReport';
import { dayRange } from '../history/report';
import type { AsyncHistoryStore } from '../storage/asyncHistory';
import type { Guard } from './guard';
import { CLOSING_HEADER, type ClosingDays, closingWithin } from './historyClosing';
import { formatError, queueFilter, sendCsvRows, sendJsonRows, wantsCsv } from './reportStreams';
import { MAX_DAYS } from './reports';
import { json } from './respond';
import { queryOf, type Route } from './router';

/**
 * `GET /api/v1/reports/agents?from&to[&interval=15m|hour|day|week][&queues|board][&agents][&sort&dir]
 * [&offset&limit][&format=csv]` (docs/api.md, "Reports"): per period and agent, closed days from
 * history and today live, sorted here and sent a page at a time (the whole report's count and
 * totals with it; the CSV writes every row, in the same order). The same
 * access as the queue report (people and the API token; displays never). Bounded: the queue
 * report's range limits, and at most MAX_AGENT_DAYS stored agent days (and, for 15m and hour,
 * MAX_AGENT_QUARTERS stored agent quarters) read per report.
 */

export const MAX_AGENTS = 500;
/** Stored agent days one report may read (e.g. 100 agents × 500 days). */
export const MAX_AGENT_DAYS = 50_000;
/** Stored agent × queue quarters one 15m/hour report may read (e.g. 7 days × 96 × 300 cells). */
export const MAX_AGENT_QUARTERS = 200_000;
const AGENT_KEY = /^[^/\s]+\/\S+$/;

export function createAgentReportsApi(o: {
  history: Pick<AsyncHistoryStore, 'agentDays' | 'agentDayCount' | 'agentQuarters' | 'agentQuarterCount'>;
  state: () => DomainState;
  now: () => number;
  guard: Pick<Guard, 'check' | 'boardScope'>;
  /** Days whose close is still being written (historyClosing.ts). */
  closing?: ClosingDays;
}): Route[] {
  async function agents(req: IncomingMessage, res: ServerResponse): Promise<unknown> {
    const q = queryOf(req);
    const from = q.get('from');
    const to = q.get('to');
    if (!from || !to)
      return json(res, 400, { error: 'from and to are required: days YYYY-MM-DD, inclusive' });
    const interval = (q.get('interval') ?? 'day') as AgentInterval;
    if (!AGENT_INTERVALS.includes(interval))
      return json(res, 400, {
        error: `interval: expected one of ${AGENT_INTERVALS.join(', ')}`,
      });
    const badFormat = formatError(q);
    if (badFormat) return json(res, 400, { error: badFormat });
    const ask = agentPageAskOf(q);
    if (!ask.ok) return json(res, 400, { error: ask.error });
    const state = o.state();
    const range = dayRange(from, to, state.settings);
    if (!range.ok) return json(res, 400, { error: range.error });
    if (range.days > MAX_DAYS[interval])
      return json(res, 400, {
        error: `a ${interval} report spans at most ${MAX_DAYS[interval]} days; this one spans ${range.days}`,
      });
    const filter = await queueFilter(q, o.guard);
    if (!filter.ok) return json(res, 400, { error: filter.error });
    let wanted: readonly string[] | 'all' = 'all';
    const named = q.get('agents');
    if (named !== null) {
      const list = [...new Set(named.split(',').filter((s) => s !== ''))];
      if (list.length > MAX_AGENTS)
        return json(res, 400, { error: `agents: at most ${MAX_AGENTS} per report` });
      const bad = list.find((k) => k.length > 200 || !AGENT_KEY.test(k));
      if (bad !== undefined) return json(res, 400, { error: `agents: "${bad}" is not <scope>/<extension>` });
      wanted = list;
    }
    const stored = await o.history.agentDayCount(range.from.start, range.to.end);
    if (stored > MAX_AGENT_DAYS)
      return json(res, 400, {
        error: `this range holds ${stored} agent days; a report reads at most ${MAX_AGENT_DAYS}: pick a shorter range`,
      });
    if (interval === '15m' || interval === 'hour') {
      const cells = await o.history.agentQuarterCount(range.from.start, range.to.end);
      if (cells > MAX_AGENT_QUARTERS)
        return json(res, 400, {
          error: `this range holds ${cells} agent quarters; a report reads at most ${MAX_AGENT_QUARTERS}: pick a shorter range`,
        });
    }

    const closing = await closingWithin(o.closing, range.from.day, range.to.day);
    const rows = await agentReport(o.history, state, o.now(), {
      from: range.from,
      to: range.to,
      interval,
      queues: filter.queues,
      // Every agent; the pick is applied to the rows (lib/reports/agentPage.ts): the picker lists all.
      agents: 'all',
    });
    const { head, page, sorted } = agentPageOf(rows, { ...ask.value, agents: wanted });
    if (closing.length > 0) res.setHeader(CLOSING_HEADER, closing.join(','));
    if (wantsCsv(req, q))
      return sendCsvRows(res, sorted, AGENT_COLUMNS, `agents-${from}-${to}-${interval}.csv`);
    return sendJsonRows(
      res,
      { from, to, interval, timezone: state.settings.timezone, closing, ...head },
      page,
    );
  }

  return [
    {
      method: 'GET',
      path: '/api/v1/reports/agents',
      allow: (req) => o.guard.check(req, 'state:read'),
      handle: agents,
    },
  ];
}
