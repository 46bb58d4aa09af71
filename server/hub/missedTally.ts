import { agentQueueKeyOf } from '../../lib/domain/agentDay';
import {
  type CallMissed,
  callMissedOf,
  changedMissedKeys,
  type MissedOffers,
} from '../../lib/domain/agentMissed';
import type { DomainState } from '../../lib/domain/state';
import { forEachChange } from './mapDiff';

/**
 * Today's missed offers per agent × queue for the live board, kept per call and recounted only for
 * the calls (and the calls of the visits) a publication changed. Why: the full walk
 * (`missedOffersOf`) costs 200–450 ms on a 500,000-event day whose calls all have legs
 * (docs/benchmarks.md, agentClose): too much for every publication. The result equals the full walk
 * (lib/domain/agentMissed.ts); a new day or a queue created or deleted (a leg to a queue's number is
 * no offer) recounts everything.
 */
export interface MissedTally {
  /**
   * Brings the tally to `state`; returns the counts and the agent × queue keys whose figure may
   * have changed (agents of a queue whose missed became known or unknown included).
   */
  update(state: DomainState): { offers: MissedOffers; changed: ReadonlySet<string> };
}

export function createMissedTally(): MissedTally {
  let last: DomainState | null = null;
  const parts = new Map<string, CallMissed>();
  /** Visit key → the call key that read it. */
  const readers = new Map<string, string>();
  /** Per queue, how many calls make it known. */
  const knownBy = new Map<string, number>();
  const known = new Set<string>();
  const counts = new Map<string, number>();
  const offers: MissedOffers = { known, counts };

  const apply = (part: CallMissed, sign: 1 | -1, changed: Set<string>, flipped: Set<string>) => {
    for (const key of part.missed) {
      const n = (counts.get(key) ?? 0) + sign;
      if (n === 0) counts.delete(key);
      else counts.set(key, n);
      changed.add(key);
    }
    for (const queueKey of part.known) {
      const n = (knownBy.get(queueKey) ?? 0) + sign;
      if (n === 0) {
        knownBy.delete(queueKey);
        known.delete(queueKey);
        flipped.add(queueKey);
      } else {
        knownBy.set(queueKey, n);
        if (!known.has(queueKey)) flipped.add(queueKey);
        known.add(queueKey);
      }
    }
  };

  const recount = (state: DomainState, callKey: string, changed: Set<string>, flipped: Set<string>) => {
    const old = parts.get(callKey);
    if (old) {
      apply(old, -1, changed, flipped);
      for (const v of old.visitKeys) if (readers.get(v) === callKey) readers.delete(v);
      parts.delete(callKey);
    }
    const call = state.calls.get(callKey);
    const part = call && callMissedOf(state, call);
    if (!part) return;
    parts.set(callKey, part);
    for (const v of part.visitKeys) readers.set(v, callKey);
    apply(part, 1, changed, flipped);
  };

  const agentsOf = (state: DomainState) => (queueKey: string) =>
    state.queues.get(queueKey)?.agents?.keys() ?? [];

  return {
    update(state) {
      const prev = last;
      last = state;
      if (prev === state) return { offers, changed: new Set() };
      const changed = new Set<string>();
      const flipped = new Set<string>();
      if (!prev || prev.day.start !== state.day.start || prev.queues.size !== state.queues.size) {
        const before: MissedOffers = { known: new Set(known), counts: new Map(counts) };
        parts.clear();
        readers.clear();
        knownBy.clear();
        known.clear();
        counts.clear();
        for (const key of state.calls.keys()) recount(state, key, changed, flipped);
        return { offers, changed: changedMissedKeys(before, offers, agentsOf(state)) };
      }
      const calls = new Set<string>();
      if (prev.calls !== state.calls) forEachChange(prev.calls, state.calls, (key) => calls.add(key));
      if (prev.visits !== state.visits)
        forEachChange(prev.visits, state.visits, (visitKey) => {
          const reader = readers.get(visitKey);
          if (reader !== undefined) calls.add(reader);
        });
      for (const key of calls) recount(state, key, changed, flipped);
      for (const queueKey of flipped)
        for (const extension of agentsOf(state)(queueKey)) changed.add(agentQueueKeyOf(queueKey, extension));
      return { offers, changed };
    },
  };
}
