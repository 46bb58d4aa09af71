import type { Alert, BoardRules } from '../../lib/alerts/evaluate';
import { boardFigures, createFigureCache, figureOf, sameQueues } from '../../lib/alerts/figures';
import { type AlertView, alertView } from '../../lib/alerts/view';
import { type Board, boardSchema } from '../../lib/board/model';
import { queueLabel } from '../../lib/board/queues';
import type { QueueView } from '../../lib/domain/view';
import type { ClientView } from '../../lib/linkClient';
import type { BoardStore } from '../storage';

interface ParsedBoard {
  readonly id: string;
  readonly board: Board;
}

/**
 * What the alert engine (engine.ts) reads of the boards: their rules, as saved, and their figures in
 * the view it keeps of the published state. Every instance keeps them, the evaluator to evaluate, the
 * others to name the alerts they show (board and queue names) and to answer "may a supervisor snooze".
 */
export function createBoardInputs(o: {
  readonly boards: Pick<BoardStore, 'list'>;
  readonly timezone: () => string;
  readonly now: () => number;
  readonly view: () => ClientView | null;
}) {
  let boards: ParsedBoard[] = [];
  /** A board's queues; the same list object while none of them changed (the figure cache's key). */
  const lists = new Map<string, readonly QueueView[]>();
  /** Figures of unchanged queues are not summed again (lib/alerts/figures.ts). */
  const cache = createFigureCache();
  // Reads may overlap (two saves in a row); only the latest one's list is kept.
  let reads = 0;

  const queuesOf = (id: string, board: Board): readonly QueueView[] => {
    const all = o.view()?.state.queues ?? [];
    if (board.queues === 'all') return all;
    const wanted = new Set(board.queues);
    const now = all.filter((q) => wanted.has(q.id));
    const before = lists.get(id);
    if (before && sameQueues(before, now)) return before;
    lists.set(id, now);
    return now;
  };

  return {
    /** Reads the boards again (a board was saved or deleted, here or on another instance). */
    async read(): Promise<void> {
      const read = ++reads;
      const stored = await o.boards.list();
      if (read !== reads) return;
      lists.clear();
      boards = stored.flatMap(({ id, config }) => {
        const parsed = boardSchema.safeParse(config);
        return parsed.success ? [{ id, board: parsed.data }] : [];
      });
    },
    /** The evaluator's input: every board with rules, its figures read now. */
    inputs(): BoardRules[] {
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
    },
    /** How many rule targets there are: at most this many alerts are raised by one evaluation. */
    targets: (): number => boards.reduce((n, b) => n + b.board.alerts.length, 0),
    view(a: Alert): AlertView {
      const found = boards.find((b) => b.id === a.boardId);
      const q = a.queue === null ? null : o.view()?.state.queues.find((x) => x.id === a.queue);
      return alertView(
        a,
        found?.board.name ?? a.boardId,
        a.queue === null ? null : q ? queueLabel(q) : a.queue,
      );
    },
    /** Whether the board's rule lets supervisors snooze this alert. */
    supervisorsMaySnooze(a: Alert): boolean {
      const b = boards.find((x) => x.id === a.boardId);
      return b?.board.alerts.find((r) => r.id === a.ruleId)?.supervisorsMaySnooze ?? false;
    },
  };
}
