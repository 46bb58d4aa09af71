import { Agenda, Rank } from './agenda';
import { agentEntry, extensionHead } from './agentStatus';
import { dispatch, planArrival } from './callers';
import { type GroundTruth, Truth, type TruthRange } from './groundTruth';
import { IdMint, idBase, runIdBase } from './ids';
import { type ModelOptions, type ModelSettings, parseModelOptions } from './options';
import { PbxClock } from './pbxClock';
import { personName } from './people';
import { mulberry32 } from './random';
import { waitingListEntries } from './waitingList';
import type { Agent, Emitted, Queue, World } from './world';
import {
  type AgentStateName,
  type ExtensionManagementMessage,
  type ExtensionStatusMessage,
  type QueueManagementMessage,
  type QueueStatusMessage,
  unix,
} from './wsiMessages';

/**
 * The call-center model: pure and seeded, with no clock and no timers of its own. Time moves only
 * when `step(toMs)` is called; it then runs everything due up to that instant and returns the WSI
 * messages those changes produced, in order. The server decides who receives which.
 */

const QUEUE_NAMES = ['Sales', 'Support', 'Billing', 'Renewals', 'Technical', 'Accounts', 'Orders', 'Returns'];

export interface QueueInfo {
  readonly number: string;
  readonly id: string;
  readonly name: string;
  readonly agents: readonly string[];
}

export class CallCenterModel {
  readonly settings: ModelSettings;
  readonly tenantId: string;
  readonly startAt: number;
  private readonly agenda = new Agenda();
  private readonly world: World;
  private readonly queueList: Queue[] = [];
  private readonly agentsByExtension = new Map<string, Agent>();
  private outbox: Emitted[] = [];
  private time: number;
  /** The PBX's own clock, which stamps every message (the truth keeps the true time). */
  private readonly clock: PbxClock;

  /** `clock` gives the start when `startAt` is not set; it is read once, here. */
  constructor(options: ModelOptions = {}, clock: () => number = Date.now) {
    const o = parseModelOptions(options);
    this.settings = o;
    this.tenantId = o.tenantId;
    this.startAt = Math.floor((o.startAt ?? clock()) / 1000) * 1000;
    this.time = this.startAt;
    this.clock = new PbxClock({
      startAt: this.startAt,
      offsetMs: o.pbxClockOffsetMs,
      driftMsPerMin: o.pbxClockDriftMsPerMin,
    });
    const ids = {
      queue: new IdMint(idBase(o.seed, 1)),
      extension: new IdMint(idBase(o.seed, 2)),
      session: new IdMint(o.runId === undefined ? idBase(o.seed, 3) : runIdBase(6, o.runId)),
      cdr: new IdMint(o.runId === undefined ? idBase(o.seed, 4) : runIdBase(7, o.runId)),
      leg: new IdMint(o.runId === undefined ? idBase(o.seed, 5) : runIdBase(8, o.runId)),
    };
    // Names come from `seed`; with a run number, what callers and agents do comes from both.
    let rng = mulberry32(o.seed);
    const queueNumbers = Array.from({ length: o.queues }, (_, i) => String(8001 + i));
    const truth = new Truth(queueNumbers, o);
    this.world = {
      o,
      rng: () => rng(),
      tenantId: o.tenantId,
      queues: this.queueList,
      ids,
      truth,
      schedule: (at, rank, run) => this.agenda.schedule(at, rank, run),
      emit: (at, route, message) => this.outbox.push({ at, route, message }),
      dispatchSoon: (queue, at) => {
        if (queue.dispatchAt === at) return;
        queue.dispatchAt = at;
        this.agenda.schedule(at, Rank.dispatch, () => dispatch(this.world, queue, at));
      },
    };
    queueNumbers.forEach((number, i) => {
      const q: Queue = {
        index: i,
        id: ids.queue.next(),
        number,
        name: QUEUE_NAMES[i] ?? `Queue ${i + 1}`,
        did: String(442_071_230_000 + 100 + i),
        peakPerHour: Array.isArray(o.callsPerHour) ? (o.callsPerHour[i] ?? 0) : o.callsPerHour,
        agents: [],
        waiting: [],
        nextArrivalAt: this.startAt,
      };
      for (let j = 0; j < o.agentsPerQueue; j++) {
        const extension = String(101 + i * o.agentsPerQueue + j);
        const agent = this.newAgent(q, extension, ids.extension.next());
        q.agents.push(agent);
        this.agentsByExtension.set(extension, agent);
      }
      this.queueList.push(q);
    });
    if (o.runId !== undefined) rng = mulberry32(Math.imul(o.seed ^ 0x5bd1e995, 31) ^ o.runId);
    for (const q of this.queueList) planArrival(this.world, q);
  }

