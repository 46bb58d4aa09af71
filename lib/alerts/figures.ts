import { type BoardKpis, boardKpis, longestWaitFrom } from '../board/kpis';
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

export function figureOf(k: BoardKpis, figure: AlertFigure, now: number): number | null {
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
    case 'agentsSignedIn':
      return k.agents === null ? null : STAFFED.reduce((n, s) => n + (k.agents?.[s] ?? 0), 0);
    case 'slaBreaches':
      return k.slaBreaches;
  }
}

/**
 * A board's figures over a set of queues, worked out once per evaluation however many rules ask:
 * `total` for the board's own tiles, `queue(id)` for one queue (null when the queue is not there).
 */
export function boardFigures(
  board: Pick<Board, 'serviceLevelFormula' | 'abandonRate'>,
  queues: readonly QueueView[],
) {
  let total: BoardKpis | null = null;
  const perQueue = new Map<string, BoardKpis | null>();
  return {
    total(): BoardKpis {
      total ??= boardKpis(queues, board.serviceLevelFormula, board.abandonRate);
      return total;
    },
    queue(id: string): BoardKpis | null {
      let k = perQueue.get(id);
      if (k === undefined) {
        const q = queues.find((x) => x.id === id);
        k = q ? boardKpis([q], board.serviceLevelFormula, board.abandonRate) : null;
        perQueue.set(id, k);
      }
      return k;
    },
  };
}
