import { maskCaller } from '../../lib/board/mask';
import { waitMsOf } from '../../lib/domain/figures';
import { callKeyOf } from '../../lib/domain/keys';
import type { DomainState } from '../../lib/domain/state';
import { inWindow } from '../../lib/domain/time';
import { anchorOf, type Visit } from '../../lib/domain/visit';
import { localIso } from './periods';

/**
 * The raw call list of one day (docs/api.md, "Reports"): one row per queue visit counted in that day's
 * figures, from a reduced state of the day (live for today, rebuilt from the journal for a closed
 * day). Rows are made one at a time as the response is written: a 100,000-visit day is never one
 * string or one array of rows.
 */
export interface CallRow {
  readonly queue: string;
  /** The caller's number as the call's facts gave it, masked where a board masks it; null = unknown. */
  readonly caller: string | null;
  /** When the caller entered the queue, local time with its UTC offset; null = unknown. */
  readonly enqueued: string | null;
  /** answered, abandoned, overflowed, callback, lostTrack, or waiting (today, still in the queue). */
  readonly outcome: Visit['outcome'];
  /** The answering agent's key (`<scope>/<extension>`), for answered visits. */
  readonly agent: string | null;
  readonly waitSeconds: number | null;
  readonly talkSeconds: number | null;
  readonly wrapSeconds: number | null;
}

export const CALL_COLUMNS = [
  'queue',
  'caller',
  'enqueued',
  'outcome',
  'agent',
  'waitSeconds',
  'talkSeconds',
  'wrapSeconds',
] as const satisfies readonly (keyof CallRow)[];

export interface CallListQuery {
  /** Queue keys, or every queue. */
  readonly queues: readonly string[] | 'all';
  /** Whether callers of this queue are shown masked. */
  readonly masked: (queue: string) => boolean;
}

/** The day's visits in time order (then queue, then call): only references are sorted, no rows built. */
export function dayVisits(state: DomainState, queues: readonly string[] | 'all'): Visit[] {
  const keep = queues === 'all' ? null : new Set(queues);
  const visits: Visit[] = [];
  for (const v of state.visits.values()) {
    const at = anchorOf(v);
    if (at === undefined || !inWindow(state.day, at) || (keep && !keep.has(v.queue))) continue;
    visits.push(v);
  }
  return visits.sort(
    (a, b) =>
      (anchorOf(a) as number) - (anchorOf(b) as number) ||
      (a.queue < b.queue ? -1 : a.queue > b.queue ? 1 : 0) ||
      (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0),
  );
}

/** One row per visit, made as it is asked for. */
export function* callRows(state: DomainState, q: CallListQuery): Generator<CallRow> {
  const tz = state.settings.timezone;
  const masks = new Map<string, boolean>();
  for (const v of dayVisits(state, q.queues)) {
    const queue = state.queues.get(v.queue);
    const scope = queue?.scope ?? v.queue.slice(0, v.queue.indexOf('/'));
    const number =
      state.calls.get(callKeyOf(scope, v.callId))?.parties.caller ??
      queue?.waiting?.get(v.callId)?.caller ??
      null;
    let masked = masks.get(v.queue);
    if (masked === undefined) {
      masked = q.masked(v.queue);
      masks.set(v.queue, masked);
    }
    const wait = waitMsOf(v);
    yield {
      queue: v.queue,
      caller: masked ? maskCaller(number) : number,
      enqueued: v.enqueuedAt !== undefined ? localIso(v.enqueuedAt, tz) : null,
      outcome: v.outcome,
      agent: v.outcome === 'answered' && v.agent !== undefined ? `${scope}/${v.agent}` : null,
      waitSeconds: wait !== undefined ? wait / 1000 : null,
      talkSeconds: v.talkSeconds ?? null,
      wrapSeconds: v.wrapSeconds ?? null,
    };
  }
}
