import type { ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import type { Scheduler } from '../../server/hub/hub';
import type { Decode } from './fanoutDecode';

/**
 * What fanout.ts (the server process) and fanoutClients.ts (the clients' process) share: the clock,
 * the IPC messages, the latency summary, and the attribution of each patch to the events it carries.
 */

/** Wall-clock milliseconds with sub-ms resolution; the same clock in both processes. */
export const clock = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type Mode = 'socketio' | 'ws';

export type ToClients =
  | { type: 'connect'; mode: Mode; decode: Decode; url: string; token: string; count: number; batch: number }
  | { type: 'disconnect' }
  | { type: 'ping'; t: number }
  | { type: 'mark' }
  | { type: 'progress' }
  | { type: 'report'; ingestAt: [number, number][] };

export type FromClients =
  | { type: 'connected'; count: number; failed: number; ms: number }
  | { type: 'disconnected' }
  | { type: 'pong'; t: number; child: number }
  | { type: 'progress'; minSeq: number; received: number }
  | { type: 'report'; report: LatencyReport };

export interface LatencyReport {
  /** Client receipts with a known ingest time. */
  readonly samples: number;
  /** Receipts expected (attributed patches × clients) but not seen when the report was asked for. */
  readonly missing: number;
  /** Times a client saw seq jump by more than one. */
  readonly gaps: number;
  /** Clients dropped while measuring, by reason. */
  readonly disconnects: Record<string, number>;
  /** Over all expected receipts: null when that rank was never received (counted as infinitely late). */
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly p999: number | null;
  readonly max: number | null;
  /** Over the receipts seen. */
  readonly mean: number;
  /** CPU of the clients' process since `mark`, ms (user + system), and the wall time it covers. */
  readonly cpuMs: number;
  readonly wallMs: number;
}

export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
}

/**
 * Which events each patch carries. The hub publishes patch seq N with everything reduced since N − 1,
 * at the end of its window; a window whose events changed nothing visible publishes no patch. So: keep
 * the oldest ingest time not yet published; a patch takes it; a window timer that fires and publishes
 * nothing drops it. The scheduler handed to the hub is Node's own timers, wrapped to see that; the
 * hub's window (50 ms) and flush logic are unchanged.
 */
export function createAttribution() {
  let pending: number | null = null;
  let published = false;
  let firedAt = 0;
  let patchAt = 0;
  const ingestAt = new Map<number, number>();
  /** Per patch, ms: oldest event → window timer fired; timer lateness; publish; broadcast (sync part). */
  const parts = {
    window: [] as number[],
    late: [] as number[],
    publish: [] as number[],
    send: [] as number[],
  };
  let windowsWithoutPatch = 0;
  let unattributed = 0;
  const scheduler: Scheduler = {
    setTimeout: (fn, ms) => {
      const due = clock() + ms;
      return setTimeout(() => {
        published = false;
        firedAt = clock();
        parts.late.push(firedAt - due);
        fn();
        if (!published && pending !== null) {
          pending = null;
          windowsWithoutPatch += 1;
        }
      }, ms);
    },
    clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
  };
  return {
    scheduler,
    /** Events handed to the hub; `at`: when they arrived (the clock above). */
    ingested(at: number): void {
      if (pending === null) pending = at;
    },
    /** Register before the broadcaster's patch listener; it only notes the time. */
    patch(seq: number): void {
      published = true;
      patchAt = clock();
      if (pending === null) unattributed += 1;
      else {
        ingestAt.set(seq, pending);
        parts.window.push(firedAt - pending);
        parts.publish.push(patchAt - firedAt);
      }
      pending = null;
    },
    /** Register after the broadcaster's patch listener: the broadcast has been handed to the sockets. */
    sent(): void {
      parts.send.push(clock() - patchAt);
    },
    ingestAt: () => ingestAt,
    stats: () => {
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      const summary = (xs: number[]) => ({
        p50: percentile(sorted(xs), 0.5),
        p99: percentile(sorted(xs), 0.99),
      });
      return {
        patches: ingestAt.size,
        windowsWithoutPatch,
        unattributed,
        window: summary(parts.window),
        late: summary(parts.late),
        publish: summary(parts.publish),
        send: summary(parts.send),
      };
    },
  };
}

/** Send the clients' process a message and wait for its reply of the given type. */
export function ask<T extends FromClients['type']>(
  child: ChildProcess,
  message: ToClients,
  reply: T,
): Promise<Extract<FromClients, { type: T }>> {
  return new Promise((resolve, reject) => {
    const gone = () => reject(new Error(`the clients' process exited while waiting for '${reply}'`));
    const on = (m: FromClients) => {
      if (m.type !== reply) return;
      child.off('message', on);
      child.off('exit', gone);
      resolve(m as Extract<FromClients, { type: T }>);
    };
    child.on('message', on);
    child.once('exit', gone);
    child.send(message);
  });
}
