import type { Logger } from 'pino';
import type { DisplayReport } from '../../lib/protocol';
import type { AlertNotification, Notifier } from '../alerts/notification';
import type { Fence } from '../cluster/fence';
import type { DisplayHealthStore } from '../storage/displayHealth';
import type { Display, DisplayStore } from '../storage/types';
import type { RemotePresence } from './clusterPresence';
import { createLocalPresence, type LocalPresence, mergeSeen, type Seen } from './presence';
import { type DisplayState, displayStatus, NO_OUTAGE, type Outage, outageStep } from './status';

/**
 * The fleet of TVs: which display is connected, what each last reported, its state (status.ts), and
 * the notifications when one has been down past the threshold and when it is back. Outages are stored
 * (display_health), so a restart neither re-tells one already told nor forgets to say it is back.
 * Evaluated every EVALUATE_MS on the injected clock and at each connect, disconnect and report.
 *
 * Many instances (DATABASE_URL): a display's socket is on one of them. Each instance knows its own
 * sockets (`local`) and asks the others for theirs (`remote`, clusterPresence.ts), so Settings →
 * Displays is the same on every instance. Outages are evaluated and told by one instance only, the
 * one told to `lead` (it holds the fleet lease, watcherLease.ts); it reads the stored outages again
 * when it takes over. One process alone leads from the start and has no `remote`.
 */
export const EVALUATE_MS = 5_000;
/** A display's stored "last seen" is written at most this often by its reports. */
const TOUCH_EVERY_MS = 60_000;

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
  /** This instance's displays' sockets (default: its own). */
  readonly local?: LocalPresence;
  /** The other instances' displays; null: there are none (no DATABASE_URL). */
  readonly remote?: () => RemotePresence | null;
  /** Evaluates from the start (default), or only once told to `lead`. */
  readonly leading?: boolean;
}) {
  const startedAt = o.now();
  const local = o.local ?? createLocalPresence(o.now);
  const remote = o.remote ?? (() => null);
  let leading = o.leading ?? true;
  /** The lease this watcher holds (null: one process, nothing to fence): every stored step carries it. */
  let fence: Fence | null = null;
  const outages = new Map<number, Outage>();
  // The stored outages, read before the first evaluation (storage is async: types.ts), and again
  // whenever this instance takes over: the watcher before it kept them.
  const reload = async () => {
    const stored = await o.health.all();
    outages.clear();
    for (const r of stored) outages.set(r.displayId, r);
  };
  let loaded = leading ? reload() : Promise.resolve();
  const touched = new Map<number, number>();

  /** Every instance's view of its displays, merged (this one's is exact and current). */
  const seen = (): Map<number, Seen> => mergeSeen([local.seen(), ...(remote()?.seen() ?? [])]);

  function statusOf(d: Display, p: Seen | undefined, now: number) {
    return displayStatus({
      connected: (p?.screens ?? 0) > 0,
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

  async function evaluateOnce(ask: boolean): Promise<void> {
    if (!leading) return;
    await loaded;
    const r = remote();
    // The period asks afresh; an event before the first settled round asks at most once a period.
    if (r && (ask || !r.settled())) await r.refresh(ask ? 0 : undefined);
    // Until every instance has answered once, a display elsewhere is unknown, not offline.
    if (r && !r.settled()) return;
    const displays = await o.displays.list();
    const threshold = await o.alertAfterMs();
    const now = o.now();
    const view = seen();
    for (const d of displays) {
      if (d.revokedAt !== null || !leading) continue;
      const prev = outages.get(d.id) ?? NO_OUTAGE;
      const status = statusOf(d, view.get(d.id), now);
      const { next, notify } = outageStep(prev, status, now, threshold);
      if (next.downSince !== prev.downSince || next.notifiedAt !== prev.notifiedAt) {
        outages.set(d.id, next);
        await o.health.put({ displayId: d.id, ...next }, fence);
      }
      // Told once its step is stored under the lease (a lost lease's write is refused): a watcher
      // taking over reads it and does not tell it again.
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
  /** `ask`: ask the other instances first (the period's evaluation); else their last answers do. */
  function evaluate(ask = false): Promise<void> {
    turn = turn
      .then(() => evaluateOnce(ask))
      .catch((err: unknown) => {
        o.logger.error({ err }, 'fleet: evaluation failed');
      });
    return turn;
  }

  const timer = setInterval(() => void evaluate(true), EVALUATE_MS);
  timer.unref();

  return {
    /** Presence changes at once; the evaluation it prompts is what the promise waits for. */
    connected(displayId: number, socketId: string): Promise<void> {
      local.connected(displayId, socketId);
      return evaluate();
    },
    disconnected(displayId: number, socketId: string): Promise<void> {
      local.disconnected(displayId, socketId);
      return evaluate();
    },
    async report(displayId: number, report: DisplayReport): Promise<void> {
      const now = o.now();
      const changed = local.report(displayId, report);
      if ((touched.get(displayId) ?? 0) + TOUCH_EVERY_MS <= now) {
        touched.set(displayId, now);
        try {
          await o.displays.touch(displayId, now);
        } catch (err) {
          o.logger.error({ err, displayId }, 'fleet: could not store when a display was last seen');
        }
      }
      if (changed) await evaluate();
    },
    evaluate: () => evaluate(true),
    /** This instance evaluates and tells outages from now (it took the fleet lease, `held`). */
    lead(held: Fence | null = null): Promise<void> {
      leading = true;
      fence = held;
      loaded = reload();
      return evaluate(true);
    },
    /** Another instance may take over at any moment: evaluate and tell nothing from now. */
    follow(): void {
      leading = false;
    },
    leading: () => leading,
    /** Settings → Displays: the same on every instance (the cluster asked at most once per period). */
    async list(): Promise<DisplayHealthView[]> {
      await remote()?.refresh();
      const [displays, stored] = await Promise.all([o.displays.list(), o.health.all()]);
      const told = new Map(stored.map((s) => [s.displayId, s.notifiedAt]));
      const now = o.now();
      const view = seen();
      return displays
        .filter((d) => d.revokedAt === null)
        .map((d) => {
          const p = view.get(d.id);
          const status = statusOf(d, p, now);
          const r = p?.report ?? null;
          return {
            id: d.id,
            name: d.name,
            boardId: d.boardId,
            state: status.state,
            since: status.since,
            lastSeenAt:
              (p?.screens ?? 0) > 0 ? now : Math.max(d.lastSeenAt ?? 0, p?.disconnectedAt ?? 0) || null,
            screens: p?.screens ?? 0,
            build: r?.build ?? null,
            page: r?.page ?? null,
            screen: r?.screen ?? null,
            reportedAt: r?.receivedAt ?? null,
            notifiedAt: told.get(d.id) ?? null,
          };
        });
    },
    stop(): void {
      clearInterval(timer);
    },
  };
}

export type FleetWatch = ReturnType<typeof createFleetWatch>;
