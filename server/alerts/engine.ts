import type { Logger } from 'pino';
import { acknowledgeAlert, snoozeAlert } from '../../lib/alerts/actions';
import { activeOf, evaluate, type Transition } from '../../lib/alerts/evaluate';
import type { AlertView } from '../../lib/alerts/view';
import { type ClientView, receive } from '../../lib/linkClient';
import type { PatchMessage, ServerMessage, SnapshotMessage } from '../../lib/protocol';
import type { Fence } from '../cluster/fence';
import { type LinkClaim, type LinkOwnership, singleInstance } from '../cluster/linkOwnership';
import type { Scheduler } from '../hub/hub';
import type { AlertStore, BoardStore } from '../storage';
import { timerDelay } from '../timerDelay';
import { createIdBlock } from './alertIds';
import { createAlertWrites } from './alertWrites';
import { createBoardInputs } from './boardInputs';
import { claimEvaluator } from './evaluatorLease';
import { createHeldAlerts } from './heldAlerts';
import type { Notifier } from './notification';

/**
 * Board alerts on the server, in one place (issue #18). The engine is a client of the published
 * stream, like a screen: it keeps the view the boards show (snapshot + patches, lib/protocol.ts
 * `receive`) and, after each published change and on a timer (holds and clear times elapse, longest
 * wait ticks, active hours begin and end without any event), runs the pure evaluator
 * (lib/alerts/evaluate.ts) with the injected clock. Each transition is stored before a channel is
 * told, together with its notice (the notification outbox, ./outbox/): a restart reads the open
 * alerts back, so it neither loses one nor raises (and notifies) it again.
 *
 * Many instances (issue #19): only the one holding the alerts lease evaluates (evaluatorLease.ts);
 * its writes carry the lease's fence, and a raise or clear is notified only once stored under it.
 * The others follow the store: their open alerts are the stored ones, read again when told
 * (`reread`) and every `resyncMs`. A person acts on the stored alert wherever they are (`change`
 * under the row's lock), so an acknowledgement made on any instance holds for the evaluator too.
 */
export interface AlertEngineOptions {
  readonly source: {
    snapshot(): SnapshotMessage;
    onPatch(listener: (patch: PatchMessage) => void): () => void;
    onReset(listener: () => void): () => void;
  };
  /** The board's timezone (Settings → General): active hours are read in it. */
  readonly timezone: () => string;
  readonly boards: Pick<BoardStore, 'list'>;
  readonly store: AlertStore;
  readonly notifier: Notifier;
  readonly now: () => number;
  readonly logger: Logger;
  /** Who evaluates (the alerts lease); default: this process, at once and for good (one instance). */
  readonly ownership?: Pick<LinkOwnership, 'claim'>;
  /** The evaluator stored these raises and clears: the other instances are told to read them. */
  readonly onStored?: (alertIds: readonly number[]) => void;
  /** How often the stored alerts are read again, for a message that was missed (default 10 s). */
  readonly resyncMs?: number;
  /** How often to evaluate without a published change (default 1000 ms). */
  readonly tickMs?: number;
  /** Cleared alerts are kept this long (default 90 days). */
  readonly keepDays?: number;
  /** The evaluation waits' timers (default: Node's); they run on elapsed time, not on `now`. */
  readonly scheduler?: Scheduler;
}

export type { AlertsChange, AlertsListener } from './heldAlerts';

/** Shortest time between two evaluations prompted by published changes. */
const MIN_GAP_MS = 200;
/** After a failed start of the evaluator's term (the store unreachable), it tries again this soon. */
const RETRY_LEAD_MS = 1000;

