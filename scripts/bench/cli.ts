import type { Settings } from '../../lib/domain/state';
import { BENCH_TIMEZONE } from './syntheticDay';

/** What every benchmark script shares: its command-line options, settings and number formats. */

/** `--name <integer ≥ min>`, or `fallback` when absent. */
export function option(name: string, fallback: number, min = 1): number {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v < min) throw new Error(`--${name} needs an integer ≥ ${min}`);
  return v;
}

/** `--name <one of choices>`, or the first choice when absent. */
export function choice<T extends string>(name: string, choices: readonly [T, ...T[]]): T {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return choices[0];
  const v = process.argv[i + 1] as T;
  if (!choices.includes(v)) throw new Error(`--${name} is one of ${choices.join(', ')}`);
  return v;
}

export const BENCH_SETTINGS: Settings = {
  timezone: BENCH_TIMEZONE,
  defaults: { slaSeconds: 20, shortAbandonSeconds: 5 },
};

export const fmt = (n: number) => Math.round(n).toLocaleString('en-GB');
export const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
