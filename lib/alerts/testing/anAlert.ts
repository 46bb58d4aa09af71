import type { Alert } from '../evaluate';

/**
 * An alert for tests: raised on a board's total, waiting 7 over a critical 6, nobody on it yet; `over`
 * changes what the test is about.
 */
export const anAlert = (over: Partial<Alert> = {}): Alert => ({
  id: 1,
  boardId: 'floor',
  ruleId: 'r',
  queue: null,
  figure: 'waiting',
  severity: 'critical',
  direction: 'above',
  limit: 6,
  state: 'raised',
  badSince: 0,
  raisedAt: 0,
  value: 7,
  worst: 7,
  notified: true,
  acknowledgedAt: null,
  acknowledgedBy: null,
  note: null,
  snoozedUntil: null,
  snoozedBy: null,
  clearedAt: null,
  clearReason: null,
  ...over,
});
