import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGENT_STATES } from '../domain/events';
import { ZERO } from '../domain/figures';
import { type QueueView, todayOf } from '../domain/view';
import { summarizeAgents, updateAgentSummaries } from './agents';

/** The store's per-patch update of agent summaries equals summarising every queue again. */
const QUEUE_IDS = ['a/1', 'a/2', 'a/3', 'b/1', 'b/2'];
const agentArb = fc.record({
  extension: fc.constantFrom('100', '101', '102', '103'),
  name: fc.option(fc.constantFrom('Ann', 'Bo', 'Cy'), { nil: null }),
  state: fc.constantFrom(...AGENT_STATES),
  since: fc.integer({ min: 0, max: 1000 }),
  caller: fc.option(fc.constantFrom('0700', '0800'), { nil: null }),
});
const queueArb = (id: string) =>
  fc.option(
    fc.uniqueArray(agentArb, { selector: (a) => a.extension, maxLength: 4 }).map(
      (agents): QueueView => ({
        id,
        name: id,
        number: null,
        queueId: null,
        waiting: [],
        agents,
        today: todayOf(ZERO, { longestWaitSeconds: 0, slaBreaches: 0 }),
      }),
    ),
    { nil: null },
  );
const stateArb = fc
  .tuple(...QUEUE_IDS.map(queueArb))
  .map((qs) => qs.filter((q): q is QueueView => q !== null));

describe('updateAgentSummaries', () => {
  it('equals a full summary and keeps the objects of agents in unchanged queues', () => {
    fc.assert(
      fc.property(
        stateArb,
        stateArb,
        fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
        (before, candidate, keep) => {
          // Unchanged queues keep their identity, as applyPatch does.
          const byId = new Map(before.map((q) => [q.id, q]));
          const after = candidate.map((q) => {
            const old = byId.get(q.id);
            return old && keep[QUEUE_IDS.indexOf(q.id)] ? old : q;
          });
          const changed = new Set<string>();
          for (const id of QUEUE_IDS) if (byId.get(id) !== after.find((q) => q.id === id)) changed.add(id);
          const prev = Object.fromEntries(summarizeAgents(before));
          const next = updateAgentSummaries(prev, Object.fromEntries(byId), after, changed);
          expect(next).toEqual(Object.fromEntries(summarizeAgents(after)));
          for (const [id, summary] of Object.entries(next)) {
            const touched =
              summary.queues.some((m) => changed.has(m.queue)) ||
              prev[id]?.queues.some((m) => changed.has(m.queue));
            if (!touched) expect(summary).toBe(prev[id]);
          }
        },
      ),
      { numRuns: 1000, seed: 5 },
    );
  });
});
