import { type Browser, expect, type Page } from '@playwright/test';
import { addDays, todayIn } from '../lib/reports/ranges';
import { API_TOKEN, type RunningServer } from './server';

/**
 * The reports spec's helpers: a zone where it is about 01:00 now (so yesterday has closed and the
 * demo plays little of today), signing in, and the report API read with the API token.
 */
export function earlyMorningZone(at = Date.now()): string {
  let offset = (1 - new Date(at).getUTCHours()) % 24;
  if (offset < -12) offset += 24;
  if (offset > 11) offset -= 24;
  // IANA's Etc zones count the other way round: Etc/GMT-3 is UTC+3.
  return offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`;
}

export function yesterdayIn(zone: string): string {
  return addDays(todayIn(Date.now(), zone), -1);
}

export async function signIn(
  browser: Browser,
  server: RunningServer,
  who: { email: string; password: string },
): Promise<Page> {
  const page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/api/v1/setup')),
    page.goto(`${server.url}/login`),
  ]);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(`${server.url}/`);
  return page;
}

export interface ApiRow {
  [column: string]: string | number | null;
}

export async function reportJson(
  server: RunningServer,
  path: string,
): Promise<{ status: number; rows: ApiRow[] }> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  if (!res.ok) return { status: res.status, rows: [] };
  return { status: res.status, rows: ((await res.json()) as { rows: ApiRow[] }).rows };
}

/** The agents report's whole answer (rows, total, totals, page) with the API token. */
export async function agentReportJson(
  server: RunningServer,
  path: string,
): Promise<{ total: number; offset: number; totals: ApiRow; rows: ApiRow[] }> {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${API_TOKEN}` } });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as { total: number; offset: number; totals: ApiRow; rows: ApiRow[] };
}

/** Until the start-up close has written yesterday (it runs once the demo has played it). */
export async function whenClosed(server: RunningServer, day: string): Promise<ApiRow[]> {
  const path = `/api/v1/reports/queues?from=${day}&to=${day}&interval=hour`;
  for (let i = 0; i < 120; i++) {
    const { rows } = await reportJson(server, path);
    if (rows.length > 0) return rows;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`${day} never reached history`);
}

/** A4 at 96 dpi (210 mm = 794 px) less the print stylesheet's 12 mm margins on either side. */
export const A4_PRINTABLE_PX = Math.floor(794 - (2 * 12 * 96) / 25.4);
