import type { Logger } from 'pino';
import { type AppendResult, type Journal, StorageUnavailableError } from './types';

/** Whether the journal takes writes right now: what `/readyz` reports. */
export type StorageHealth =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** The last write failure, e.g. "journal write failed: database or disk is full". */
      readonly reason: string;
      /** When writes started failing (ms, this server's clock). */
      readonly since: number;
    };

/** While writes fail, a probe write every this many ms finds out when they work again. */
export const PROBE_INTERVAL_MS = 2000;

/**
 * Storage health as the journal's own writes show it. A write refused with StorageUnavailableError
 * (disk full, read-only or immutable file, I/O error, writer thread gone) marks storage failing; the
 * next write that commits marks it healthy again. While failing, senders back off (503 with
 * Retry-After) and a load balancer that reads /readyz stops sending, so no real write may come to
 * prove recovery: a tiny probe write through the same connection and sync does, every
 * PROBE_INTERVAL_MS. While healthy nothing is probed (a failure shows on the next real write).
 */
export function createHealthWatch(o: {
  /** A tiny write through the journal's connection and sync, stamped `at`. */
  probe: (at: number) => Promise<void>;
  now: () => number;
  logger?: Logger | undefined;
  probeIntervalMs?: number;
}) {
  let health: StorageHealth = { ok: true };
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;

  function failed(err: unknown): void {
    const reason = err instanceof Error ? err.message : String(err);
    if (health.ok) {
      health = { ok: false, reason, since: o.now() };
      o.logger?.error({ reason }, 'storage refuses writes: not ready until a write succeeds');
    } else health = { ...health, reason };
    if (!timer && !stopped) {
      timer = setInterval(probe, o.probeIntervalMs ?? PROBE_INTERVAL_MS);
      timer.unref();
    }
  }

  function succeeded(): void {
    if (timer) clearInterval(timer);
    timer = null;
    if (health.ok) return;
    o.logger?.info({ failedForMs: o.now() - health.since }, 'storage takes writes again');
    health = { ok: true };
  }

  let probing = false;
  function probe(): void {
    if (probing || stopped) return;
    probing = true;
    o.probe(o.now()).then(
      () => {
        probing = false;
        if (!stopped) succeeded();
      },
      (err: unknown) => {
        probing = false;
        if (!stopped && !health.ok) health = { ...health, reason: messageOf(err) };
      },
    );
  }

  return {
    health: (): StorageHealth => health,
    /** The journal with every append's outcome observed. Entry errors (a bad entry) say nothing. */
    watch<J extends Journal>(journal: J): J {
      return {
        ...journal,
        append(entry) {
          return journal.append(entry).then(
            (result: AppendResult) => {
              succeeded();
              return result;
            },
            (err: unknown) => {
              if (err instanceof StorageUnavailableError) failed(err);
              throw err;
            },
          );
        },
      };
    },
    stop(): void {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
