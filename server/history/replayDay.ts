import { type ClosedDay, rebuiltDayOf } from '../../lib/domain/closedDay';
import { reduce, reduceAll } from '../../lib/domain/reduce';
import { type DomainState, initialState, type Settings } from '../../lib/domain/state';
import { REPLAY_LOOKBACK_MS } from '../recorder';
import type { JournalDays } from '../storage/journalDays';

/**
 * A past day's figures rebuilt from the journal, through the same pure reducer as the live board:
 * the entries received from the day's start (minus the replay look-back, as a restart reads today)
 * until its end, stopping at the event that rolls the day (as the live board rolls there). Reads a
 * page at a time. On the main thread (replayDay, replayDayState) it yields to the event loop every few
 * hundred events, so the live board keeps its pace while a 500,000-event day is recounted; on the
 * day-close thread (replayDayAtOnce, server/history/closeThread.ts) there is nothing to yield to.
 */
const breathe = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Events reduced between two yields: a few milliseconds of work, so the live board's lag stays low. */
export const SLICE = 200;

/**
 * Where a replay starts instead of the day's start minus the look-back: a checkpoint's state of that
 * day and the journal row it holds everything up to (server/history/dayCheckpoint.ts).
 */
export interface ReplayFrom {
  readonly state: DomainState;
  readonly journalId: number;
}

/**
 * One slice of a day's replay: its events reduced, up to the one that rolls the day (where the live
 * board stopped counting), and whether that came. Shared with replayShared.ts.
 */
export function withinDay(
  state: DomainState,
  part: Parameters<typeof reduceAll>[1],
): { state: DomainState; rolled: boolean } {
  const day = state.day.day;
  const next = reduceAll(state, part);
  if (next.day.day === day) return { state: next, rolled: false };
  // The day rolled inside this slice: the live board stopped counting at that event.
  let s = state;
  for (const event of part) {
    const after = reduce(s, event);
    if (after.day.day !== day) break;
    s = after;
  }
  return { state: s, rolled: true };
}

/** The replay, pausing (yield) after each slice of at most `slice` events; returns the last moment's state. */
function* replaying(
  journal: JournalDays,
  settings: Settings,
  dayStart: number,
  slice: number,
  from: ReplayFrom | null = null,
): Generator<void, DomainState> {
  let state: DomainState = from?.state ?? initialState(settings, dayStart);
  const day = state.day;
  // From a checkpoint, only the rows after its position (in the same arrival window as a full replay).
  for (const page of journal.pages(day.start - REPLAY_LOOKBACK_MS, day.end, from?.journalId ?? 0)) {
    for (let i = 0; i < page.length; i += slice) {
      const part = slice >= page.length ? page : page.slice(i, i + slice);
      const next = withinDay(state, part);
      state = next.state;
      if (next.rolled) return state;
      yield;
    }
  }
  return state;
}

/** The reduced state of that day's last moment (its visits and calls too: the call list reads them). */
export async function replayDayState(
  journal: JournalDays,
  settings: Settings,
  dayStart: number,
): Promise<DomainState> {
  const run = replaying(journal, settings, dayStart, SLICE);
  for (let step = run.next(); ; step = run.next()) {
    if (step.done) return step.value;
    await breathe();
  }
}

/** Rebuild the day that starts at `dayStart` under `settings`; its figures at its last moment. */
export async function replayDay(
  journal: JournalDays,
  settings: Settings,
  dayStart: number,
): Promise<ClosedDay> {
  return rebuiltDayOf(await replayDayState(journal, settings, dayStart));
}

/**
 * The same replay without yielding (a page of the journal per reduction): for a thread of its own.
 * With `from`, the journal's tail after a checkpoint of that day instead of the whole day.
 */
export function replayDayAtOnce(
  journal: JournalDays,
  settings: Settings,
  dayStart: number,
  from: ReplayFrom | null = null,
): ClosedDay {
  return rebuiltDayOf(replayDayStateAtOnce(journal, settings, dayStart, from));
}

/** The state of that day's last moment, replayed without yielding (the live close's quarters). */
export function replayDayStateAtOnce(
  journal: JournalDays,
  settings: Settings,
  dayStart: number,
  from: ReplayFrom | null = null,
): DomainState {
  const run = replaying(journal, settings, dayStart, Number.POSITIVE_INFINITY, from);
  for (let step = run.next(); ; step = run.next()) if (step.done) return step.value;
}
