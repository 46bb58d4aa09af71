import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { API_TOKEN, type RunningServer, startServer } from './server';

/**
 * One demo server (real production build, built-in simulator, throwaway data dir) per worker, shared by
 * the specs that only watch it; a spec that kills its server starts its own with `startServer`.
 */
export const test = base.extend<{ boardUrl: (path: string) => string }, { server: RunningServer }>({
  server: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright fixtures take their dependencies destructured.
    async ({}, use) => {
      const server = await startServer(screenshotDay());
      await use(server);
      await server.dispose();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
  boardUrl: async ({ server }, use) => {
    await use((path) => withToken(`${server.url}${path}`));
  },
});
export { expect };

/** A demo that opens on the day so far (DEMO_DAY=today): an afternoon, in the zone server.ts picks. */
export function afternoonDay(): Record<string, string> {
  return { DEMO_DAY: 'today' };
}

/** `npm run screenshots`: the README shows such an afternoon; the other specs start the day empty. */
function screenshotDay(): Record<string, string> {
  return process.env.CALLBOARD_SCREENSHOTS === 'docs' ? afternoonDay() : {};
}

export function withToken(url: string): string {
  return `${url}${url.includes('?') ? '&' : '?'}token=${API_TOKEN}`;
}

export interface ApiQueue {
  id: string;
  name: string;
  waiting: { sessionId: string; caller: string; since: number; kind: string }[] | null;
  today: { offered: number; answered: number; abandoned: number };
}
export interface ApiState {
  seq: number;
  queues: ApiQueue[];
  sources: { id: string; status: string }[];
}

export async function apiState(server: RunningServer): Promise<ApiState> {
  const res = await fetch(`${server.url}/api/v1/state`, {
    headers: { authorization: `Bearer ${API_TOKEN}` },
  });
  if (!res.ok) throw new Error(`GET /api/v1/state: ${res.status}`);
  return (await res.json()) as ApiState;
}

export async function putBoard(server: RunningServer, id: string, board: unknown): Promise<void> {
  const res = await fetch(`${server.url}/api/v1/boards/${id}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${API_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(board),
  });
  if (!res.ok) throw new Error(`PUT board ${id}: ${res.status} ${await res.text()}`);
}

/** The tile's big number as shown ("1,204" → 1204); null for "—". */
export async function tileNumber(page: Page, name: string): Promise<number | null> {
  const text = (await page.getByTestId(`tile-${name}`).locator('.tile-value').textContent())?.trim() ?? '';
  const digits = text.replace(/[^\d.]/g, '');
  return digits === '' ? null : Number(digits);
}

/**
 * Screenshots: to the test output normally; `npm run screenshots` (CALLBOARD_SCREENSHOTS=docs) writes
 * the README's pictures under docs/screenshots.
 */
export function screenshotPath(name: string): string {
  const dir = process.env.CALLBOARD_SCREENSHOTS === 'docs' ? 'docs/screenshots' : '.playwright/screenshots';
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name}.png`);
}
