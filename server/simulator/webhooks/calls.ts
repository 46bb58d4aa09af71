import { sipUser } from '../../../lib/sources/fields';
import type { CallCdrMessage, CallStartMessage } from '../cdr';
import type { QueueInfo } from '../model';
import type { Emitted } from '../world';
import type {
  ExtensionCallMessage,
  QueueAgentStatusMessage,
  QueueCallerStatusMessage,
  UpdatedCaller,
} from '../wsiMessages';
import type { CallbackCall, CallChange, InboundCall, QueueLabel } from './types';

/**
 * Reads the call lifecycle out of what `CallCenterModel.step()` returns, so the webhook writers need
 * nothing else from the model. Most of it is said outright (call_start, queue_caller_status reasons,
 * QUEUE_CALL with its session, WRAP_UP, call_cdr). One thing is not: which caller an agent's phone
 * rings for (`extension_call` RINGING names no session). The model's routing pass rings free agents
 * for the callers on hold in arrival order, emitting one RINGING per offer in that order, so the
 * RINGING goes to the earliest caller still on hold and not already ringing. Every call's CDR then
 * lists the agents that really rang; a difference is recorded in `problems()` (the tests require
 * none).
 *
 * Deterministic and free of I/O and clocks; it keeps state between batches, as the model does.
 */

type InboundStatus = 'waiting' | 'ringing' | 'talking' | 'gone' | 'callbackWaiting' | 'callbackServed';

interface InboundState {
  call: InboundCall;
  status: InboundStatus;
  ringingAgent?: string;
  /** Every ring of this call, for the check against the CDR. */
  readonly rings: { readonly agent: string; readonly at: number }[];
}

interface CallbackState {
  call: CallbackCall;
}

export interface CallTrackerOptions {
  readonly queues: readonly QueueInfo[];
  /** The board name of a queue, e.g. "Sales (3CX)". */
  readonly queueName: (queue: QueueInfo) => string;
  /** Where the model sends callers whose maximum wait is reached. */
  readonly overflowDestination: string;
}

const SEC = 1000;
/** A change before the tracker numbers it. */
type Unnumbered = CallChange extends infer C ? (C extends CallChange ? Omit<C, 'seq'> : never) : never;
const unixMs = (s: string) => Number(s) * SEC;

export class CallTracker {
  private readonly labels = new Map<string, QueueLabel>();
  private readonly queueOfAgent = new Map<string, string>();
  private readonly inbound = new Map<string, InboundState>();
  /** Per queue, the sessions still listed, in arrival order. */
  private readonly listed = new Map<string, string[]>();
  private readonly ringing = new Map<string, string>();
  private readonly callbacks = new Map<string, CallbackState>();
  /** Agent → the callback call they dialled and that has not connected yet. */
  private readonly dialling = new Map<string, string>();
  /** Agent → the inbound call they talk on (set at the answer, read at wrap-up). */
  private readonly serving = new Map<string, InboundCall>();
  private readonly wrapping = new Map<string, InboundCall>();
  private readonly problemList: string[] = [];
  private calls = 0;
  private seq = 0;

  constructor(private readonly o: CallTrackerOptions) {
    for (const q of o.queues) {
      this.labels.set(q.number, { number: q.number, name: o.queueName(q) });
      this.listed.set(q.number, []);
      for (const a of q.agents) this.queueOfAgent.set(a, q.number);
    }
  }

  /** What went differently from what the messages promised (none expected). */
  problems(): readonly string[] {
    return this.problemList;
  }

  /** The changes a batch of the model's messages makes, in order. */
  changes(emitted: readonly Emitted[]): CallChange[] {
    const out: CallChange[] = [];
    emitted.forEach((e, i) => {
      const m = e.message;
      switch (m.event_type) {
        case 'call_start':
          this.onCallStart(e.at, m, out);
          break;
        case 'call_cdr':
          this.onCallCdr(e.at, m, out);
          break;
        case 'queue_caller_status':
          this.onCallerStatus(e.at, m, out);
          break;
        case 'extension_call':
          this.onExtensionCall(e.at, m, emitted, i, out);
          break;
        case 'queue_agent_status':
          this.onAgentStatus(e.at, m, out);
          break;
        default:
          break; // presence, extension_agent_status, SLA breaches: no webhook says these
      }
    });
    return out;
  }

  private push(out: CallChange[], change: Unnumbered): void {
    out.push({ ...change, seq: this.seq++ } as CallChange);
  }

