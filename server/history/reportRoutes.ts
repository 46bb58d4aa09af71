import type { DomainState } from '../../lib/domain/state';
import { createAgentReportsApi } from '../http/agentReports';
import { createCallReportsApi } from '../http/callReports';
import type { Guard } from '../http/guard';
import type { ClosingDays } from '../http/historyClosing';
import { createReportsApi } from '../http/reports';
import type { Route } from '../http/router';
import type { Storage } from '../storage';
import { createDayStates } from './dayStates';

/**
 * The reports' routes (docs/api.md, "Reports"): queues and agents per period from history with today
 * live, a day's calls (today live, a closed day rebuilt from the journal), and the recount.
 */
export function reportRoutes(o: {
  readonly storage: Pick<Storage, 'asyncHistory' | 'asyncJournalDays' | 'boards'>;
  readonly state: () => DomainState;
  readonly guard: Pick<Guard, 'check' | 'boardScope'>;
  readonly recount: (day: string) => Promise<{ day: string; queues: number }>;
  /** The journal's retention: a day older than this is no longer there to list its calls. */
  readonly journalDays: number;
  readonly now: () => number;
  /** Days whose start-up close is still being written: the reports name them (http/historyClosing.ts). */
  readonly closing?: ClosingDays;
}): Route[] {
  const { storage, state, guard, now } = o;
  return [
    ...createReportsApi({
      history: storage.asyncHistory,
      state,
      guard,
      recount: o.recount,
      closing: o.closing,
    }),
    ...createAgentReportsApi({ history: storage.asyncHistory, state, now, guard, closing: o.closing }),
    ...createCallReportsApi({
      days: createDayStates({
        journal: storage.asyncJournalDays,
        live: state,
        now,
        journalDays: o.journalDays,
      }),
      boards: storage.boards,
      guard,
    }),
  ];
}
