import type { Logger } from 'pino';
import type { DomainEvent } from '../lib/domain/events';
import type { DomainState } from '../lib/domain/state';
import { readWsiFrame } from '../lib/sources/portsip/wsi';
import type { Config } from './config';
import type { Accept } from './demo/fastForward';
import { DEMO_AUTH, DEMO_PBX_SOURCE, type DemoDay, startDemoDay } from './demo/startDemo';
import type { Hub } from './hub/hub';
import { createWsiConnector, type WsiConnector } from './pbx/wsiConnector';

/**
 * The demo's sources (DEMO=1): the built-in simulator and a connector pointed at it, exactly as at a
 * real PBX, and the simulated webhooks, opening on the day so far (server/demo). The PBX connections
 * an admin saves are run by server/pbx/links.ts.
 */
export interface Sources {
  /** The demo's simulated PBXs (DEMO=1), with what they really did. */
  readonly demo: DemoDay | null;
  stop(): Promise<void>;
}

/** Where the links deliver: events to the journal and the hub, health to the hub. */
export type SourceSink = Pick<Hub, 'ingest' | 'setSourceStatus'> & { board?: Hub['state'] };

/** What the demo needs of this process: its webhook endpoints, the recorder's door, the replayed day. */
export interface DemoWiring {
  readonly webhookBaseUrl: string;
  readonly webhookToken: string | null;
  readonly accept: Accept;
  readonly state: () => DomainState;
}

/** The simulator's extension_created frames as the demo link's events (names for its agents). */
export function demoExtensionNames(frames: readonly object[], receivedAt: number): DomainEvent[] {
  return frames.flatMap((frame) => {
    const read = readWsiFrame(JSON.stringify(frame), { source: DEMO_PBX_SOURCE, receivedAt });
    return read.kind === 'event' && read.result.ok ? read.result.events : [];
  });
}

export async function startSources(
  config: Config,
  hub: SourceSink,
  logger: Logger,
  now: () => number,
  demoWiring?: DemoWiring,
): Promise<Sources> {
  const stops: (() => Promise<void>)[] = [];
  let link: WsiConnector | null = null;
  let demo: DemoDay | null = null;

  if (config.demo && demoWiring) {
    const day = await startDemoDay({
      config,
      state: demoWiring.state,
      accept: demoWiring.accept,
      webhooks: { baseUrl: demoWiring.webhookBaseUrl, token: demoWiring.webhookToken },
      logger,
      now,
    });
    demo = day;
    stops.push(() => day.stop());
    link = createWsiConnector({
      id: DEMO_PBX_SOURCE,
      url: day.sim.url,
      auth: DEMO_AUTH,
      logger: logger.child({ source: DEMO_PBX_SOURCE }),
      now,
      onEvents: (events) => hub.ingest(events),
      onStatus: (status) => hub.setSourceStatus(status),
      // The demo checks itself against its simulator as a real link does against its PBX.
      ...(hub.board && config.reconcileSeconds > 0
        ? { selfCheck: { intervalMs: config.reconcileSeconds * 1000, board: hub.board } }
        : {}),
    });
  }

  if (link) {
    const l = link;
    hub.setSourceStatus(l.status());
    l.start();
    stops.unshift(() => l.stop());
  }
  return {
    demo,
    async stop() {
      for (const stop of stops) await stop();
    },
  };
}
