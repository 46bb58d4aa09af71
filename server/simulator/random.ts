/**
 * The simulator's only source of chance. A seeded generator (mulberry32: tiny, fast, good enough for
 * a demo, and the same sequence on every machine) makes a run reproducible: same seed and options,
 * same calls, same frames, same ground truth. Nothing in the model may call Math.random.
 */

export type Rng = () => number;

export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Exponentially distributed, mean `mean` (1 − u keeps the log finite: u is in [0, 1)). */
export function exponential(rng: Rng, mean: number): number {
  return -mean * Math.log(1 - rng());
}

/** An integer in [min, max], both included. */
export function uniformInt(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

export function chance(rng: Rng, probability: number): boolean {
  return rng() < probability;
}

export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
}

/**
 * A duration in whole seconds, at least `min`. The PBX reports unix seconds, so the model lives on
 * whole seconds: what it records as the truth is then exactly what the PBX can tell a client.
 */
export function seconds(value: number, min = 1): number {
  return Math.max(min, Math.round(value));
}