  private problem(text: string): void {
    this.problemList.push(text);
  }

  private onCallStart(at: number, m: CallStartMessage, out: CallChange[]): void {
    const n = ++this.calls;
    this.push(out, { type: 'pbx', at, message: m });
    if (m.direction === 'out') {
      // A callback: the agent calls the customer back on a call of its own.
      const call: CallbackCall = {
        n,
        sessionId: m.session_id,
        cdrId: m.cdr_id,
        tenantId: m.tenant_id,
        agent: m.caller,
        agentName: m.caller_display_name,
        customer: m.callee,
        customerName: m.callee_display_name,
        startedAt: unixMs(m.time),
      };
      this.callbacks.set(m.session_id, { call });
      this.dialling.set(m.caller, m.session_id);
      this.push(out, { type: 'callbackDialled', at, call });
      return;
    }
    const queue = this.labels.get(m.callee);
    if (!queue) {
      this.problem(`call_start ${m.session_id} to ${m.callee}, which is no queue of this model`);
      return;
    }
    const call: InboundCall = {
      n,
      sessionId: m.session_id,
      cdrId: m.cdr_id,
      tenantId: m.tenant_id,
      caller: m.caller,
      callerName: m.caller_display_name,
      did: m.did,
      queue,
      startedAt: unixMs(m.time),
    };
    this.inbound.set(m.session_id, { call, status: 'waiting', rings: [] });
    this.listed.get(queue.number)?.push(m.session_id);
    this.push(out, { type: 'queued', at, call });
  }

  private onCallCdr(at: number, m: CallCdrMessage, out: CallChange[]): void {
    const cb = this.callbacks.get(m.session_id);
    if (cb) {
      const connectedAt = cb.call.connectedAt ?? at;
      this.push(out, {
        type: 'callbackEnded',
        at,
        call: cb.call,
        talkSeconds: Math.round((at - connectedAt) / SEC),
      });
      this.callbacks.delete(m.session_id);
      this.push(out, { type: 'pbx', at, message: m });
      return;
    }
    const st = this.inbound.get(m.session_id);
    if (!st) {
      this.problem(`call_cdr of unknown session ${m.session_id}`);
      this.push(out, { type: 'pbx', at, message: m });
      return;
    }
    this.checkRings(st, m);
    const { agent, answeredAt } = st.call;
    if (st.status === 'talking' && agent !== undefined && answeredAt !== undefined) {
      st.call = { ...st.call, endedAt: at };
      if (this.serving.get(agent)?.sessionId === st.call.sessionId) this.serving.set(agent, st.call);
      this.push(out, {
        type: 'talkEnded',
        at,
        call: st.call,
        agent,
        talkSeconds: Math.round((at - answeredAt) / SEC),
        reason: m.ended_reason,
      });
    }
    this.push(out, { type: 'pbx', at, message: m });
    // A callback request stays listed until an agent calls back: keep it until then.
    if (st.status !== 'callbackWaiting') this.inbound.delete(m.session_id);
  }

  /** The agents the CDR says rang for this call must be the ones inferred from RINGING. */
  private checkRings(st: InboundState, m: CallCdrMessage): void {
    const fromCdr = m.call_targets
      .filter((t) => t.call_type === 'queue_call' && t.callee !== st.call.queue.number)
      .map((t) => `${t.callee}@${t.start_time}`)
      .sort();
    const inferred = st.rings.map((r) => `${r.agent}@${Math.floor(r.at / SEC)}`).sort();
    if (fromCdr.join() !== inferred.join()) {
      this.problem(
        `session ${m.session_id}: CDR rang [${fromCdr.join(', ')}], inferred [${inferred.join(', ')}]`,
      );
    }
  }

  private unlist(st: InboundState): void {
    const list = this.listed.get(st.call.queue.number);
    const i = list?.indexOf(st.call.sessionId) ?? -1;
    if (list && i >= 0) list.splice(i, 1);
  }

  private onCallerStatus(at: number, m: QueueCallerStatusMessage, out: CallChange[]): void {
    for (const u of m.updated_callers) this.onCaller(at, u, out);
  }

