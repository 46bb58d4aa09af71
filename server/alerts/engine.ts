import type { Logger } from 'pino';
import {
  type ActionResult,
  type Alert,
  type AlertsState,
  acknowledge,
  activeOf,
  type BoardRules,
  evaluate,
  restoreState,
  snooze,
  type Transition,
} from '../../lib/alerts/evaluate';
import { boardFigures, createFigureCache, figureOf, sameQueues } from '../../lib/alerts/figures';
import { type AlertView, alertView } from '../../lib/alerts/view';
import { type Board, boardSchema } from '../../lib/board/model';
import { queueLabel } from '../../lib/board/queues';
import type { QueueView } from '../../lib/domain/view';
import { type ClientView, receive } from '../../lib/linkClient';
import type { PatchMessage, ServerMessage, SnapshotMessage } from '../../lib/protocol';
import type { Scheduler } from '../hub/hub';
import type { AlertStore, BoardStore } from '../storage';
import { timerDelay } from '../timerDelay';
import type { AlertNotification, NotificationKind, Notifier } from './notification';

/**
 * Board alerts on the server, in one place (issue #18). The engine is a client of the published
 * stream, like a screen: it keeps the view the boards show (snapshot + patches, lib/protocol.ts
 * `receive`) and, after each published change and on a timer (holds and clear times elapse, longest
 * wait ticks, active hours begin and end without any event), runs the pure evaluator
 * (lib/alerts/evaluate.ts) with the injected clock. Each transition is stored before anyone is told:
 * a restart reads the open alerts back, so it neither loses one nor raises (and notifies) it again.
 * Channels hear of it through the injected Notifier; screens through `onChange` (server/realtime/alertsLink.ts).
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
  /** How often to evaluate without a published change (default 1000 ms). */
  readonly tickMs?: number;
  /** Cleared alerts are kept this long (default 90 days). */
  readonly keepDays?: number;
  /** The evaluation waits' timers (default: Node's); they run on elapsed time, not on `now`. */
  readonly scheduler?: Scheduler;
}

interface ParsedBoard {
  readonly id: string;
  readonly board: Board;
}

/** What moved the lists: the evaluator, a person here (`acted`), or another instance's person (`reread`). */
export type AlertsChange =
  | { readonly kind: 'evaluated' | 'reread' }
  | { readonly kind: 'acted'; readonly alertIds: readonly number[] };
export type AlertsListener = (boardIds: ReadonlySet<string>, change: AlertsChange) => void;

/** Shortest time between two evaluations prompted by published changes. */
const MIN_GAP_MS = 200;

