import pino from 'pino';
import type { DomainEvent } from '../../../lib/domain/events';
import type { SourceHealth, SourceStatus } from '../../../lib/protocol';
import { createWsiConnector, type WsiConnector, type WsiConnectorOptions } from '../wsiConnector';

/** Test support only: a connector wired to recorders, with timings short enough for real-time tests. */

export const TEST_PASSWORD = 'S3cr3t-Pa55w0rd-never-logged';

export const FAST_TIMING = {
  pingIntervalMs: 100,
  missedPongs: 2,
  backoffBaseMs: 20,
  backoffCapMs: 200,
  stableMs: 60_000,
  authRetryMs: 300,
  snapshotTimeoutMs: 1_000,
  discoveryQuietMs: 30,
  closeGraceMs: 200,
};

export interface Harness {
  readonly connector: WsiConnector;
  readonly statuses: SourceStatus[];
  /** Date.now() when each status was reported (same index as statuses). */
  readonly statusTimes: number[];
  readonly events: DomainEvent[];
  /** Every pino line written, as text (level debug and up). */
  readonly logLines: string[];
  /** The status names reported, consecutive repeats folded (a detail change repeats the name). */
  healthSequence(): SourceHealth[];
  last(): SourceStatus | undefined;
}

export function startConnector(
  url: string,
  overrides: Partial<Omit<WsiConnectorOptions, 'timing'>> & { timing?: WsiConnectorOptions['timing'] } = {},
): Harness {
  const statuses: SourceStatus[] = [];
  const statusTimes: number[] = [];
  const events: DomainEvent[] = [];
  const logLines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => logLines.push(line) });
  const connector = createWsiConnector({
    id: 'pbx-test',
    url,
    auth: { username: 'admin', password: TEST_PASSWORD, domain: 'test.io' },
    logger,
    now: Date.now,
    onEvents: (batch) => events.push(...batch),
    onStatus: (s) => {
      statuses.push(s);
      statusTimes.push(Date.now());
    },
    ...overrides,
    timing: { ...FAST_TIMING, ...overrides.timing },
  });
  connector.start();
  return {
    connector,
    statuses,
    statusTimes,
    events,
    logLines,
    healthSequence: () => statuses.map((s) => s.status).filter((s, i, all) => i === 0 || all[i - 1] !== s),
    last: () => statuses.at(-1),
  };
}