  private onCaller(at: number, u: UpdatedCaller, out: CallChange[]): void {
    const st = this.inbound.get(u.session_id);
    if (!st) {
      this.problem(`queue_caller_status ${u.reason} for unknown session ${u.session_id}`);
      return;
    }
    switch (u.reason) {
      case 'enqueue':
        return;
      case 'agent_answered': {
        this.unlist(st);
        if (st.status === 'callbackWaiting') {
          st.status = 'callbackServed'; // connected: reported at the agent's QUEUE_CALL
          return;
        }
        const agent = st.ringingAgent;
        if (agent === undefined) {
          this.problem(`session ${u.session_id} answered while no agent rang for it`);
          return;
        }
        this.ringing.delete(agent);
        st.ringingAgent = undefined;
        st.status = 'talking';
        st.call = { ...st.call, answeredAt: at, agent };
        this.serving.set(agent, st.call);
        this.push(out, { type: 'answered', at, call: st.call, agent });
        return;
      }
      case 'callback':
        st.status = 'callbackWaiting';
        this.push(out, { type: 'left', at, call: st.call, why: 'callback' });
        return;
      case 'hangup':
      case 'overflow':
        st.status = 'gone';
        this.unlist(st);
        this.push(out, {
          type: 'left',
          at,
          call: st.call,
          why: u.reason,
          ...(u.reason === 'overflow' ? { overflowTo: this.o.overflowDestination } : {}),
        });
        return;
    }
  }

  private onExtensionCall(
    at: number,
    m: ExtensionCallMessage,
    batch: readonly Emitted[],
    index: number,
    out: CallChange[],
  ): void {
    const agent = sipUser(m.extension);
    if (agent === undefined) return;
    if (m.call_status === 'RINGING') {
      const queue = this.queueOfAgent.get(agent);
      const session = (this.listed.get(queue ?? '') ?? []).find(
        (s) => this.inbound.get(s)?.status === 'waiting',
      );
      const st = session === undefined ? undefined : this.inbound.get(session);
      if (!st || session === undefined) {
        this.problem(`${agent} rang at ${at} while nobody waited in queue ${queue}`);
        return;
      }
      st.status = 'ringing';
      st.ringingAgent = agent;
      st.rings.push({ agent, at });
      this.ringing.set(agent, session);
      this.push(out, { type: 'ringing', at, call: st.call, agent });
      return;
    }
    if (m.call_status !== '') return;
    const session = this.ringing.get(agent);
    if (session === undefined) return; // the end of a talk, not of a ring
    this.ringing.delete(agent);
    const st = this.inbound.get(session);
    if (!st) return;
    st.ringingAgent = undefined;
    if (st.status === 'ringing') st.status = 'waiting';
    // A ring the caller cut short is followed, in the same instant, by the caller leaving.
    const leaves = batch
      .slice(index + 1)
      .some(
        (e) =>
          e.at === at &&
          e.message.event_type === 'queue_caller_status' &&
          e.message.updated_callers.some((u) => u.session_id === session && u.reason !== 'agent_answered'),
      );
    this.push(out, { type: 'ringEnded', at, call: st.call, agent, why: leaves ? 'cancelled' : 'noAnswer' });
  }

  private onAgentStatus(at: number, m: QueueAgentStatusMessage, out: CallChange[]): void {
    for (const a of m.updated_agents) {
      const agent = a.agent_extension_number;
      if (a.state === 'QUEUE_CALL') {
        const st = a.session_id === undefined ? undefined : this.inbound.get(a.session_id);
        if (st?.status === 'callbackServed') {
          this.inbound.delete(st.call.sessionId);
          const cbSession = this.dialling.get(agent);
          const cb = cbSession === undefined ? undefined : this.callbacks.get(cbSession);
          this.dialling.delete(agent);
          if (!cb) {
            this.problem(`${agent} serves callback ${a.session_id} without having dialled`);
            continue;
          }
          cb.call = { ...cb.call, connectedAt: at };
          this.push(out, { type: 'callbackConnected', at, call: cb.call });
        } else if (this.serving.get(agent)?.sessionId !== a.session_id) {
          this.problem(`${agent} on a queue call with ${a.session_id}, which it did not answer`);
        }
        continue;
      }
      if (a.state === 'WRAP_UP') {
        const call = this.serving.get(agent);
        this.serving.delete(agent);
        // Wrap-up after a callback call wraps no queue call: no visit gets its time.
        if (call) {
          this.wrapping.set(agent, call);
          this.push(out, { type: 'wrapStarted', at, call, agent });
        }
        continue;
      }
      this.serving.delete(agent);
      const wrapped = this.wrapping.get(agent);
      if (wrapped) {
        this.wrapping.delete(agent);
        this.push(out, { type: 'wrapEnded', at, call: wrapped, agent });
      }
    }
  }
}
