import type { Logger } from 'pino';
import type { DomainEvent } from '../../lib/domain/events';
import type { SourceHealth } from '../../lib/protocol';
import type { WsiAuth } from '../../lib/sources/portsip/commands';
import type { WsiTiming } from './timing';
import { createWsiConnector } from './wsiConnector';

/**
 * "Test connection" for a PortSIP WSI link: the real connector (same auth, subscribe and snapshot
 * flow as a saved connection) run once against the PBX, reporting whether auth succeeded and which
 * queues and extensions the PBX revealed. Nothing reaches the hub or the journal.
 */
export interface ProbeOptions {
  readonly url: string;
  readonly auth: WsiAuth;
  readonly tenants?: readonly string[];
  readonly tlsInsecure?: boolean;
  /** The admin is waiting for an answer: give up after this long (default 10 s). */
  readonly timeoutMs?: number;
  readonly timing?: Partial<WsiTiming>;
  readonly logger: Logger;
  /** The app's clock (the connector's arrival times). */
  readonly now: () => number;
}

export interface ProbedQueue {
  readonly number: string;
  readonly name: string | null;
}

export interface ProbeResult {
  /** Authenticated and every snapshot received. */
  readonly ok: boolean;
  readonly status: SourceHealth | 'timeout';
  /** The PBX's error text, or why the link is down; null when ok. Never contains the password. */
  readonly detail: string | null;
  readonly tenant: string | null;
  readonly queues: readonly ProbedQueue[];
  readonly extensions: readonly string[];
  readonly ms: number;
}

const DEFAULT_TIMEOUT_MS = 10_000;

export async function probeWsi(o: ProbeOptions): Promise<ProbeResult> {
  const started = performance.now();
  const queues = new Map<string, string | null>();
  const extensions = new Set<string>();
  let tenant: string | null = null;

  const learn = (e: DomainEvent) => {
    if (e.tenant && !tenant) tenant = e.tenant;
    if ('queue' in e && e.queue?.number && typeof e.queue === 'object') {
      const name = 'name' in e && typeof e.name === 'string' ? e.name : null;
      queues.set(e.queue.number, name ?? queues.get(e.queue.number) ?? null);
    }
    if (e.type === 'queueSnapshotted') for (const a of e.agents) extensions.add(a.extension);
    if (e.type === 'agentStateChanged') extensions.add(e.agent.extension);
    if ('extension' in e && typeof e.extension === 'object' && e.extension?.number)
      extensions.add(e.extension.number);
  };

  let settle: (r: Pick<ProbeResult, 'ok' | 'status' | 'detail'>) => void = () => {};
  const outcome = new Promise<Pick<ProbeResult, 'ok' | 'status' | 'detail'>>((resolve) => {
    settle = resolve;
  });
  let attempted = false;
  const connector = createWsiConnector({
    id: 'probe',
    url: o.url,
    auth: o.auth,
    ...(o.tenants ? { tenants: o.tenants } : {}),
    tlsInsecure: o.tlsInsecure ?? false,
    ...(o.timing ? { timing: o.timing } : {}),
    logger: o.logger,
    now: o.now,
    onEvents: (events) => {
      for (const e of events) learn(e);
    },
    onStatus: (s) => {
      if (s.status === 'connecting' || s.status === 'resyncing') {
        attempted = true;
        return;
      }
      if (s.status === 'connected') settle({ ok: true, status: 'connected', detail: null });
      // The first failure is the answer; a probe does not wait through the connector's backoff.
      else if (attempted || s.detail) settle({ ok: false, status: s.status, detail: s.detail });
    },
  });
  const timer = setTimeout(
    () =>
      settle({
        ok: false,
        status: 'timeout',
        detail: `no complete answer within ${Math.round((o.timeoutMs ?? DEFAULT_TIMEOUT_MS) / 1000)} s (${connector.status().status}${connector.status().detail ? `: ${connector.status().detail}` : ''})`,
      }),
    o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
  );
  connector.start();
  const result = await outcome;
  clearTimeout(timer);
  await connector.stop();
  return {
    ...result,
    tenant,
    queues: [...queues]
      .map(([number, name]) => ({ number, name }))
      .sort((a, b) => a.number.localeCompare(b.number)),
    extensions: [...extensions].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })),
    ms: Math.round(performance.now() - started),
  };
}
