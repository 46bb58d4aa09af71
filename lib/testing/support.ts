import { readdirSync, readFileSync } from 'node:fs';
import type { DomainEvent } from '../domain/events';
import { reduceAll } from '../domain/reduce';
import { type DomainState, initialState, type Settings } from '../domain/state';
import { type QueueView, queueView } from '../domain/view';
import type { Normalized } from '../sources/types';

/** Test support only: never imported by product code. */

export const TEST_SETTINGS: Settings = {
  timezone: 'Europe/London',
  defaults: { slaSeconds: 20, shortAbandonSeconds: 5 },
};

export function fixtureText(relativePath: string): string {
  return readFileSync(new URL(`../../fixtures/${relativePath}`, import.meta.url), 'utf8');
}

/** The events of a result that must be accepted; fails the test with the reason otherwise. */
export function eventsOf(result: Normalized): readonly DomainEvent[] {
  if (!result.ok) throw new Error(`expected the payload to be accepted, got: ${result.error}`);
  return result.events;
}

export function stateFrom(
  events: readonly DomainEvent[],
  now: number,
  settings = TEST_SETTINGS,
): DomainState {
  return reduceAll(initialState(settings, now), events);
}

export function queueOf(state: DomainState, key: string, now: number): QueueView {
  const q = state.queues.get(key);
  if (!q) throw new Error(`no queue ${key}; have ${[...state.queues.keys()].join(', ')}`);
  return queueView(state, q, now);
}

/** A recorded flow: the fixture files of one folder, each delivered at base + offset seconds. */
export function flowFiles(folder: string): string[] {
  const dir = new URL(`../../fixtures/${folder}/`, import.meta.url);
  return readdirSync(dir)
    .filter((f) => !f.endsWith('.md'))
    .sort()
    .map((f) => `${folder}/${f}`);
}