export function createAlertEngine(o: AlertEngineOptions) {
  const tickMs = o.tickMs ?? 1000;
  const timers: Scheduler = o.scheduler ?? {
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  // Restored from storage in start(); nothing is evaluated before.
  let state: AlertsState = restoreState([], new Map(), 1);
  let view: ClientView | null = null;
  let boards: ParsedBoard[] = [];
  let pending: unknown = null;
  let lastRun = Number.NEGATIVE_INFINITY;
  let wake: unknown = null;
  let tick: ReturnType<typeof setInterval> | null = null;
  let stops: (() => void)[] = [];
  const listeners = new Set<AlertsListener>();
  let evaluations = 0;
  let evaluationMs = 0;

  // Reads may overlap (two saves in a row); only the latest one's list is kept.
  let boardReads = 0;
  async function readBoards(): Promise<void> {
    const read = ++boardReads;
    const stored = await o.boards.list();
    if (read !== boardReads) return;
    lists.clear();
    boards = stored.flatMap(({ id, config }) => {
      const parsed = boardSchema.safeParse(config);
      return parsed.success ? [{ id, board: parsed.data }] : [];
    });
  }

  function take(message: ServerMessage): void {
    const r = receive(view, message);
    if (r.kind === 'applied') view = r.view;
    else view = (receive(null, o.source.snapshot()) as { view: ClientView }).view;
  }

  /** A board's queues; the same list object while none of them changed (the figure cache's key). */
  const lists = new Map<string, readonly QueueView[]>();
  const queuesOf = (id: string, board: Board): readonly QueueView[] => {
    const all = view?.state.queues ?? [];
    if (board.queues === 'all') return all;
    const wanted = new Set(board.queues);
    const now = all.filter((q) => wanted.has(q.id));
    const before = lists.get(id);
    if (before && sameQueues(before, now)) return before;
    lists.set(id, now);
    return now;
  };

  /** Figures of unchanged queues are not summed again (lib/alerts/figures.ts). */
  const cache = createFigureCache();

  function inputs(): BoardRules[] {
    const timezone = o.timezone();
    const out: BoardRules[] = [];
    const now = o.now();
    for (const { id, board } of boards) {
      if (board.alerts.length === 0) continue;
      const figures = boardFigures(board, queuesOf(id, board), cache);
      out.push({
        boardId: id,
        timezone,
        rules: board.alerts,
        thresholds: board.thresholds,
        value: (figure, queue) => {
          const k = queue === null ? figures.total() : figures.queue(queue);
          return k === null ? null : figureOf(k, figure, now);
        },
      });
    }
    return out;
  }

  /** Run the evaluator now: store, notify and announce what moved. */
  function run(): readonly Transition[] {
    if (pending !== null) timers.clearTimeout(pending);
    pending = null;
    const started = performance.now();
    const now = o.now();
    lastRun = now;
    const e = evaluate(state, inputs(), now);
    state = e.state;
    evaluations += 1;
    evaluationMs += performance.now() - started;
    if (wake !== null) timers.clearTimeout(wake);
    wake = e.nextAt === null ? null : timers.setTimeout(run, timerDelay(e.nextAt - o.now()));
    if (e.transitions.length === 0) return e.transitions;
    const changed = new Set<string>();
    // Stored before a channel is told (as when storage was synchronous); the glass does not wait.
    const stored = saveAll(e.transitions.map((t) => t.alert));
    for (const t of e.transitions) {
      changed.add(t.alert.boardId);
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
      if (t.notify)
        void stored.then(() => tell(t.kind === 'raised' ? 'alert.raised' : 'alert.cleared', t.alert, now));
    }
    announce(changed, { kind: 'evaluated' });
    return e.transitions;
  }

  // One save at a time, in order: a clear must not be overwritten by its raise finishing later.
  let saving: Promise<void> = Promise.resolve();
  const saveAll = (alerts: readonly Alert[]): Promise<void> => {
    saving = saving
      .then(() => o.store.saveAll(alerts))
      .catch((err: unknown) => {
        // Storage refusing (a full disk) must not stop the alerts themselves reaching the glass.
        o.logger.error({ err }, 'alerts: could not store an alert');
      });
    return saving;
  };

  function viewOf(a: Alert): AlertView {
    const found = boards.find((b) => b.id === a.boardId);
    const q = a.queue === null ? null : view?.state.queues.find((x) => x.id === a.queue);
    return alertView(
      a,
      found?.board.name ?? a.boardId,
      a.queue === null ? null : q ? queueLabel(q) : a.queue,
    );
  }

  function tell(kind: NotificationKind, a: Alert, at: number): void {
    const v = viewOf(a);
    const n: AlertNotification = {
      id: String(a.id),
      kind,
      severity: a.severity,
      boardId: a.boardId,
      boardName: v.boardName,
      title:
        kind === 'alert.raised'
          ? v.title
          : `${kind === 'alert.cleared' ? 'Cleared' : 'Acknowledged'}: ${v.title}`,
      text: [
        a.acknowledgedBy ? `Acknowledged by ${a.acknowledgedBy}${a.note ? `: ${a.note}` : ''}` : '',
        a.clearReason ? `Cleared (${a.clearReason})` : '',
      ]
        .filter(Boolean)
        .join('\n'),
      at,
      path: `/alerts?id=${a.id}`,
    };
    try {
      // Never rejects (notification.ts); the count is not needed here.
      void o.notifier.notify(n);
    } catch (err) {
      o.logger.error({ err, alert: a.id }, 'alerts: the notifier threw');
    }
  }

  function announce(boardIds: ReadonlySet<string>, change: AlertsChange): void {
    for (const listener of listeners) listener(boardIds, change);
  }

  /**
   * After a published change: at once after a quiet spell, else at most every MIN_GAP_MS (patches come
   * up to 20 times a second; a figure's alert can wait 200 ms, the CPU of a busy server need not).
   */
  const schedule = () => {
    // A clock set back (the injected one, or the server's own) must not hold evaluation until it
    // catches up with the last run: then the gap counts from now.
    const since = Math.max(0, o.now() - lastRun);
    pending ??= timers.setTimeout(run, timerDelay(MIN_GAP_MS - since));
  };

  /** A person's action on an open alert: stored, announced, and (if its raise was) notified. */
  async function act(result: ActionResult, kind: NotificationKind | null): Promise<ActionResult> {
    if (!result.ok) return result;
    state = result.state;
    // A person's action is answered once stored (2xx means stored).
    await saveAll([result.alert]);
    if (kind && result.alert.notified) tell(kind, result.alert, o.now());
    announce(new Set([result.alert.boardId]), { kind: 'acted', alertIds: [result.alert.id] });
    return result;
  }

  return {
    /** Begin after today's state is in place: from an empty view, every figure would look "good". */
    async start(): Promise<void> {
      const [open, lastCleared, maxId] = await Promise.all([
        o.store.open(),
        o.store.lastCleared(),
        o.store.maxId(),
      ]);
      state = restoreState(open, lastCleared, maxId + 1);
      await readBoards();
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
      tick = setInterval(run, tickMs);
      tick.unref();
      run();
    },
    stop(): void {
      for (const stop of stops) stop();
      stops = [];
      if (pending !== null) timers.clearTimeout(pending);
      if (wake !== null) timers.clearTimeout(wake);
      if (tick) clearInterval(tick);
      pending = null;
      wake = null;
      tick = null;
    },
    /** A board was saved or deleted: its rules are read again and evaluated at once. */
    boardsChanged(): Promise<void> {
      return readBoards().then(schedule, (err: unknown) =>
        o.logger.error({ err }, 'alerts: could not read the boards'),
      );
    },
    /** Another instance acted on these (clusterMessages.ts): open ones take their stored state. */
    async reread(alertIds: readonly number[]): Promise<void> {
      const read = await Promise.all(alertIds.map((id) => o.store.get(id)));
      const byId = new Map(read.flatMap((a) => (a ? [[a.id, a] as const] : [])));
      const active = new Map(state.active);
      const changed = new Set<string>();
      for (const [key, a] of state.active) {
        const stored = byId.get(a.id);
        // Cleared meanwhile: this instance's evaluator clears it in its own time.
        if (!stored || stored.clearedAt !== null) continue;
        active.set(key, stored);
        changed.add(a.boardId);
      }
      if (changed.size === 0) return;
      state = { ...state, active };
      announce(changed, { kind: 'reread' });
    },
    /** Evaluate now (the benchmark; a test that moved its clock). */
    evaluateNow: run,
    active: (boardId: string): AlertView[] => activeOf(state, boardId).map(viewOf),
    view: viewOf,
    get: async (id: number): Promise<AlertView | null> => {
      const open = [...state.active.values()].find((a) => a.id === id);
      const a = open ?? (await o.store.get(id));
      return a ? viewOf(a) : null;
    },
    acknowledge: (id: number, by: string, note: string | null) =>
      act(acknowledge(state, id, by, note, o.now()), 'alert.acknowledged'),
    snooze: (id: number, by: string, until: number) => act(snooze(state, id, by, until), null),
    /** Whether the board's rule lets supervisors snooze this alert. */
    supervisorsMaySnooze(a: Alert): boolean {
      const b = boards.find((x) => x.id === a.boardId);
      return b?.board.alerts.find((r) => r.id === a.ruleId)?.supervisorsMaySnooze ?? false;
    },
    onChange(listener: AlertsListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    prune: () => o.store.prune(o.now() - (o.keepDays ?? 90) * 86_400_000),
    stats: () => ({ evaluations, evaluationMs, open: state.active.size }),
  };
}

export type AlertEngine = ReturnType<typeof createAlertEngine>;
