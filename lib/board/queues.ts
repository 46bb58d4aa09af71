import type { QueueView } from '../domain/view';
import type { Board } from './model';

/** Which queues a board shows, in which order. Pure. */

/** A queue's display name: its name, else its number, else its id. */
export function queueLabel(q: Pick<QueueView, 'id' | 'name' | 'number'>): string {
  return q.name ?? q.number ?? q.id;
}

/**
 * A label's trailing parenthesised part, which names commonly use for the PBX or site ("Sales
 * (PortSIP webhook)"), apart from the rest, so a narrow column can put it on a line of its own.
 */
export function splitLabelSuffix(label: string): { main: string; suffix: string | null } {
  const m = /^(.*\S)\s*\(([^()]+)\)$/.exec(label.trim());
  return m ? { main: m[1] as string, suffix: m[2] as string } : { main: label, suffix: null };
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** "all": every reported queue, sorted by label (numbers in numeric order), then id. */
export function compareQueues(
  a: Pick<QueueView, 'id' | 'name' | 'number'>,
  b: Pick<QueueView, 'id' | 'name' | 'number'>,
): number {
  return collator.compare(queueLabel(a), queueLabel(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * The board's queues, in display order: a list keeps its order and skips queues no source reports
 * (yet); "all" is every queue, sorted by label.
 */
export function boardQueues(board: Pick<Board, 'queues'>, queues: readonly QueueView[]): QueueView[] {
  if (board.queues === 'all') return [...queues].sort(compareQueues);
  const byId = new Map(queues.map((q) => [q.id, q]));
  const out: QueueView[] = [];
  const seen = new Set<string>();
  for (const id of board.queues) {
    const q = byId.get(id);
    if (q && !seen.has(id)) {
      out.push(q);
      seen.add(id);
    }
  }
  return out;
}

/** The same over the store's shape (ids + record), returning ids: cheap to compare shallowly. */
export function boardQueueIds(
  board: Pick<Board, 'queues'>,
  queueIds: readonly string[],
  queues: Readonly<Record<string, QueueView>>,
): string[] {
  const views = queueIds.flatMap((id) => {
    const q = queues[id];
    return q ? [q] : [];
  });
  return boardQueues(board, views).map((q) => q.id);
}

/** Queue ids a board names that no source reports: the board says so instead of hiding them. */
export function missingQueues(
  board: Pick<Board, 'queues'>,
  queues: readonly Pick<QueueView, 'id'>[],
): string[] {
  if (board.queues === 'all') return [];
  const known = new Set(queues.map((q) => q.id));
  return [...new Set(board.queues)].filter((id) => !known.has(id));
}

/** The scope of a queue or extension key (`<scope>/<number>`, lib/domain/keys.ts). */
export function scopeOfKey(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash);
}

/**
 * Queues whose label another queue of the list shares (the same number on two PBXs): the boards add
 * the scope to tell them apart.
 */
export function ambiguousQueueIds(queues: readonly Pick<QueueView, 'id' | 'name' | 'number'>[]): string[] {
  const byLabel = new Map<string, string[]>();
  for (const q of queues) {
    const label = queueLabel(q).toLowerCase();
    const ids = byLabel.get(label);
    if (ids) ids.push(q.id);
    else byLabel.set(label, [q.id]);
  }
  return [...byLabel.values()].filter((ids) => ids.length > 1).flat();
}