  /** Every agent starts logged in, Ready and idle at the start. */
  private newAgent(queue: Queue, extension: string, extensionId: string): Agent {
    const t = this.startAt;
    return {
      extension,
      extensionId,
      name: personName(this.world.rng),
      uri: `sip:${extension}@${this.settings.domain}`,
      queue,
      state: 'READY',
      since: t,
      callStatus: '',
      callStatusSince: t,
      presence: 'ONLINE',
      presenceNote: '',
      presenceSince: t,
      online: true,
      onlineSince: t,
      idleSince: t,
      epoch: 0,
    };
  }

  /** Simulated now (ms). */
  get now(): number {
    return this.time;
  }

  /** Run everything due up to `toMs` (inclusive); the messages it produced, oldest first. */
  step(toMs: number): Emitted[] {
    while (this.agenda.nextAt() <= toMs) {
      const next = this.agenda.pop();
      if (!next) break;
      this.time = next.at;
      next.run();
    }
    this.time = Math.max(this.time, toMs);
    const out = this.outbox;
    this.outbox = [];
    return this.clock.exact ? out : out.map((e) => ({ ...e, message: this.clock.stamp(e.message) }));
  }

  queues(): QueueInfo[] {
    return this.queueList.map((q) => ({
      number: q.number,
      id: q.id,
      name: q.name,
      agents: q.agents.map((a) => a.extension),
    }));
  }

  extensions(): string[] {
    return [...this.agentsByExtension.keys()];
  }

  hasQueue(number: string): boolean {
    return this.queueList.some((q) => q.number === number);
  }

  hasExtension(number: string): boolean {
    return this.agentsByExtension.has(number);
  }

  /** What a queue_management_events subscriber is pushed first: every current queue. */
  queueCreated(): QueueManagementMessage[] {
    return this.queueList.map((q) => ({
      event_type: 'queue_created',
      queue_number: q.number,
      tenant_id: this.tenantId,
    }));
  }

  /**
   * Every agent's extension with its display name, as extension management events name them: what a
   * global_extension_management_events subscriber is pushed first (as for queues), and how the demo
   * learns its agents' names.
   */
  extensionCreated(): ExtensionManagementMessage[] {
    return [...this.agentsByExtension.values()].map((a) => ({
      event_type: 'extension_created',
      extension_number: a.extension,
      extension_id: a.extensionId,
      disp_name: a.name,
      username: a.extension,
      enabled: true,
      tenant_id: this.tenantId,
    }));
  }

  /** The queue's current status, as pushed right after a queue_events subscription. */
  queueStatus(number: string): QueueStatusMessage | undefined {
    const q = this.queueList.find((x) => x.number === number);
    if (!q) return undefined;
    return this.clock.stamp({
      event_type: 'queue_status',
      tenant_id: this.tenantId,
      queue_id: q.id,
      queue_number: q.number,
      queue_name: q.name,
      waiting_list: waitingListEntries(q),
      agents: q.agents.map(agentEntry),
    } satisfies QueueStatusMessage);
  }

  /** The current status of the given extensions (unknown numbers are left out). */
  extensionStatus(numbers: readonly string[]): ExtensionStatusMessage {
    const status = numbers.flatMap((n) => {
      const a = this.agentsByExtension.get(n);
      if (!a) return [];
      const head = extensionHead(this.world, a);
      const time = Math.max(a.callStatusSince, a.presenceSince, a.onlineSince);
      return [
        {
          extension: head.extension,
          extension_id: head.extension_id,
          call_status: a.callStatus,
          online: a.online,
          presence: a.presence,
          presence_note: a.presenceNote,
          push_online: false,
          time: unix(time),
        },
      ];
    });
    return this.clock.stamp<ExtensionStatusMessage>({
      event_type: 'extension_status',
      status,
      tenant_id: this.tenantId,
    });
  }

  /** Every agent's queue state as it really is, with the true time they entered it. */
  agentTruth(): { queue: string; extension: string; state: AgentStateName; since: number }[] {
    return this.queueList.flatMap((q) =>
      q.agents.map((a) => ({ queue: q.number, extension: a.extension, state: a.state, since: a.since })),
    );
  }

  /** What really happened, with per-queue figures by docs/metrics.md (visits entered in `range`). */
  groundTruth(range?: TruthRange): GroundTruth {
    return this.world.truth.report(range);
  }
}
