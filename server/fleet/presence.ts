import { z } from 'zod';
import type { DisplayReport } from '../../lib/protocol';
import { displayReportSchema } from './report';

/**
 * Where each display is connected and what it last reported, as one instance sees it.
 *
 * - `createLocalPresence`: the displays' sockets on this instance, at once and exactly (its own
 *   connect, disconnect and report events, on its own clock).
 * - `PresenceAnswer`: what an instance tells another that asks (server/fleet/clusterPresence.ts):
 *   the same, as ages ("connected for 40 s"), not instants. Two instances' clocks are never compared
 *   (house rule 7): the asker puts an age on its own timeline from the moment it asked.
 * - `mergeSeen`: one display seen by several instances (a TV moving from one to another, or two
 *   screens with one token): connected if connected anywhere, its latest report wherever it came.
 */
export interface SeenReport extends DisplayReport {
  /** When the report was received, on this instance's clock. */
  readonly receivedAt: number;
  /** Live (or not) since, on this instance's clock: receivedAt less the screen's own `forMs`. */
  readonly since: number;
}

/** One display as seen by one instance, or merged over all of them; instants on this instance's clock. */
export interface Seen {
  readonly screens: number;
  /** When its first socket still open connected; null when no socket is open. */
  readonly connectedSince: number | null;
  /** When its last socket went; null: not seen going. */
  readonly disconnectedAt: number | null;
  readonly report: SeenReport | null;
}

interface Here {
  readonly sockets: Set<string>;
  connectedAt: number | null;
  disconnectedAt: number | null;
  report: SeenReport | null;
}

export function createLocalPresence(now: () => number) {
  const here = new Map<number, Here>();
  const of = (id: number): Here => {
    let h = here.get(id);
    if (!h) {
      h = { sockets: new Set(), connectedAt: null, disconnectedAt: null, report: null };
      here.set(id, h);
    }
    return h;
  };
  return {
    connected(displayId: number, socketId: string): void {
      const h = of(displayId);
      if (h.sockets.size === 0) h.connectedAt = now();
      h.sockets.add(socketId);
    },
    disconnected(displayId: number, socketId: string): void {
      const h = of(displayId);
      h.sockets.delete(socketId);
      if (h.sockets.size === 0) {
        h.disconnectedAt = now();
        h.connectedAt = null;
      }
    },
    /** Records the report; whether the screen's liveness changed (worth an evaluation now). */
    report(displayId: number, report: DisplayReport): boolean {
      const t = now();
      const h = of(displayId);
      const changed = h.report?.live !== report.live;
      h.report = { ...report, receivedAt: t, since: t - report.forMs };
      return changed;
    },
    /** Every display this instance has seen since it started. */
    seen(): Map<number, Seen> {
      const out = new Map<number, Seen>();
      for (const [id, h] of here)
        out.set(id, {
          screens: h.sockets.size,
          connectedSince: h.connectedAt,
          disconnectedAt: h.disconnectedAt,
          report: h.report,
        });
      return out;
    },
    /** The same, as ages, for another instance that asks. */
    answer(instance: string): PresenceAnswer {
      const t = now();
      const age = (at: number | null) => (at === null ? null : Math.max(0, t - at));
      return {
        instance,
        displays: [...here].map(([id, h]) => ({
          id,
          screens: h.sockets.size,
          connectedForMs: age(h.connectedAt),
          goneForMs: age(h.disconnectedAt),
          report: h.report && {
            build: h.report.build,
            page: h.report.page,
            screen: h.report.screen,
            live: h.report.live,
            forMs: h.report.forMs,
            receivedForMs: age(h.report.receivedAt) ?? 0,
          },
        })),
      };
    },
  };
}

export type LocalPresence = ReturnType<typeof createLocalPresence>;

const ageSchema = z
  .number()
  .int()
  .min(0)
  .max(366 * 24 * 3600_000);

/**
 * An instance's answer, checked like any input: another version of Callboard may answer during a
 * rolling upgrade, and what does not parse is left out. At most one entry per display it has seen.
 */
export const presenceAnswerSchema = z.object({
  instance: z.string().min(1).max(200),
  displays: z
    .array(
      z.object({
        id: z.number().int().positive(),
        screens: z.number().int().min(0).max(10_000),
        connectedForMs: ageSchema.nullable(),
        goneForMs: ageSchema.nullable(),
        report: displayReportSchema.extend({ receivedForMs: ageSchema }).nullable(),
      }),
    )
    .max(100_000),
});

export type PresenceAnswer = z.infer<typeof presenceAnswerSchema>;

/** An answer on this instance's timeline: its ages counted back from `askedAt` (when it was asked). */
export function seenFromAnswer(a: PresenceAnswer, askedAt: number): Map<number, Seen> {
  const at = (age: number | null) => (age === null ? null : askedAt - age);
  const out = new Map<number, Seen>();
  for (const d of a.displays) {
    const { receivedForMs, ...report } = d.report ?? { receivedForMs: 0 };
    const receivedAt = askedAt - receivedForMs;
    out.set(d.id, {
      screens: d.screens,
      connectedSince: d.screens > 0 ? at(d.connectedForMs) : null,
      disconnectedAt: at(d.goneForMs),
      report: d.report
        ? { ...(report as DisplayReport), receivedAt, since: receivedAt - d.report.forMs }
        : null,
    });
  }
  return out;
}

/** Each display over every instance's view: screens added, the oldest open connection, the latest report. */
export function mergeSeen(views: readonly ReadonlyMap<number, Seen>[]): Map<number, Seen> {
  const out = new Map<number, Seen>();
  for (const view of views) {
    for (const [id, s] of view) {
      const m = out.get(id);
      if (!m) {
        out.set(id, s);
        continue;
      }
      const open = [m.connectedSince, s.connectedSince].filter((x): x is number => x !== null);
      out.set(id, {
        screens: m.screens + s.screens,
        connectedSince: open.length === 0 ? null : Math.min(...open),
        disconnectedAt: latest(m.disconnectedAt, s.disconnectedAt),
        report: (m.report?.receivedAt ?? -1) >= (s.report?.receivedAt ?? -1) ? m.report : s.report,
      });
    }
  }
  return out;
}

const latest = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.max(a, b));
