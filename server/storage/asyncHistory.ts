import type { AgentQuarter } from '../../lib/domain/agentQuarters';
import type { ClosedDay } from '../../lib/domain/closedDay';
import type { AgentHistoryRow } from './agentHistory';
import type { HistoryRow, HistoryStore, HowClosed } from './history';

/**
 * History as both backends serve it (docs/decisions.md, "History on PostgreSQL"): HistoryStore's
 * contract (./history.ts) with every call a promise, so PostgreSQL (./postgres/history.ts) can keep
 * it. The reports read this, and with DATABASE_URL the cluster's one closer writes it
 * (server/history/sharedClose.ts). The own path's closer and its day-close thread keep the SQLite
 * file's synchronous HistoryStore: they run beside the file, not over a network.
 * One contract suite pins both (./contracts/historyContract.ts).
 */
export interface AsyncHistoryStore {
  /** Replace `closed.day`'s history with these rows, in one transaction. */
  writeDay(closed: ClosedDay, how: HowClosed, at: number): Promise<void>;
  isClosed(day: string): Promise<boolean>;
  closedDays(from: number, to: number): Promise<string[]>;
  quarters(from: number, to: number, queues?: readonly string[]): Promise<HistoryRow[]>;
  hours(from: number, to: number, phase: number, queues?: readonly string[]): Promise<HistoryRow[]>;
  days(from: number, to: number, queues?: readonly string[]): Promise<HistoryRow[]>;
  agentDays(from: number, to: number): Promise<AgentHistoryRow[]>;
  agentDayCount(from: number, to: number): Promise<number>;
  agentQuarters(from: number, to: number): Promise<AgentQuarter[]>;
  agentQuarterCount(from: number, to: number): Promise<number>;
  prune(before: number): Promise<PrunedHistory>;
}

/** Rows deleted per table by a prune (agents: agent days, agent × queue days and quarters together). */
export interface PrunedHistory {
  readonly quarters: number;
  readonly days: number;
  readonly closed: number;
  readonly agents: number;
}

/** The SQLite file's history behind promises: each call runs at once, its throw a rejection. */
export function asyncHistoryOf(h: HistoryStore): AsyncHistoryStore {
  const now =
    <A extends unknown[], R>(f: (...a: A) => R) =>
    (...a: A): Promise<R> => {
      try {
        return Promise.resolve(f(...a));
      } catch (err) {
        return Promise.reject(err);
      }
    };
  return {
    writeDay: now(h.writeDay),
    isClosed: now(h.isClosed),
    closedDays: now(h.closedDays),
    quarters: now(h.quarters),
    hours: now(h.hours),
    days: now(h.days),
    agentDays: now(h.agentDays),
    agentDayCount: now(h.agentDayCount),
    agentQuarters: now(h.agentQuarters),
    agentQuarterCount: now(h.agentQuarterCount),
    prune: now(h.prune),
  };
}