export function createAlertEngine(o: AlertEngineOptions) {
  const tickMs = o.tickMs ?? 1000;
  const timers: Scheduler = o.scheduler ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  let view: ClientView | null = null;
  /** While this instance evaluates: its fence (null on a single instance); undefined: it follows. */
  let fence: Fence | null | undefined;
  /** Each change of role; work begun under an older one is dropped. */
  let term = 0;
  let pending: unknown = null;
  let lastRun = Number.NEGATIVE_INFINITY;
  let wake: unknown = null;
  let tick: ReturnType<typeof setInterval> | null = null;
  let resync: ReturnType<typeof setInterval> | null = null;
  let claim: LinkClaim | null = null;
  let stops: (() => void)[] = [];
  // Read from storage in start(); nothing is evaluated before.
  const held = createHeldAlerts({ store: o.store, current: () => term });
  let evaluations = 0;
  let evaluationMs = 0;
  const boards = createBoardInputs({ boards: o.boards, timezone: o.timezone, now: o.now, view: () => view });
  const ids = createIdBlock(o.store);
  const writes = createAlertWrites({ ...o, held, view: boards.view });

  function take(message: ServerMessage): void {
    const r = receive(view, message);
    if (r.kind === 'applied') view = r.view;
    else view = (receive(null, o.source.snapshot()) as { view: ClientView }).view;
  }

  /** Run the evaluator now (the evaluator only): store, notify and announce what moved. */
  function run(): readonly Transition[] {
    if (pending !== null) timers.clearTimeout(pending);
    pending = null;
    if (fence === undefined) return [];
    // At most one raise per rule target: the ids for them are held before the evaluator counts.
    const need = boards.targets();
    if (!ids.covers(need)) {
      const at = term;
      void ids.topUp(need).then(
        () => at === term && schedule(),
        (err: unknown) => o.logger.warn({ err }, 'alerts: could not reserve alert ids'),
      );
      return [];
    }
    const started = performance.now();
    const now = o.now();
    const [at, f] = [term, fence];
    lastRun = now;
    const e = evaluate({ ...held.state, nextId: ids.next }, boards.inputs(), now);
    ids.used(e.state.nextId);
    // Ahead of need, between evaluations: the next one should never wait for the store.
    if (!ids.covers(2 * need))
      void ids
        .topUp(2 * need)
        .catch((err: unknown) => o.logger.warn({ err }, 'alerts: could not reserve alert ids'));
    held.set(e.state);
    evaluations += 1;
    evaluationMs += performance.now() - started;
    if (wake !== null) timers.clearTimeout(wake);
    wake = e.nextAt === null ? null : timers.setTimeout(run, timerDelay(e.nextAt - o.now()));
    if (e.transitions.length === 0) return e.transitions;
    // Stored before a channel is told, with what it is told (the outbox); the glass does not wait.
    const notices = e.transitions.flatMap((t) =>
      t.notify ? [writes.notice(t.kind === 'raised' ? 'alert.raised' : 'alert.cleared', t.alert, now)] : [],
    );
    const stored = writes.saveAll(
      e.transitions.map((t) => t.alert),
      f,
      notices,
    );
    for (const t of e.transitions)
      o.logger.info(
        {
          alert: t.alert.id,
          board: t.alert.boardId,
          rule: t.alert.ruleId,
          queue: t.alert.queue,
          notified: t.notify,
        },
        `alert ${t.kind}${t.kind === 'cleared' ? ` (${t.alert.clearReason})` : ''}`,
      );
    void stored.then((ok) => {
      if (ok) {
        for (const n of notices) writes.send(n);
        o.onStored?.(e.transitions.map((t) => t.alert.id));
      }
      // Refused under the fence: this copy is no longer the store's. Begin again from the store (if
      // the lease is gone meanwhile, follow() has ended this term and nothing happens).
      else timers.setTimeout(() => at === term && void lead(f), RETRY_LEAD_MS);
    });
    held.announce(new Set(e.transitions.map((t) => t.alert.boardId)), { kind: 'evaluated' });
    return e.transitions;
  }

  /**
   * After a published change: at once after a quiet spell, else at most every MIN_GAP_MS (patches come
   * up to 20 times a second; a figure's alert can wait 200 ms, the CPU of a busy server need not).
   */
  const schedule = () => {
    if (fence === undefined) return;
    // A clock set back (the injected one, or the server's own) must not hold evaluation until it
    // catches up with the last run: then the gap counts from now.
    const since = Math.max(0, o.now() - lastRun);
    pending ??= timers.setTimeout(run, timerDelay(MIN_GAP_MS - since));
  };

  /** The alerts lease is ours: continue from the store, then evaluate (evaluatorLease.ts). */
  async function lead(f: Fence | null): Promise<void> {
    const at = ++term;
    fence = undefined;
    halt();
    try {
      // The rules too: a "board changed" message missed while following must not outlive the takeover.
      await boards.read();
      await ids.topUp(boards.targets());
      // Read after the lease is ours: every write of the previous evaluator has committed (fence.ts).
      // Last, and again if another read (a follower's resync) began meanwhile: the read evaluation
      // starts from is then the latest begun, and no follower's read can land over its state.
      while (!(await held.reload({ clears: true }))) if (at !== term) return;
    } catch (err) {
      o.logger.error({ err }, 'alerts: could not begin evaluating; trying again');
      timers.setTimeout(() => at === term && void lead(f), RETRY_LEAD_MS);
      return;
    }
    if (at !== term) return;
    fence = f;
    o.logger.info({ epoch: f?.epoch ?? null }, 'alerts: this instance evaluates');
    tick = setInterval(run, tickMs);
    tick.unref();
    run();
  }

  /** Stop evaluating, at once (the lease is lost or let go); the store is the truth from now. */
  function follow(): void {
    const was = fence !== undefined;
    term += 1;
    fence = undefined;
    halt();
    ids.forget();
    if (was) o.logger.warn('alerts: this instance no longer evaluates');
    void held
      .reload()
      .catch((err: unknown) => o.logger.warn({ err }, 'alerts: could not read the stored alerts'));
  }

  function halt(): void {
    if (pending !== null) timers.clearTimeout(pending);
    if (wake !== null) timers.clearTimeout(wake);
    if (tick) clearInterval(tick);
    pending = null;
    wake = null;
    tick = null;
  }

  const refresh = (ids?: readonly number[]) =>
    held
      .refresh(fence !== undefined, ids)
      .catch((err: unknown) => o.logger.warn({ err }, 'alerts: could not read the stored alerts'));

  return {
    /** Begin after today's state is in place: from an empty view, every figure would look "good". */
    async start(): Promise<void> {
      await held.reload();
      await boards.read();
      take(o.source.snapshot());
      stops = [
        o.source.onPatch((patch) => {
          take(patch);
          schedule();
        }),
        o.source.onReset(() => {
          view = null;
          take(o.source.snapshot());
          schedule();
        }),
      ];
      resync = setInterval(() => void refresh(), o.resyncMs ?? 10_000);
      resync.unref();
      let first: Promise<void> | null = null;
      claim = claimEvaluator(o.ownership ?? singleInstance('local'), {
        lead: (f) => {
          first = lead(f);
        },
        follow,
      });
      // One instance owns the lease at once: evaluated before start() resolves, as before #19.
      if (first) await first;
    },
    /** Stops evaluating and lets the lease go, so another instance takes over without waiting. */
    async stop(): Promise<void> {
      for (const stop of stops) stop();
      stops = [];
      term += 1;
      fence = undefined;
      halt();
      if (resync) clearInterval(resync);
      resync = null;
      await writes.settled();
      await claim?.release();
      claim = null;
    },
    /** A board was saved or deleted: its rules are read again and evaluated at once. */
    boardsChanged(): Promise<void> {
      return boards
        .read()
        .then(schedule, (err: unknown) => o.logger.error({ err }, 'alerts: could not read the boards'));
    },
    /** Another instance stored these (a person's action, the evaluator's raises and clears): read them. */
    reread: (alertIds: readonly number[]): Promise<void> => refresh(alertIds),
    /** Evaluate now (the benchmark; a test that moved its clock). Nothing on an instance that follows. */
    evaluateNow: run,
    active: (boardId: string): AlertView[] => activeOf(held.state, boardId).map(boards.view),
    view: boards.view,
    get: async (id: number): Promise<AlertView | null> => {
      const open = [...held.state.active.values()].find((a) => a.id === id);
      const a = open ?? (await o.store.get(id));
      return a ? boards.view(a) : null;
    },
    acknowledge: (id: number, by: string, note: string | null) =>
      writes.act(id, (a) => acknowledgeAlert(a, by, note, o.now()), 'alert.acknowledged'),
    snooze: (id: number, by: string, until: number) => writes.act(id, (a) => snoozeAlert(a, by, until), null),
    supervisorsMaySnooze: boards.supervisorsMaySnooze,
    onChange: held.onChange,
    prune: () => o.store.prune(o.now() - (o.keepDays ?? 90) * 86_400_000),
    stats: () => ({
      evaluations,
      evaluationMs,
      open: held.state.active.size,
      evaluating: fence !== undefined,
    }),
  };
}

export type AlertEngine = ReturnType<typeof createAlertEngine>;
