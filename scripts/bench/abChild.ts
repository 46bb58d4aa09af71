import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * A/B benchmarks on a noisy machine: the same measurement run in a child process per checkout (the
 * branch point A, this checkout B), alternately, so both see the same load. Each child loads the
 * server's modules from its checkout's path (`--root`); its last output line is its result as JSON.
 */

const HERE = fileURLToPath(new URL('.', import.meta.url));
export const THIS_CHECKOUT = fileURLToPath(new URL('../..', import.meta.url));

/** `--name <text>`, or undefined. */
export function textOption(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

/** Run `script` (in scripts/bench) in a child with these arguments; its last line parsed as JSON. */
export function runChild<T>(script: string, args: readonly string[], nodeFlags: readonly string[] = []): T {
  const out = execFileSync(process.execPath, [...nodeFlags, '--import', 'tsx', `${HERE}${script}`, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as T;
}

export const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
