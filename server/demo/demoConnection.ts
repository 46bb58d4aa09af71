import type { Logger } from 'pino';
import { DEMO_PBX_ID, type PbxConnection, pbxConnectionSchema } from '../../lib/settings/pbx';
import { pbxPasswordName } from '../http/pbxConnections';
import type { SecretVault } from '../secrets';
import type { ConfigRows } from '../storage';
import { DEMO_AUTH } from './startDemo';

/**
 * The demo's simulator is run as a saved PBX connection like any other, so that server/pbx/links.ts is
 * the one owner of every connector (issue #19): the settings page lists it, its status and self-checks
 * are the real link's, and an admin may disable it. Its address changes with each start (port 0).
 */
export function demoConnectionOf(url: string): PbxConnection {
  return pbxConnectionSchema.parse({
    name: 'Demo PBX (built-in simulator)',
    enabled: true,
    url,
    login: 'username',
    user: DEMO_AUTH.username,
    domain: DEMO_AUTH.domain,
    tenants: [],
    tlsVerify: true,
    queues: [],
    extensions: [],
    rest: null,
  });
}

/** DEMO=1: save (or point at this run's simulator) the demo's connection; an admin's "disabled" stays. */
export async function saveDemoConnection(
  o: { rows: ConfigRows; vault: SecretVault; logger: Logger },
  url: string,
  now: number,
): Promise<void> {
  const saved = pbxConnectionSchema.safeParse((await o.rows.get(DEMO_PBX_ID))?.config);
  const connection = demoConnectionOf(url);
  await o.vault.set(pbxPasswordName(DEMO_PBX_ID), DEMO_AUTH.password);
  await o.rows.put(DEMO_PBX_ID, saved.success ? { ...saved.data, url } : connection, now);
  if (saved.success && !saved.data.enabled)
    o.logger.warn(
      { id: DEMO_PBX_ID },
      'the demo PBX connection is disabled in the settings: the demo shows no WSI link',
    );
}

/** A start without DEMO=1: the demo's connection would point at a simulator that is not running. */
export async function forgetDemoConnection(o: {
  rows: ConfigRows;
  vault: SecretVault;
  logger: Logger;
}): Promise<void> {
  if (!(await o.rows.delete(DEMO_PBX_ID))) return;
  await o.vault.delete(pbxPasswordName(DEMO_PBX_ID));
  o.logger.info({ id: DEMO_PBX_ID }, 'demo PBX connection removed: DEMO=1 is not set');
}
