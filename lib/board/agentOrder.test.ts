import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AGENT_STATES } from '../domain/events';
import { type AgentFilter, type AgentOrder, type AgentSort, agentIds, orderAgents } from './agentOrder';
import type { AgentSummary } from './agents';

/** An agent board's order kept up to date patch by patch equals the order sorted afresh. */
const summaryArb = (id: string) =>
  fc
    .record({
      name: fc.option(fc.constantFrom('Ann', 'ann', 'Bo', 'Agent 9', 'Agent 10'), { nil: null }),
      memberships: fc.array(
        fc.record({
          queue: fc.constantFrom('t/1', 't/2', 't/3'),
          state: fc.constantFrom(...AGENT_STATES),
          since: fc.integer({ min: 0, max: 5 }),
          caller: fc.constant(null),
        }),
        { minLength: 1, maxLength: 2 },
      ),
    })
    .map(
      ({ name, memberships }): AgentSummary => ({
        id,
        extension: id.split('/')[1] ?? id,
        name,
        queues: memberships.sort((a, b) => (a.queue < b.queue ? -1 : 1)),
      }),
    );
const IDS = Array.from({ length: 12 }, (_, i) => `t/${100 + i}`);
const boardArb = fc
  .tuple(...IDS.map((id) => fc.option(summaryArb(id), { nil: null })))
  .map((xs) => Object.fromEntries(xs.flatMap((a) => (a ? [[a.id, a] as const] : []))));

describe('orderAgents', () => {
  for (const sort of ['state', 'timeInState', 'name', 'extension'] as AgentSort[]) {
    it(`equals a fresh sort after every patch (${sort})`, () => {
      const filter: AgentFilter = { boardQueues: new Set(['t/1', 't/2']), queue: null, states: null };
      fc.assert(
        fc.property(
          fc.array(fc.tuple(boardArb, fc.array(fc.boolean(), { minLength: 12, maxLength: 12 })), {
            minLength: 1,
            maxLength: 8,
          }),
          (steps) => {
            let order: AgentOrder | null = null;
            let agents: Record<string, AgentSummary> = {};
            for (const [candidate, keep] of steps) {
              // Agents a patch did not touch keep their objects, as the store does.
              const next: Record<string, AgentSummary> = {};
              IDS.forEach((id, i) => {
                const a = keep[i] && agents[id] ? agents[id] : candidate[id];
                if (a) next[id] = a;
              });
              agents = next;
              const ids = Object.keys(agents).sort();
              order = orderAgents(order, agents, ids, filter, sort);
              expect(order.ids).toEqual(
                agentIds(
                  ids.map((id) => agents[id] as AgentSummary),
                  filter,
                  sort,
                ),
              );
            }
          },
        ),
        { numRuns: 500, seed: 11 },
      );
    });
  }
});
