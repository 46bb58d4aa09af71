/** The columns of a queue table: which exist, which the kiosk keeps, and their headings. */

/** Every column a queue row can show, in the supervisor table's order. */
export const SUPERVISOR_COLUMNS = [
  'waiting',
  'callbacks',
  'longestWait',
  'serviceLevel',
  'offered',
  'answered',
  'abandoned',
  'abandonRate',
  'asa',
  'aht',
  'agents',
  'slaBreaches',
] as const;
export type QueueColumn = (typeof SUPERVISOR_COLUMNS)[number];

/** Fewer, wider columns on the wall: each must hold "100 % ◆" at a size readable from 5 m. */
export const KIOSK_COLUMNS: readonly QueueColumn[] = [
  'waiting',
  'longestWait',
  'serviceLevel',
  'abandonRate',
  'asa',
  'agents',
];

export const HEADING: Record<QueueColumn, { short: string; long?: string; kiosk?: string }> = {
  waiting: { short: 'Waiting' },
  callbacks: { short: 'Callbacks', long: 'Waiting for a callback' },
  longestWait: { short: 'Longest wait', kiosk: 'Longest' },
  offered: { short: 'Offered' },
  answered: { short: 'Answered' },
  abandoned: { short: 'Abandoned' },
  abandonRate: { short: 'Abandon %', long: 'Abandon rate', kiosk: 'Aband.' },
  serviceLevel: { short: 'SL', long: 'Service level' },
  asa: { short: 'ASA', long: 'Average speed of answer' },
  aht: { short: 'AHT', long: 'Average handle time' },
  agents: { short: 'Ready', long: 'Agents ready of agents signed in' },
  slaBreaches: { short: 'SLA breaches' },
};
