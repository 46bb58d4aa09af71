import { describe, expect, it } from 'vitest';
import { readWsiFrame } from '../../lib/sources/portsip/wsi';
import { CallCenterModel } from './model';
import type { WsiMessage } from './world';

/** What the model emits, held against our own WSI reader and the doc's shapes. */

const START = Date.UTC(2026, 2, 10, 8, 0, 0);
const HOUR = 3_600_000;
const BUSY = {
  startAt: START,
  agentsPerQueue: 10,
  callsPerHour: 240,
  callbackShare: 0.3,
  maxWaitSeconds: 120,
};

/** Every message of a busy morning, plus the snapshots a subscriber gets, taken mid-run. */
function busyMorning(): WsiMessage[] {
  const m = new CallCenterModel({ ...BUSY, seed: 11 });
  const messages: WsiMessage[] = [...m.queueCreated()];
  for (let h = 1; h <= 3; h++) {
    messages.push(...m.step(START + h * HOUR).map((e) => e.message));
    for (const q of m.queues()) {
      const status = m.queueStatus(q.number);
      if (status) messages.push(status);
    }
    messages.push(m.extensionStatus(m.extensions()));
  }
  return messages;
}

const TIME_KEYS = new Set(['time', 'timestamp', 'start_time', 'ended_time', 'ring_time']);
const ID_KEYS = new Set(['tenant_id', 'queue_id', 'session_id', 'extension_id', 'cdr_id', 'id']);

/** Every time a unix-second string, every id an 18-digit string, wherever it sits. */
function checkFields(value: unknown, problems: string[], path = ''): void {
  if (Array.isArray(value)) {
    for (const [i, v] of value.entries()) checkFields(v, problems, `${path}[${i}]`);
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const at = `${path}.${k}`;
      if (TIME_KEYS.has(k) && !(typeof v === 'string' && /^\d{10}$/.test(v))) problems.push(`${at}=${v}`);
      if (k === 'answered_time' && !(typeof v === 'string' && /^(0|\d{10})$/.test(v))) problems.push(at);
      if (ID_KEYS.has(k) && !(typeof v === 'string' && /^\d{18}$/.test(v))) problems.push(`${at}=${v}`);
      checkFields(v, problems, at);
    }
  }
}

describe('what the model emits', () => {
  const messages = busyMorning();

  it('is accepted by our WSI reader: no rejection, no warning, nothing ignored', () => {
    const problems: string[] = [];
    for (const message of messages) {
      const text = JSON.stringify(message);
      const r = readWsiFrame(text, { source: 'sim', receivedAt: START + 3 * HOUR });
      if (r.kind !== 'event') problems.push(`read as a reply: ${text}`);
      else if (!r.result.ok) problems.push(`${r.result.error}: ${text}`);
      else if (r.result.warnings || r.result.ignored || r.result.events.length === 0) {
        problems.push(`${JSON.stringify(r.result.warnings ?? r.result.ignored ?? 'no events')}: ${text}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('covers every message type, caller reason and agent state', () => {
    const types = new Set(messages.map((m) => m.event_type));
    expect([...types].sort()).toEqual(
      [
        'call_cdr',
        'call_start',
        'extension_agent_status',
        'extension_call',
        'extension_presence',
        'extension_status',
        'queue_agent_status',
        'queue_caller_status',
        'queue_created',
        'queue_sla_breached',
        'queue_status',
      ].sort(),
    );
    const reasons = new Set(
      messages.flatMap((m) =>
        m.event_type === 'queue_caller_status' ? m.updated_callers.map((c) => c.reason) : [],
      ),
    );
    expect([...reasons].sort()).toEqual(['agent_answered', 'callback', 'enqueue', 'hangup', 'overflow']);
    const states = new Set(
      messages.flatMap((m) =>
        m.event_type === 'queue_agent_status' ? m.updated_agents.map((a) => a.state) : [],
      ),
    );
    expect([...states].sort()).toEqual(['NOT_READY', 'ONLINE', 'QUEUE_CALL', 'READY', 'WRAP_UP']);
  });

  it('writes times as unix-second strings and ids as 18-digit strings', () => {
    const problems: string[] = [];
    for (const m of messages) checkFields(m, problems, m.event_type);
    expect(problems.slice(0, 10)).toEqual([]);
  });

  it('gives each finished call a CDR under the session id of its queue events, queue target first', () => {
    const answered = messages.flatMap((m) =>
      m.event_type === 'queue_caller_status'
        ? m.updated_callers.filter((c) => c.reason === 'agent_answered' && c.type === 'normal')
        : [],
    );
    const cdrs = new Map(
      messages.flatMap((m) => (m.event_type === 'call_cdr' ? [[m.session_id, m] as const] : [])),
    );
    const c = answered.find((a) => cdrs.has(a.session_id));
    const cdr = c && cdrs.get(c.session_id);
    expect(cdr?.direction).toBe('in');
    const [queue, ...agents] = cdr?.call_targets ?? [];
    expect(queue).toMatchObject({ callee: cdr?.callee, call_type: 'queue_call', status_code: 0 });
    expect(queue?.callee).toMatch(/^80\d\d$/);
    const answeredAgent = agents.find((t) => t.answered_time !== '0');
    expect(answeredAgent?.answered_time).toBe(c?.timestamp);
    expect(answeredAgent?.talk_duration).toBe(
      String(Number(answeredAgent?.ended_time) - Number(answeredAgent?.answered_time)),
    );
    expect(queue?.ended_time).toBe(c?.timestamp);
  });
});
