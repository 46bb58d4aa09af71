import {
  Map as IMap,
  Set as ISet,
  isList,
  isMap,
  isOrderedMap,
  isOrderedSet,
  isSet,
  List,
  OrderedMap,
  OrderedSet,
} from 'immutable';
import type { DomainState, Settings } from './state';

/**
 * The reduced state as plain data (and back), for a restart checkpoint (server/checkpoints.ts): a
 * structured-clone codec (v8.serialize) keeps plain objects, arrays, numbers, strings, `undefined`,
 * native Map/Set and typed arrays, but not Immutable's collections. The conversion walks the whole
 * state, so it follows whatever shape the state has: an Immutable collection anywhere (at any depth,
 * inside another) becomes a tagged entry list and comes back as the same kind of collection. Nobody
 * changing the state's fields needs to touch this file; they bump STATE_SCHEMA_VERSION instead.
 *
 * What the walk refuses (throws): class instances other than Immutable's and the natives above, and
 * functions. Their prototype would be lost on the way through the codec; failing loudly in the
 * checkpoint tests is better than a restored state that is subtly not the one saved.
 */

/**
 * The version of DomainState's shape. **Whoever changes the shape of the state (a field added,
 * removed, renamed or re-typed anywhere in DomainState, QueueState, CallState, Visit, …) bumps this
 * number**: a checkpoint saved under another version is ignored on start, and the day is replayed
 * from the journal instead. A forgotten bump means a restart may load a state of the old shape;
 * checkpoint.shape.test.ts fingerprints the shape to catch that (update its fingerprint with the bump).
 */
export const STATE_SCHEMA_VERSION = 3;

/** The tag field of an encoded Immutable collection; no state field or vendor id holds a NUL. */
const TAG = '\u0000immutable';

type Kind = 'Map' | 'OrderedMap' | 'List' | 'Set' | 'OrderedSet';

interface Tagged {
  readonly [TAG]: Kind;
  /** Maps: key, value, key, value, … (flat: one array, not one per entry); lists and sets: values. */
  readonly e: unknown[];
}

/** The state as plain data for a structured-clone codec. Shares every subtree that holds no collection. */
export function stateToPlain(state: DomainState): unknown {
  return toPlain(state);
}

/** The state back from `stateToPlain`'s output (after the codec's round trip). */
export function stateFromPlain(plain: unknown): DomainState {
  return fromPlain(plain) as DomainState;
}

/**
 * One piece of the state for an encoder that works a slice at a time (server/checkpoints.ts keeps
 * the event loop free between slices). First the head: the whole state as plain data, except that
 * each top-level Immutable Map bigger than a slice stands as a marker; then those maps' entries, a
 * slice at a time, in field order. The state is persistent, so slicing it across many turns of the
 * event loop still reads one moment's state.
 */
export type StatePart =
  | { readonly field: null; readonly value: unknown }
  | {
      readonly field: string;
      readonly value: unknown[];
      /** No entry of this slice held a collection: decoding need not walk its values. */
      readonly flat?: true;
    };

const SLICED = '\u0000sliced';

export function* stateParts(
  state: DomainState,
  /** Entries per slice, asked before each slice (an encoder may size slices to a time budget). */
  sliceEntries: number | (() => number) = 2000,
): Generator<StatePart> {
  const size = typeof sliceEntries === 'number' ? () => sliceEntries : sliceEntries;
  const big: [string, IMap<unknown, unknown>][] = [];
  const head: Record<string, unknown> = { ...state };
  // Every top-level map goes in slices, whatever its count: 50 queues weigh more than 5,000 visits.
  for (const [field, v] of Object.entries(state)) {
    if (isMap(v)) {
      big.push([field, v as IMap<unknown, unknown>]);
      head[field] = { [SLICED]: isOrderedMap(v) ? 'OrderedMap' : 'Map' };
    }
  }
  yield { field: null, value: toPlain(head) };
  for (const [field, map] of big) {
    let e: unknown[] = [];
    let flat = true;
    let limit = Math.max(1, size()) * 2;
    const slice = (): StatePart => ({ field, value: e, ...(flat ? { flat: true as const } : {}) });
    for (const [k, v] of map) {
      const pk = toPlain(k);
      const pv = toPlain(v);
      if (pk !== k || pv !== v) flat = false;
      e.push(pk, pv);
      if (e.length >= limit) {
        yield slice();
        e = [];
        flat = true;
        limit = Math.max(1, size()) * 2;
      }
    }
    if (e.length > 0) yield slice();
  }
}

