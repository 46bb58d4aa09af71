import type { Logger } from 'pino';
import type { DomainEvent } from '../lib/domain/events';
import { readWsiFrame } from '../lib/sources/portsip/wsi';
import type { Config } from './config';
import type { Hub } from './hub/hub';
import { createWsiConnector, type WsiConnector } from './pbx/wsiConnector';
import { startSimulator } from './simulator';
import { startWebhookFeeder } from './simulator/webhooks';

/**
 * The demo's sources (DEMO=1): the built-in simulator and a connector pointed at it, exactly as at a
 * real PBX, and the simulated webhooks. The PBX connections an admin saves are run by server/pbx/links.ts.
 */
export interface Sources {
  stop(): Promise<void>;
}

const DEMO_AUTH = { username: 'admin', password: 'admin', domain: 'demo.callboard.local' };

/** Where the links deliver: events to the journal and the hub, health to the hub. */
export type SourceSink = Pick<Hub, 'ingest' | 'setSourceStatus'> & { board?: Hub['state'] };

/** Where the demo's simulated webhooks are posted: this process's own endpoints. */
export interface DemoWebhooks {
  readonly webhookBaseUrl: string;
  readonly webhookToken: string | null;
}

/** The simulator's extension_created frames as the demo link's events (names for its agents). */
export function demoExtensionNames(frames: readonly object[], receivedAt: number): DomainEvent[] {
  return frames.flatMap((frame) => {
    const read = readWsiFrame(JSON.stringify(frame), { source: 'demo-pbx', receivedAt });
    return read.kind === 'event' && read.result.ok ? read.result.events : [];
  });
}

export async function startSources(
  config: Config,
  hub: SourceSink,
  logger: Logger,
  now: () => number,
  demoWebhooks?: DemoWebhooks,
): Promise<Sources> {
  const stops: (() => Promise<void>)[] = [];
  let link: WsiConnector | null = null;

  if (config.demo) {
    const sim = await startSimulator({
      ...DEMO_AUTH,
      host: '127.0.0.1',
      port: 0,
      timeZone: config.timezone,
      slaSeconds: config.slaSeconds,
      // A demo is shown at any hour: keep the call volume at its daytime level all day.
      dailyCurve: Array.from({ length: 24 }, () => 1),
    });
    stops.push(() => sim.stop());
    logger.info({ url: sim.url }, 'demo: built-in PBX simulator started');
    if (demoWebhooks?.webhookToken) {
      const feeder = startWebhookFeeder({
        baseUrl: demoWebhooks.webhookBaseUrl,
        token: demoWebhooks.webhookToken,
        timeZone: config.timezone,
        slaSeconds: config.slaSeconds,
        logger: logger.child({ part: 'demo-webhooks' }),
      });
      // Webhooks name no queue (a PortSIP CDR cannot even say which target is one): the feeder tells
      // the board which queues it feeds and what they are called, as configuration would.
      hub.ingest(feeder.queueFacts());
      stops.unshift(() => feeder.stop());
      logger.info('demo: simulated PortSIP, 3CX and VoIPstudio webhooks are being posted');
    }
    // The demo's agents have names: the extension list the PBX's extension management topic carries
    // (disp_name), read by the same normalizer as the link's frames, as configuration would give them.
    hub.ingest(demoExtensionNames(sim.extensionCreated(), sim.now()));
    link = createWsiConnector({
      id: 'demo-pbx',
      url: sim.url,
      auth: DEMO_AUTH,
      logger: logger.child({ source: 'demo-pbx' }),
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
    async stop() {
      for (const stop of stops) await stop();
    },
  };
}
