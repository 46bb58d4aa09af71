import type { Logger } from 'pino';
import type { Config } from '../config';
import { forgetDemoConnection, saveDemoConnection } from '../demo/demoConnection';
import { type DemoDay, type DemoDayOptions, startDemoDay } from '../demo/startDemo';
import type { SecretVault } from '../secrets';
import { seedSettingsFromEnv } from '../settings/seed';
import type { Storage } from '../storage';

/**
 * The PBX links' start, once today's state is read: with DEMO=1 the simulated PBXs caught up to now
 * (their WSI link a saved connection like any other; without DEMO=1 that connection is removed, its
 * simulator is not running), the PORTSIP_* seed, then every saved connection applied.
 */
export async function startPbxSources(o: {
  readonly config: Config;
  readonly storage: Storage;
  readonly vault: SecretVault;
  readonly hub: { state: DemoDayOptions['state'] };
  readonly accept: DemoDayOptions['accept'];
  /** Where the demo's webhook feeds post (this process), and their token. */
  readonly webhooks: DemoDayOptions['webhooks'];
  readonly pbx: { apply(): Promise<unknown>; count(): number };
  /** DEMO_DAY=yesterday played a day that has closed: into history, as a start-up close would. */
  readonly closeMissed: () => unknown;
  readonly now: () => number;
  readonly logger: Logger;
}): Promise<DemoDay | null> {
  const { config, logger } = o;
  const demo = config.demo
    ? await startDemoDay({
        config,
        state: o.hub.state,
        accept: o.accept,
        webhooks: o.webhooks,
        logger,
        now: o.now,
      })
    : null;
  const pbxRows = { rows: o.storage.pbxConnections, vault: o.vault, logger: logger.child({ part: 'pbx' }) };
  if (!demo) await forgetDemoConnection(pbxRows);
  if (demo && demo.plan.startAt < o.hub.state().day.start) void o.closeMissed();
  await seedSettingsFromEnv(config, o.storage, o.vault, o.now(), logger);
  if (demo) await saveDemoConnection(pbxRows, demo.sim.url, o.now());
  await o.pbx.apply();
  if (!config.demo && o.pbx.count() === 0)
    logger.warn('no PBX connected: add one in the settings (/settings/pbx), set PORTSIP_WSI_URL, or DEMO=1');
  return demo;
}
