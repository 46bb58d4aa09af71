import type { DomainEvent } from '../../lib/domain/events';
import type { WsiSnapshot } from '../../lib/sources';
import { subscribeTo } from '../../lib/sources/portsip/commands';
import { joinDetails, refusal, type Session, type SessionHooks, type WsiReply } from './session';
import type { Timer } from './timers';
import type { WsiTiming } from './timing';

export interface TenantPlan {
  /** Queue numbers to follow; empty = every queue the PBX announces (and later creates). */
  readonly queues: readonly string[];
  /** Extension numbers to follow; empty = every agent the queue snapshots reveal (and later add). */
  readonly extensions: readonly string[];
}

/**
 * Why the `waitingFor` steps: queue numbers are only known from the queue_created burst that follows
 * the management subscribe, and agent numbers only from the queue_status snapshots that follow the
 * queue subscribe. The doc documents no end-of-burst marker (nor any subscribe reply), so each step
 * waits for a quiet period after the last frame of its burst (or, for agents, for every snapshot).
 */
type Step = 'queues' | 'agents' | 'done';

export function createTenantSession(plan: TenantPlan, timing: WsiTiming, hooks: SessionHooks): Session {
  const discoverQueues = plan.queues.length === 0;
  const discoverAgents = plan.extensions.length === 0;
  let waitingFor: Step = 'queues';
  const announcedQueues = new Set<string>(); // queue_created seen before the queue subscribe
  const subscribedQueues = new Set<string>();
  const subscribedExtensions = new Set<string>();
  const unsubscribedAgents = new Set<string>(); // seen in queue frames, not subscribed yet
  const pendingQueues = new Set<string>(); // subscribed, no queue_status yet (during resync)
  const pendingExtensions = new Set<string>(); // subscribed, no extension_status yet (during resync)
  const refusals: string[] = [];
  let resynced = false;
  let missingDetail: string | null = null; // what the snapshot timeout gave up on
  let quietTimer: Timer | null = null;
  let snapshotTimer: Timer | null = null;

  function afterQuiet(next: () => void): void {
    hooks.timers.clear(quietTimer);
    quietTimer = hooks.timers.after(timing.discoveryQuietMs, next);
  }

  function subscribeQueues(numbers: Iterable<string>): void {
    const fresh = [...numbers].filter((n) => !subscribedQueues.has(n));
    if (fresh.length === 0) return;
    for (const n of fresh) {
      subscribedQueues.add(n);
      if (!resynced) pendingQueues.add(n);
    }
    hooks.send(subscribeTo.queues(fresh));
  }

  function subscribeExtensions(numbers: Iterable<string>): void {
    const fresh = [...numbers].filter((n) => !subscribedExtensions.has(n));
    unsubscribedAgents.clear();
    if (fresh.length === 0) return;
    for (const n of fresh) {
      subscribedExtensions.add(n);
      if (!resynced) pendingExtensions.add(n);
    }
    hooks.send(subscribeTo.extensions(fresh));
  }

  function queueStep(): void {
    hooks.timers.clear(quietTimer);
    waitingFor = 'agents';
    subscribeQueues(discoverQueues ? announcedQueues : plan.queues);
    // Configured extensions need no snapshot to be known; discovered ones wait for the agent lists.
    if (!discoverAgents || pendingQueues.size === 0) agentStep();
    else afterQuiet(agentStep);
  }

  function agentStep(): void {
    hooks.timers.clear(quietTimer);
    waitingFor = 'done';
    subscribeExtensions(discoverAgents ? unsubscribedAgents : plan.extensions);
    hooks.send(subscribeTo.cdrs());
    finishWhenComplete();
  }

  function finishWhenComplete(): void {
    if (resynced || waitingFor !== 'done' || pendingQueues.size > 0 || pendingExtensions.size > 0) return;
    finish(null);
  }

  function giveUpWaiting(): void {
    if (resynced) return;
    const missing = joinDetails([
      pendingQueues.size > 0 ? `queues ${[...pendingQueues].join(', ')}` : null,
      pendingExtensions.size > 0 ? `extensions ${[...pendingExtensions].join(', ')}` : null,
      waitingFor !== 'done' ? `subscribe sequence still waiting for ${waitingFor}` : null,
    ]);
    const seconds = Math.round(timing.snapshotTimeoutMs / 100) / 10;
    hooks.logger.warn({ missing }, 'WSI snapshots incomplete: going on without them');
    finish(`no snapshot within ${seconds} s for ${missing}`);
  }

  function finish(missing: string | null): void {
    resynced = true;
    missingDetail = missing;
    hooks.timers.clear(snapshotTimer);
    pendingQueues.clear();
    pendingExtensions.clear();
    hooks.report('connected', joinDetails([missingDetail, ...refusals]));
  }

  function noteAgent(extension: string): void {
    if (discoverAgents && !subscribedExtensions.has(extension)) unsubscribedAgents.add(extension);
  }

  function noteEvent(e: DomainEvent, snapshot: WsiSnapshot | undefined, createdQueues: string[]): void {
    switch (e.type) {
      case 'queueCreated': {
        const n = e.queue.number;
        if (n === undefined || !discoverQueues) return;
        if (waitingFor === 'queues') {
          announcedQueues.add(n);
          afterQuiet(queueStep);
        } else if (!subscribedQueues.has(n)) createdQueues.push(n);
        return;
      }
      case 'queueDeleted': {
        const n = e.queue.number;
        if (n === undefined) return;
        // Forget it, so a queue created again under the same number is subscribed again.
        announcedQueues.delete(n);
        subscribedQueues.delete(n);
        pendingQueues.delete(n);
        return;
      }
      case 'queueSnapshotted':
        if (e.queue.number !== undefined) pendingQueues.delete(e.queue.number);
        for (const a of e.agents) noteAgent(a.extension);
        if (waitingFor === 'agents' && discoverAgents) {
          if (pendingQueues.size === 0) agentStep();
          else afterQuiet(agentStep);
        }
        return;
      case 'agentStateChanged':
        noteAgent(e.agent.extension);
        return;
      default:
        if (snapshot === 'extension' && 'extension' in e && typeof e.extension === 'object') {
          pendingExtensions.delete(e.extension.number);
        }
    }
  }

  return {
    queues: () => [...subscribedQueues],
    start() {
      hooks.send(subscribeTo.queueManagement());
      snapshotTimer = hooks.timers.after(timing.snapshotTimeoutMs, giveUpWaiting);
      if (discoverQueues) afterQuiet(queueStep);
      else queueStep();
    },
    onEvents(events, snapshot) {
      const createdQueues: string[] = [];
      for (const e of events) noteEvent(e, snapshot, createdQueues);
      subscribeQueues(createdQueues);
      // Agents seen after the extension subscribe get one more subscribe with just them.
      if (waitingFor === 'done' && unsubscribedAgents.size > 0) subscribeExtensions(unsubscribedAgents);
      finishWhenComplete();
    },
    onReply(reply: WsiReply, label) {
      if (!reply.ok) {
        refusals.push(refusal(reply, label));
        hooks.logger.warn({ subscribe: label, error: reply.error }, 'WSI subscribe refused');
        if (resynced) hooks.report('connected', joinDetails([missingDetail, ...refusals]));
      }
      // The management reply may come before or after its queue_created burst: wait for quiet again.
      if (waitingFor === 'queues' && discoverQueues) afterQuiet(queueStep);
    },
  };
}
