import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { type Map as IMap, isMap } from 'immutable';
import { describe, expect, it } from 'vitest';
import { callStream, DAY_START, disorderly, KNOWN_QUEUES } from '../testing/callStreams';
import { TEST_SETTINGS } from '../testing/support';
import { wsiCallStream } from '../testing/wsiCalls';
import { STATE_SCHEMA_VERSION } from './checkpoint';
import type { DomainEvent } from './events';
import { reduceAll } from './reduce';
import { initialState } from './state';

/**
 * A reminder with teeth: the state's shape (every field path and the kinds of value found there, on
 * seeded days of every source) is fingerprinted beside STATE_SCHEMA_VERSION. Change the shape and
 * this fails: bump STATE_SCHEMA_VERSION (lib/domain/checkpoint.ts), so that restarts skip checkpoints
 * of the old shape, and record the new fingerprint here.
 */
function shapeOf(v: unknown, path: string, out: Set<string>): void {
  if (isMap(v)) {
    out.add(`${path}:Map`);
    for (const item of (v as IMap<unknown, unknown>).values()) shapeOf(item, `${path}{}`, out);
  } else if (Array.isArray(v)) {
    out.add(`${path}:array`);
    for (const item of v) shapeOf(item, `${path}[]`, out);
  } else if (typeof v === 'object' && v !== null) {
    out.add(`${path}:object`);
    for (const [k, item] of Object.entries(v))
      shapeOf(item, `${path}.${/^[A-Za-z]\w*$/.test(k) ? k : '*'}`, out);
  } else out.add(`${path}:${v === null ? 'null' : typeof v}`);
}

describe('the state schema version', () => {
  it('is bumped whenever the state’s shape changes', () => {
    const days = fc.sample(
      fc.tuple(callStream, wsiCallStream).chain(([a, b]) => disorderly([...a, ...b])),
      { seed: 16, numRuns: 40 },
    );
    const shape = new Set<string>();
    for (const events of days) {
      const state = reduceAll(initialState(TEST_SETTINGS, DAY_START + 12 * 3600_000), [
        ...KNOWN_QUEUES,
        ...(events as DomainEvent[]),
      ]);
      shapeOf(state, '', shape);
    }
    const fingerprint = createHash('sha256')
      .update([...shape].sort().join('\n'))
      .digest('hex')
      .slice(0, 16);
    expect({ version: STATE_SCHEMA_VERSION, fingerprint }).toEqual({
      version: 3,
      fingerprint: 'bbd57e797c97fed8',
    });
  });
});
