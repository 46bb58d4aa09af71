import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** WCAG contrast of the theme colours in app/globals.css, both themes. */
const css = readFileSync(new URL('../app/globals.css', import.meta.url), 'utf8');

function theme(name: 'dark' | 'light'): Record<string, string> {
  const block = new RegExp(`\\[data-theme="${name}"\\]\\s*\\{([^}]*)\\}`).exec(css)?.[1] ?? '';
  const vars: Record<string, string> = {};
  for (const m of block.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})/g)) vars[m[1] as string] = m[2] as string;
  return vars;
}

function luminance(hex: string): number {
  const c = [1, 3, 5].map((i) => Number.parseInt(hex.slice(i, i + 2), 16) / 255);
  const [r, g, b] = c.map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [
    number,
    number,
    number,
  ];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p) as [number, number];
  return (x + 0.05) / (y + 0.05);
}

const TEXT: [string, string][] = [
  ['fg', 'bg'],
  ['fg', 'surface'],
  ['fg', 'surface-2'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['muted', 'surface-2'],
  ['accent', 'bg'],
  ['accent', 'surface'],
  ['ok', 'bg'],
  ['ok', 'surface'],
  ['ok', 'surface-2'],
  ['ok', 'ok-bg'],
  ['warn', 'bg'],
  ['warn', 'surface'],
  ['warn', 'surface-2'],
  ['warn', 'warn-bg'],
  ['critical', 'bg'],
  ['critical', 'surface'],
  ['critical', 'surface-2'],
  ['critical', 'critical-bg'],
  ['fg', 'warn-bg'],
  ['fg', 'critical-bg'],
  ['stale-fg', 'stale-bg'],
  ...['ready', 'queueCall', 'otherCall', 'wrapUp', 'notReady', 'loggedOut', 'offline'].map(
    (s): [string, string] => ['state-fg', `state-${s}`],
  ),
];

const MARKS: [string, string][] = ['offered', 'answered', 'abandoned', 'sl', 'asa'].map((s) => [
  `series-${s}`,
  'surface',
]);

describe.each(['dark', 'light'] as const)('%s theme', (name) => {
  const vars = theme(name);

  it.each(TEXT)('text %s on %s is at least 4.5:1', (fg, bg) => {
    expect(vars[fg], fg).toBeDefined();
    expect(vars[bg], bg).toBeDefined();
    expect(contrast(vars[fg] as string, vars[bg] as string)).toBeGreaterThanOrEqual(4.5);
  });

  it.each(MARKS)('chart mark %s on %s is at least 3:1', (fg, bg) => {
    expect(contrast(vars[fg] as string, vars[bg] as string)).toBeGreaterThanOrEqual(3);
  });
});
