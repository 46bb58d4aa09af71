import type { AgentState } from '../../lib/domain/events';

export const AGENT_STATE_LABEL: Readonly<Record<AgentState, string>> = {
  queueCall: 'Queue call',
  otherCall: 'Other call',
  wrapUp: 'Wrap-up',
  ready: 'Ready',
  notReady: 'Not ready',
  loggedOut: 'Logged out',
  offline: 'Offline',
};

/**
 * A glyph per state beside its colour (colour-blind safe; the label is printed too). Each is in the
 * fonts a signage box has (DejaVu Sans): ⏸ and ⏻ were drawn as empty boxes on Debian's Chromium
 * (e2e/kiosk.spec.ts checks every glyph is drawn).
 */
export const AGENT_STATE_GLYPH: Readonly<Record<AgentState, string>> = {
  queueCall: '☎',
  otherCall: '☏',
  wrapUp: '✎',
  ready: '✓',
  notReady: '‖',
  loggedOut: '⊘',
  offline: '✕',
};

export const TILE_LABEL = {
  waiting: 'Waiting now',
  longestWait: 'Longest wait',
  serviceLevel: 'Service level',
  offered: 'Offered',
  answered: 'Answered',
  abandoned: 'Abandoned',
  abandonRate: 'Abandon rate',
  asa: 'ASA',
  aht: 'AHT',
  agents: 'Agents',
  slaBreaches: 'SLA breaches',
} as const;
