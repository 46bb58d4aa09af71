import type { ExtensionView } from '../domain/view';
import { type AgentFigures, agentFiguresAt } from './agentFigures';
import { type AgentSummary, agentNow } from './agents';

/**
 * The agents page's figures table: one row per agent over the queues looked at, its columns and how
 * each sorts (docs/metrics.md, "Per-agent figures"). Pure: `now` is given.
 */
export interface AgentFigureRow {
  readonly id: string;
  readonly name: string;
  readonly extension: string;
  readonly figures: AgentFigures | null;
  readonly presenceNote: string | null;
  /** Server time the presence note holds since; null: unknown. */
  readonly presenceSince: number | null;
}

export const AGENT_COLUMNS = [
  'agent',
  'answered',
  'missed',
  'talk',
  'hold',
  'wrap',
  'aht',
  'longest',
  'ready',
  'queueCall',
  'otherCall',
  'wrapUp',
  'notReady',
  'loggedIn',
  'presence',
] as const;
export type AgentColumn = (typeof AGENT_COLUMNS)[number];

export const AGENT_COLUMN_LABEL: Record<AgentColumn, string> = {
  agent: 'Agent',
  answered: 'Answered',
  missed: 'Missed',
  talk: 'Talk',
  hold: 'Hold',
  wrap: 'Wrap-up',
  aht: 'AHT',
  longest: 'Longest call',
  ready: 'Ready',
  queueCall: 'Queue call',
  otherCall: 'Other call',
  wrapUp: 'In wrap-up',
  notReady: 'Not ready',
  loggedIn: 'Logged in',
  presence: 'Presence note',
};

export function agentFigureRow(
  agent: AgentSummary,
  extension: ExtensionView | undefined,
  scope: ReadonlySet<string> | null,
  now: number,
): AgentFigureRow {
  const memberships = agent.queues.filter((m) => !scope || scope.has(m.queue));
  const note = extension?.presenceNote?.trim() || null;
  return {
    id: agent.id,
    name: agent.name ?? agent.extension,
    extension: agent.extension,
    figures: agentNow(agent, scope) ? agentFiguresAt(memberships, now) : null,
    presenceNote: note,
    presenceSince: note ? (extension?.presenceSince ?? null) : null,
  };
}

/** A column's value in a row: a number or text; null (unknown) sorts last either way. */
export function columnValue(row: AgentFigureRow, column: AgentColumn): number | string | null {
  const f = row.figures;
  switch (column) {
    case 'agent':
      return row.name;
    case 'presence':
      return row.presenceNote;
    case 'answered':
      return f?.answered ?? null;
    case 'missed':
      return f?.missed ?? null;
    case 'talk':
      return f?.talkSeconds ?? null;
    case 'hold':
      return f?.holdSeconds ?? null;
    case 'wrap':
      return f?.wrapSeconds ?? null;
    case 'aht':
      return f?.ahtSeconds ?? null;
    case 'longest':
      return f?.longestTalkSeconds ?? null;
    case 'loggedIn':
      return f?.loggedInSeconds ?? null;
    default:
      return f?.stateSeconds[column] ?? null;
  }
}

export type SortDirection = 'ascending' | 'descending';

/** Sorted copy; unknown values last in both directions; ties by name, then extension. */
export function sortAgentRows(
  rows: readonly AgentFigureRow[],
  column: AgentColumn,
  direction: SortDirection,
): AgentFigureRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = columnValue(a, column);
    const y = columnValue(b, column);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      return (
        sign * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)))
      );
    }
    return a.name.localeCompare(b.name) || a.extension.localeCompare(b.extension);
  });
}

/** A new column sorts its natural way first: text A→Z, figures largest first. */
export const firstDirection = (column: AgentColumn): SortDirection =>
  column === 'agent' || column === 'presence' ? 'ascending' : 'descending';
