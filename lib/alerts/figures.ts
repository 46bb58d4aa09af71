import { agentsByStateOf, type BoardKpis, boardKpis, longestWaitFrom } from '../board/kpis';
import type { Board } from '../board/model';
import type { QueueView } from '../domain/view';
import type { AlertFigure } from './rules';

/**
 * The value of a rule's figure, exactly as the board's tile shows it (lib/board/kpis.ts over the
 * board's queues, or over one queue): one definition per figure in docs/metrics.md. null: unknown (no
 * waiting list, no denominator, abandon rate under its minimum calls), which neither fires nor clears.
 */

/** Agents signed in: not logged out or offline (the agents tile's number). */
const STAFFED = ['queueCall', 'otherCall', 'wrapUp', 'ready', 'notReady'] as const;

export function figureOf(k: FigureSource, figure: AlertFigure, now: number): number | null {
  switch (figure) {
    case 'waiting':
      return k.waitingNormal;
    case 'longestWaitSeconds':
      // Ticks with `now`, as the tile does: a caller's wait passes a limit without any new event.
      return longestWaitFrom(k.earliestWait, now);
    case 'serviceLevel':
      return k.serviceLevel;
    case 'offered':
      return k.offered;
    case 'answered':
      return k.answered;
    case 'abandoned':
      return k.abandoned;
    case 'abandonRate':
      return k.abandon.judged ? k.abandonRate : null;
    case 'asaSeconds':
      return k.asaSeconds;
    case 'ahtSeconds':
      return k.ahtSeconds;
    case 'agentsSignedIn': {
      const agents = k.agents();
      return agents === null ? null : STAFFED.reduce((n, s) => n + agents[s], 0);
    }
    case 'slaBreaches':
      return k.slaBreaches;
  }
}

/** The board's KPIs without its agents, and the agents by state only when a rule asks (the costly part). */
export type FigureSource = Omit<BoardKpis, 'agents'> & { agents(): ReturnType<typeof agentsByStateOf> };

const withoutAgents = new WeakMap<QueueView, QueueView>();
const bare = (q: QueueView): QueueView => {
  let b = withoutAgents.get(q);
  if (!b) {
    b = { ...q, agents: null };
    withoutAgents.set(q, b);
  }
  return b;
};

function source(
  board: Pick<Board, 'serviceLevelFormula' | 'abandonRate'>,
  queues: readonly QueueView[],
): FigureSource {
  const k = boardKpis(queues.map(bare), board.serviceLevelFormula, board.abandonRate);
  let agents: ReturnType<typeof agentsByStateOf> | undefined;
  return {
    ...k,
    agents: () => {
      agents ??= agentsByStateOf(queues);
      return agents;
    },
  };
}

/**
 * Figures already worked out, shared by every board that reads them the same way (service-level
 * formula, abandon-rate reading): one queue's by its QueueView object, which a patch replaces only
 * when the queue changed, so an unchanged queue is never summed again. None depends on the clock
 * (longest wait ticks in `figureOf`).
 */
export function createFigureCache() {
  const byQueue = new WeakMap<QueueView, Map<string, FigureSource>>();
  const totals = new WeakMap<readonly QueueView[], Map<string, FigureSource>>();
  const keyOf = (board: Pick<Board, 'serviceLevelFormula' | 'abandonRate'>) =>
    `${board.serviceLevelFormula}|${board.abandonRate.countShortAbandons}|${board.abandonRate.minCalls}`;
  return {
    queue(board: Pick<Board, 'serviceLevelFormula' | 'abandonRate'>, q: QueueView): FigureSource {
      let m = byQueue.get(q);
      if (!m) {
        m = new Map();
        byQueue.set(q, m);
      }
      const key = keyOf(board);
      let k = m.get(key);
      if (!k) {
        k = source(board, [q]);
        m.set(key, k);
      }
      return k;
    },
    /**
     * Over many queues: kept per list object (the caller hands the same list while none of its queues
     * changed, see `sameQueues`) and reading.
     */
    total(
      board: Pick<Board, 'serviceLevelFormula' | 'abandonRate'>,
      queues: readonly QueueView[],
    ): FigureSource {
      let m = totals.get(queues);
      if (!m) {
        m = new Map();
        totals.set(queues, m);
      }
      const key = keyOf(board);
      let k = m.get(key);
      if (!k) {
        k = source(board, queues);
        m.set(key, k);
      }
      return k;
    },
  };
}
export type FigureCache = ReturnType<typeof createFigureCache>;

/** A board's figures over its queues: `total` for the board's own tiles, `queue(id)` for one queue (null: not there). */
export function boardFigures(
  board: Pick<Board, 'serviceLevelFormula' | 'abandonRate'>,
  queues: readonly QueueView[],
  cache: FigureCache = createFigureCache(),
) {
  let byId: Map<string, QueueView> | null = null;
  return {
    total: (): FigureSource => cache.total(board, queues),
    queue(id: string): FigureSource | null {
      byId ??= new Map(queues.map((q) => [q.id, q]));
      const q = byId.get(id);
      return q ? cache.queue(board, q) : null;
    },
  };
}

export type BoardFigures = ReturnType<typeof boardFigures>;

/** Whether two lists hold the very same queue objects (nothing of them changed). */
export function sameQueues(a: readonly QueueView[], b: readonly QueueView[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