/** The state back from `stateParts`'s pieces (after the codec's round trip), in the same order. */
export function stateFromParts(parts: Iterable<StatePart>): DomainState {
  let head: Record<string, unknown> | null = null;
  const filling = new Map<string, IMap<unknown, unknown>>();
  for (const part of parts) {
    if (part.field === null) {
      head = fromPlain(part.value) as Record<string, unknown>;
      for (const [field, v] of Object.entries(head)) {
        const kind = (v as Record<string, unknown> | null)?.[SLICED];
        if (kind !== undefined)
          filling.set(field, (kind === 'OrderedMap' ? OrderedMap() : IMap()).asMutable());
      }
      continue;
    }
    const map = filling.get(part.field);
    if (!head || !map) throw new TypeError(`checkpoint: a slice of ${part.field} without its head`);
    const e = part.value;
    if (part.flat) for (let i = 0; i < e.length; i += 2) map.set(e[i], e[i + 1]);
    else for (let i = 0; i < e.length; i += 2) map.set(fromPlain(e[i]), fromPlain(e[i + 1]));
  }
  if (!head) throw new TypeError('checkpoint: no head');
  for (const [field, map] of filling) head[field] = map.asImmutable();
  return head as unknown as DomainState;
}

function toPlain(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) {
    if (typeof v === 'function' || typeof v === 'symbol')
      throw new TypeError(`checkpoint: cannot encode a ${typeof v}`);
    return v;
  }
  if (Array.isArray(v)) {
    let out: unknown[] | null = null;
    for (let i = 0; i < v.length; i++) {
      const item = v[i];
      const plain = toPlain(item);
      if (plain !== item) {
        out ??= v.slice(0, i);
      }
      if (out) out[i] = plain;
    }
    return out ?? v;
  }
  const proto = Object.getPrototypeOf(v);
  if (proto === Object.prototype || proto === null) {
    let out: Record<string, unknown> | null = null;
    const o = v as Record<string, unknown>;
    for (const k in o) {
      const item = o[k];
      const plain = toPlain(item);
      if (plain !== item) out ??= { ...o };
      if (out) out[k] = plain;
    }
    return out ?? v;
  }
  if (isMap(v)) {
    const e: unknown[] = [];
    for (const [k, item] of v as IMap<unknown, unknown>) e.push(toPlain(k), toPlain(item));
    return { [TAG]: isOrderedMap(v) ? 'OrderedMap' : 'Map', e } satisfies Tagged;
  }
  if (isList(v) || isSet(v)) {
    const e: unknown[] = [];
    for (const item of v as Iterable<unknown>) e.push(toPlain(item));
    const kind: Kind = isList(v) ? 'List' : isOrderedSet(v) ? 'OrderedSet' : 'Set';
    return { [TAG]: kind, e } satisfies Tagged;
  }
  if (v instanceof Map) return new Map([...v].map(([k, item]) => [toPlain(k), toPlain(item)]));
  if (v instanceof Set) return new Set([...v].map(toPlain));
  if (ArrayBuffer.isView(v)) return v;
  throw new TypeError(`checkpoint: cannot encode an instance of ${proto?.constructor?.name ?? 'unknown'}`);
}

function fromPlain(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = fromPlain(v[i]);
    return v;
  }
  if (v instanceof Map) return new Map([...v].map(([k, item]) => [fromPlain(k), fromPlain(item)]));
  if (v instanceof Set) return new Set([...v].map(fromPlain));
  if (ArrayBuffer.isView(v)) return v;
  const o = v as Record<string, unknown>;
  const kind = o[TAG] as Kind | undefined;
  if (kind !== undefined) return collection(kind, o.e as unknown[]);
  // The codec's output is ours alone: decode in place rather than copy every object of the day.
  for (const k in o) o[k] = fromPlain(o[k]);
  return o;
}

function collection(kind: Kind, e: unknown[]): unknown {
  switch (kind) {
    case 'Map':
    case 'OrderedMap': {
      const empty = kind === 'Map' ? IMap<unknown, unknown>() : OrderedMap<unknown, unknown>();
      // Re-inserted in the saved iteration order, so small maps iterate as before.
      return empty.withMutations((m) => {
        for (let i = 0; i < e.length; i += 2) m.set(fromPlain(e[i]), fromPlain(e[i + 1]));
      });
    }
    case 'List':
      return List(e.map(fromPlain));
    case 'Set':
      return ISet(e.map(fromPlain));
    case 'OrderedSet':
      return OrderedSet(e.map(fromPlain));
    default:
      throw new TypeError(`checkpoint: unknown collection ${String(kind)}`);
  }
}

/**
 * The settings that change what reduction makes of the same events, as one canonical string (keys
 * sorted at every depth): a checkpoint reduced under other settings (timezone, day start, thresholds,
 * per-queue overrides) is not today's state under these, so it is not used.
 */
export function reductionSettingsKey(settings: Settings): string {
  return JSON.stringify(canonical(settings));
}

function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v !== 'object' || v === null) return v;
  const o = v as Record<string, unknown>;
  return Object.fromEntries(
    Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => [k, canonical(o[k])]),
  );
}
