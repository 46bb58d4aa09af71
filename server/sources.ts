import type { Logger } from 'pino';
import type { Config } from './config';
import type { Hub } from './hub/hub';
import { createWsiConnector, type WsiConnector } from './pbx/wsiConnector';
import { startSimulator } from './simulator';

/**
 * The PBX links of this process: the PortSIP WSI connector configured by env, or, with DEMO=1, the
 * built-in simulator and a connector pointed at it, exactly as at a real PBX. Every link reports
 * events and health to the hub. (The settings page will manage several links: issue #6.)
 */
export interface Sources {
  stop(): Promise<void>;
}

const DEMO_AUTH = { username: 'admin', password: 'admin', domain: 'demo.callboard.local' };

export async function startSources(config: Config, hub: Hub, logger: Logger): Promise<Sources> {
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
    link = createWsiConnector({
      id: 'demo-pbx',
      url: sim.url,
      auth: DEMO_AUTH,
      logger: logger.child({ source: 'demo-pbx' }),
      onEvents: (events) => hub.ingest(events),
      onStatus: (status) => hub.setSourceStatus(status),
    });
  } else if (config.portsip) {
    link = createWsiConnector({
      id: 'portsip',
      url: config.portsip.url,
      auth: config.portsip.auth,
      queues: config.portsip.queues,
      extensions: config.portsip.extensions,
      tenants: config.portsip.tenants,
      tlsInsecure: config.portsip.tlsInsecure,
      logger: logger.child({ source: 'portsip' }),
      onEvents: (events) => hub.ingest(events),
      onStatus: (status) => hub.setSourceStatus(status),
    });
  } else {
    logger.warn('no PBX configured: set PORTSIP_WSI_URL (and credentials), or DEMO=1 for the simulator');
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
