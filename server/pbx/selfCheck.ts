import type { Logger } from 'pino';
import type { DomainEvent, QueueChecked, QueueRef, QueueSnapshotted } from '../../lib/domain/events';
import {
  boardQueue,
  compareQueue,
  countByKind,
  type Difference,
  differenceKey,
  persistent,
  type QueueReport,
} from '../../lib/domain/reconcile';
import type { DomainState } from '../../lib/domain/state';
import { type SubscribeCommand, subscribeTo } from '../../lib/sources/portsip/commands';
import { Stopped } from './restClient';
import type { RestQueueLists } from './restQueueLists';
import type { TimerBag } from './timers';

/**
 * The self-check of one WSI connection (docs/metrics.md, "Drift"): once its snapshots are in and then
 * every `intervalMs`, each followed queue in turn is re-subscribed, one at a time, and the fresh
 * `queue_status` it brings is compared with what the board believed just before it applied (a
 * WebSocket is ordered: every earlier frame has been applied by then). The snapshot heals the board
 * as any snapshot does; the differences are journaled as a `queueChecked` fact beside it. With REST
 * configured, the queue's REST lists are compared as well (counted, not applied: they carry no agent
 * states, and they are read over a while, so only what differs both before and after counts). Not
 * healed, a REST difference would be found again by every check: it counts once, until it is gone.
 */
export interface SelfCheckOptions {
  readonly source: string;
  readonly intervalMs: number;
  /** How long a re-subscribe may wait for its queue_status. */
  readonly timeoutMs: number;
  /** Queue numbers this connection follows now. */
  readonly queues: () => readonly string[];
  /** What the board believes now. */
  readonly board: () => DomainState;
  readonly rest?: RestQueueLists;
  readonly send: (command: SubscribeCommand) => void;
  /** A REST check's fact (a snapshot's goes out with its frame: see onSnapshot). */
  readonly emit: (events: readonly DomainEvent[]) => void;
  /** After each round: what failed (null: nothing), and when the PBX last answered a check. */
  readonly onRound: (failed: string | null, answeredAt: number | null) => void;
  readonly now: () => number;
  readonly timers: TimerBag;
  readonly logger: Logger;
}

export interface SelfCheck {
  start(): void;
  /** Before a snapshot frame's events are applied: the facts to journal after them (empty: not awaited). */
  onSnapshot(events: readonly DomainEvent[], receivedAt: number): DomainEvent[];
  stop(): void;
}

type Waiter = { readonly queue: string; readonly done: (answered: boolean) => void };
type Known = { readonly ref: QueueRef; readonly tenant?: string };

export function createSelfCheck(o: SelfCheckOptions): SelfCheck {
  let stopped = false;
  let waiter: Waiter | null = null;
  /** How each queue was last named by a snapshot: its id (REST's key) and tenant (the board's scope). */
  const known = new Map<string, Known>();
  /** Per queue, the REST differences counted already and still there at the last check. */
  const restCounted = new Map<string, Set<string>>();

  function checked(e: Known, via: QueueChecked['via'], at: number, diffs: Difference[]): QueueChecked {
    if (diffs.length > 0) {
      o.logger.info(
        { queue: e.ref.number, via, differences: diffs },
        'self-check: the board differed from the PBX',
      );
    }
    return {
      type: 'queueChecked',
      source: o.source,
      origin: 'portsip-wsi',
      ...(e.tenant === undefined ? {} : { tenant: e.tenant }),
      at,
      atArrival: true,
      queue: e.ref,
      via,
      differences: countByKind(diffs),
    };
  }

  function onSnapshot(events: readonly DomainEvent[], receivedAt: number): DomainEvent[] {
    const out: DomainEvent[] = [];
    for (const e of events) {
      if (e.type !== 'queueSnapshotted' || e.queue.number === undefined) continue;
      const entry = { ref: e.queue, ...(e.tenant === undefined ? {} : { tenant: e.tenant }) };
      known.set(e.queue.number, entry);
      if (waiter?.queue !== e.queue.number) continue;
      const board = boardQueue(o.board(), e, e.queue);
      out.push(checked(entry, 'snapshot', receivedAt, compareQueue(board, reportOf(e))));
      waiter.done(true);
    }
    return out;
  }

  /** Re-subscribe one queue; true once its queue_status came (onSnapshot), false at the timeout. */
  function viaSnapshot(queue: string): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = o.timers.after(o.timeoutMs, () => finish(false));
      const finish = (answered: boolean) => {
        o.timers.clear(timer);
        if (waiter?.queue === queue) waiter = null;
        resolve(answered);
      };
      waiter = { queue, done: finish };
      o.send(subscribeTo.queues([queue]));
    });
  }

  async function viaRest(rest: RestQueueLists, queue: string): Promise<string | null> {
    // A snapshot of the queue (its WSI check, just before) tells its tenant: the board's scope.
    const entry = known.get(queue);
    if (!entry) return `queue ${queue}: no snapshot of it yet to compare REST with`;
    const fact = { source: o.source, ...(entry.tenant === undefined ? {} : { tenant: entry.tenant }) };
    const before = boardQueue(o.board(), fact, entry.ref);
    try {
      const lists = await rest.lists(queue);
      if (stopped) return null;
      const report: QueueReport = {
        queue: entry.ref,
        waiting: lists.waiting,
        agents: lists.agents.map((extension) => ({ extension, state: null })),
      };
      const after = boardQueue(o.board(), fact, entry.ref);
      const diffs = persistent(compareQueue(before, report), compareQueue(after, report));
      const counted = restCounted.get(queue);
      restCounted.set(queue, new Set(diffs.map(differenceKey)));
      const fresh = diffs.filter((d) => !counted?.has(differenceKey(d)));
      o.emit([checked(entry, 'rest', o.now(), fresh)]);
      return null;
    } catch (err) {
      if (err instanceof Stopped || stopped) return null;
      return `queue ${queue}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  async function round(): Promise<void> {
    const failed: string[] = [];
    let answeredAt: number | null = null;
    for (const queue of o.queues()) {
      if (stopped) return;
      if (await viaSnapshot(queue)) answeredAt = o.now();
      else failed.push(`queue ${queue}: no queue_status within ${o.timeoutMs / 1000} s`);
      if (stopped) return;
      if (!o.rest) continue;
      const restFailed = await viaRest(o.rest, queue);
      if (restFailed) failed.push(restFailed);
      else if (!stopped) answeredAt = o.now();
    }
    if (stopped) return;
    if (failed.length > 0) o.logger.warn({ failed }, 'self-check incomplete: nothing counted for these');
    o.onRound(failed.length > 0 ? `self-check failed: ${failed.join('; ')}` : null, answeredAt);
  }

  function next(): void {
    if (stopped) return;
    round()
      .catch((err: unknown) => o.logger.error({ err }, 'self-check round failed'))
      .finally(() => {
        if (!stopped) o.timers.after(o.intervalMs, next);
      });
  }

  return {
    start: next,
    onSnapshot,
    stop() {
      stopped = true;
      waiter?.done(false);
      o.rest?.stop();
    },
  };
}

function reportOf(e: QueueSnapshotted): QueueReport {
  return {
    queue: e.queue,
    waiting: e.waiting.map((c) => c.sessionId),
    agents: e.agents.map((a) => ({ extension: a.extension, state: a.state })),
  };
}
