import type { Logger } from 'pino';
import type { DisplayReport } from '../../lib/protocol';
import type { AlertNotification, Notifier } from '../alerts/notification';
import type { DisplayHealthStore } from '../storage/displayHealth';
import type { Display, DisplayStore } from '../storage/types';
import { type DisplayState, displayStatus, NO_OUTAGE, type Outage, outageStep } from './status';

/**
 * The fleet of TVs: which display is connected, what each last reported, its state (status.ts), and
 * the notifications when one has been down past the threshold and when it is back. Outages are stored
 * (display_health), so a restart neither re-tells one already told nor forgets to say it is back.
 * Evaluated every EVALUATE_MS on the injected clock and at each connect, disconnect and report.
 */
export const EVALUATE_MS = 5_000;
/** A display's stored "last seen" is written at most this often by its reports. */
const TOUCH_EVERY_MS = 60_000;

interface Presence {
  readonly sockets: Set<string>;
  connectedSince: number | null;
  disconnectedAt: number | null;
  report: (DisplayReport & { receivedAt: number; since: number }) | null;
}

export interface DisplayHealthView {
  readonly id: number;
  readonly name: string;
  readonly boardId: string;
  readonly state: DisplayState;
  readonly since: number | null;
  readonly lastSeenAt: number | null;
  readonly screens: number;
  readonly build: string | null;
  readonly page: string | null;
  readonly screen: { readonly width: number; readonly height: number } | null;
  readonly reportedAt: number | null;
  /** The current outage was told through the notifier (at this time). */
  readonly notifiedAt: number | null;
}

export function createFleetWatch(o: {
  readonly displays: Pick<DisplayStore, 'list' | 'touch'>;
  readonly health: DisplayHealthStore;
  readonly notifier: Notifier;
  readonly now: () => number;
  readonly alertAfterMs: () => number | Promise<number>;
  readonly boardName: (id: string) => Promise<string | null>;
  readonly logger: Logger;
}) {
  const startedAt = o.now();
  const presence = new Map<number, Presence>();
  const outages = new Map<number, Outage>();
  // The stored outages, read once before the first evaluation (storage is async: types.ts).
  const loaded = (async () => {
    for (const r of await o.health.all()) outages.set(r.displayId, r);
  })();
  const touched = new Map<number, number>();

  const presenceOf = (id: number): Presence => {
    let p = presence.get(id);
    if (!p) {
      p = { sockets: new Set(), connectedSince: null, disconnectedAt: null, report: null };
      presence.set(id, p);
    }
    return p;
  };

  function statusOf(d: Display, now: number) {
    const p = presence.get(d.id);
    return displayStatus({
      connected: (p?.sockets.size ?? 0) > 0,
      connectedSince: p?.connectedSince ?? null,
      disconnectedAt: p?.disconnectedAt ?? null,
      report: p?.report ?? null,
      lastSeenAt: d.lastSeenAt,
      startedAt,
      now,
    });
  }

  async function notification(d: Display, kind: 'offline' | 'back', outage: Outage, state: DisplayState) {
    const boardName = await o.boardName(d.boardId);
    const minutes = Math.round((o.now() - (outage.downSince ?? o.now())) / 60_000);
    const n: AlertNotification = {
      id: `display-${d.id}-${outage.downSince ?? 0}`,
      kind: kind === 'offline' ? 'display.offline' : 'display.back',
      severity: kind === 'offline' && state === 'offline' ? 'critical' : 'warn',
      boardId: d.boardId,
      boardName,
      title:
        kind === 'offline'
          ? `TV “${d.name}” ${state === 'offline' ? 'offline' : 'not live'} for ${minutes} min`
          : `TV “${d.name}” is live again after ${minutes} min`,
      text: `Board ${boardName ?? d.boardId}.`,
      at: o.now(),
      path: '/settings/displays',
    };
    return n;
  }

  async function evaluateOnce(): Promise<void> {
    await loaded;
    const displays = await o.displays.list();
    const threshold = await o.alertAfterMs();
    const now = o.now();
    for (const d of displays) {
      if (d.revokedAt !== null) continue;
      const prev = outages.get(d.id) ?? NO_OUTAGE;
      const status = statusOf(d, now);
      const { next, notify } = outageStep(prev, status, now, threshold);
      if (next.downSince !== prev.downSince || next.notifiedAt !== prev.notifiedAt) {
        outages.set(d.id, next);
        await o.health.put({ displayId: d.id, ...next });
      }
      if (notify) {
        // 'back' names the outage it ends: the same id as its 'offline'.
        const n = await notification(d, notify, notify === 'back' ? prev : next, status.state);
        o.logger.info({ displayId: d.id, kind: n.kind }, 'display notification');
        void o.notifier.notify(n);
      }
    }
  }

  // One evaluation at a time: two overlapping ones would both see an outage as not yet told.
  let turn: Promise<void> = Promise.resolve();
  function evaluate(): Promise<void> {
    turn = turn.then(evaluateOnce).catch((err: unknown) => {
      o.logger.error({ err }, 'fleet: evaluation failed');
    });
    return turn;
  }

  const timer = setInterval(evaluate, EVALUATE_MS);
  timer.unref();

  return {
    /** Presence changes at once; the evaluation it prompts is what the promise waits for. */
    connected(displayId: number, socketId: string): Promise<void> {
      const p = presenceOf(displayId);
      if (p.sockets.size === 0) p.connectedSince = o.now();
      p.sockets.add(socketId);
      return evaluate();
    },
    disconnected(displayId: number, socketId: string): Promise<void> {
      const p = presenceOf(displayId);
      p.sockets.delete(socketId);
      if (p.sockets.size === 0) {
        p.disconnectedAt = o.now();
        p.connectedSince = null;
      }
      return evaluate();
    },
    async report(displayId: number, report: DisplayReport): Promise<void> {
      const now = o.now();
      const p = presenceOf(displayId);
      const wasLive = p.report?.live;
      p.report = { ...report, receivedAt: now, since: now - report.forMs };
      if ((touched.get(displayId) ?? 0) + TOUCH_EVERY_MS <= now) {
        touched.set(displayId, now);
        try {
          await o.displays.touch(displayId, now);
        } catch (err) {
          o.logger.error({ err, displayId }, 'fleet: could not store when a display was last seen');
        }
      }
      if (wasLive !== report.live) await evaluate();
    },
    evaluate,
    async list(): Promise<DisplayHealthView[]> {
      await loaded;
      const displays = await o.displays.list();
      const now = o.now();
      return displays
        .filter((d) => d.revokedAt === null)
        .map((d) => {
          const p = presence.get(d.id);
          const status = statusOf(d, now);
          const r = p?.report ?? null;
          return {
            id: d.id,
            name: d.name,
            boardId: d.boardId,
            state: status.state,
            since: status.since,
            lastSeenAt:
              (p?.sockets.size ?? 0) > 0 ? now : Math.max(d.lastSeenAt ?? 0, p?.disconnectedAt ?? 0) || null,
            screens: p?.sockets.size ?? 0,
            build: r?.build ?? null,
            page: r?.page ?? null,
            screen: r?.screen ?? null,
            reportedAt: r?.receivedAt ?? null,
            notifiedAt: outages.get(d.id)?.notifiedAt ?? null,
          };
        });
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}

export type FleetWatch = ReturnType<typeof createFleetWatch>;
