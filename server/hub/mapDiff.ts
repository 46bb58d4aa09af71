import { Map as IMap } from 'immutable';

/**
 * The entries that differ between two versions of one persistent map, in time proportional to the
 * change rather than the map's size. Why: the hub publishes up to 20 times a second, and today's
 * calls grow all day (130,000 on a busy one); comparing every key of the map (`before.get(id)`,
 * hashing each key) made each publication O(calls today), the largest cost of the webhook path.
 *
 * How: Immutable.js maps are hash tries whose untouched subtrees are shared between versions, so
 * the walk descends both tries side by side and skips any subtree the two share by identity. A
 * subtree at one trie position holds exactly the keys whose hashes share that position's prefix, so
 * two differently shaped subtrees are compared by collecting their (few) entries.
 *
 * This reads Immutable's internal node layout (v5: `_root`; nodes with `entry`, `entries`,
 * `bitmap` + `nodes`, or `count` + `nodes`). A self-check at load compares the walk with a plain
 * scan on generated maps; if the layout ever differs, every diff falls back to the plain scan.
 */
export type Change<K, V> = (key: K, before: V | undefined, after: V | undefined) => void;

interface TrieNode {
  readonly entry?: [unknown, unknown];
  readonly entries?: [unknown, unknown][];
  readonly bitmap?: number;
  readonly count?: number;
  readonly nodes?: (TrieNode | undefined)[];
}

const BITS = 5;
const WIDTH = 1 << BITS;

const rootOf = (m: IMap<unknown, unknown>) => (m as unknown as { _root?: TrieNode })._root;

/** The child at slot `i` (0–31) of an inner node, or undefined. */
function child(node: TrieNode, i: number): TrieNode | undefined {
  if (node.bitmap !== undefined) {
    const bit = 1 << i;
    if ((node.bitmap & bit) === 0) return undefined;
    return node.nodes?.[popCount(node.bitmap & (bit - 1))];
  }
  return node.nodes?.[i];
}

function popCount(x: number): number {
  let v = x - ((x >> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >> 2) & 0x33333333);
  return (((v + (v >> 4)) & 0x0f0f0f0f) * 0x01010101) >> 24;
}

const isInner = (n: TrieNode) => n.nodes !== undefined && (n.bitmap !== undefined || n.count !== undefined);

function collect(node: TrieNode | undefined, into: Map<unknown, unknown>): void {
  if (!node) return;
  if (node.entry) into.set(node.entry[0], node.entry[1]);
  else if (node.entries) for (const [k, v] of node.entries) into.set(k, v);
  else if (node.nodes) for (const n of node.nodes) collect(n, into);
  else throw new Error('unknown Immutable.js trie node');
}

function walk(a: TrieNode | undefined, b: TrieNode | undefined, fn: Change<unknown, unknown>): void {
  if (a === b) return;
  if (a && b && isInner(a) && isInner(b)) {
    for (let i = 0; i < WIDTH; i++) walk(child(a, i), child(b, i), fn);
    return;
  }
  // Keys are strings or numbers here, for which a JS Map's equality is Immutable's.
  const olds = new Map<unknown, unknown>();
  const news = new Map<unknown, unknown>();
  collect(a, olds);
  collect(b, news);
  for (const [k, v] of news) {
    const old = olds.get(k);
    if (old !== v || !olds.has(k)) fn(k, old, v);
  }
  for (const [k, v] of olds) if (!news.has(k)) fn(k, v, undefined);
}

/** The plain scan: every key of both maps. The reference the walk is checked against. */
export function scanChanges<K, V>(before: IMap<K, V>, after: IMap<K, V>, fn: Change<K, V>): void {
  if (before === after) return;
  for (const [k, v] of after) {
    const old = before.get(k);
    if (old !== v || (old === undefined && !before.has(k))) fn(k, old, v);
  }
  for (const [k, v] of before) if (!after.has(k)) fn(k, v, undefined);
}

function walkChanges<K, V>(before: IMap<K, V>, after: IMap<K, V>, fn: Change<K, V>): void {
  if (before === after) return;
  walk(
    rootOf(before as IMap<unknown, unknown>),
    rootOf(after as IMap<unknown, unknown>),
    fn as Change<unknown, unknown>,
  );
}

/** Does the walk agree with the scan on maps built the way the reducer builds them? */
function walkWorks(): boolean {
  try {
    const changes = (
      f: typeof scanChanges<string, number>,
      a: IMap<string, number>,
      b: IMap<string, number>,
    ) => {
      const out: string[] = [];
      f(a, b, (k, x, y) => out.push(`${k}:${x}:${y}`));
      return out.sort().join();
    };
    let a = IMap<string, number>();
    for (let i = 0; i < 3000; i++) a = a.set(`call-${i}`, i);
    const b = a.withMutations((m) => {
      for (let i = 0; i < 3000; i += 97) m.set(`call-${i}`, -i);
      for (let i = 1; i < 3000; i += 301) m.delete(`call-${i}`);
      for (let i = 3000; i < 3040; i++) m.set(`call-${i}`, i);
    });
    const small = IMap<string, number>({ a: 1, b: 2 });
    const pairs: [IMap<string, number>, IMap<string, number>][] = [
      [a, b],
      [b, a],
      [IMap(), b],
      [small, a],
      [small, small.set('c', 3)],
    ];
    return pairs.every(([x, y]) => changes(walkChanges, x, y) === changes(scanChanges, x, y));
  } catch {
    return false;
  }
}

/** Calls `fn` once per key added (before undefined), changed (by identity) or removed (after undefined). */
export const forEachChange: <K extends string | number, V>(
  before: IMap<K, V>,
  after: IMap<K, V>,
  fn: Change<K, V>,
) => void = walkWorks() ? walkChanges : scanChanges;
