import type { Logger } from 'pino';
import type { SourceStatus } from '../../lib/protocol';
import type { LinkOwnership } from '../cluster/linkOwnership';
import type { SettingsAuthorizer } from '../http/guard';
import { createPbxConnectionApi, pbxPasswordName } from '../http/pbxConnections';
import { createPbxLinks } from '../pbx/links';
import type { FencingSink } from '../pbx/linkTenure';
import { probeWsi } from '../pbx/probe';
import { configuredLinks } from '../pbx/settings';
import type { SecretVault } from '../secrets';
import type { ConfigRows } from '../storage';

/**
 * The PBX connections of the settings page, running: the links manager fed from the saved rows and
 * their sealed passwords, and the API that edits them and applies every change at once.
 */
export interface PbxSettingsOptions {
  readonly rows: ConfigRows;
  readonly vault: SecretVault;
  readonly sink: FencingSink;
  /** Who runs which link (server/cluster/linkOwnership.ts). */
  readonly ownership: LinkOwnership;
  readonly sources: () => readonly SourceStatus[];
  readonly authorize: SettingsAuthorizer;
  readonly now: () => number;
  readonly logger: Logger;
  /** Self-check period of every link (RECONCILE_SECONDS × 1000); 0 or absent: none. */
  readonly reconcileMs?: number;
}

export function createPbxSettings(o: PbxSettingsOptions) {
  const links = createPbxLinks({
    sink: o.sink,
    ownership: o.ownership,
    logger: o.logger,
    now: o.now,
    run: { reconcileMs: o.reconcileMs ?? 0 },
  });
  const apply = async () => {
    const rows = await o.rows.list();
    const passwords = new Map<string, string | undefined>();
    for (const row of rows) passwords.set(row.id, await o.vault.reveal(pbxPasswordName(row.id)));
    return links.apply(configuredLinks(rows, (id) => passwords.get(id)));
  };
  const api = createPbxConnectionApi({
    store: o.rows,
    vault: o.vault,
    authorize: o.authorize,
    apply,
    probe: (p) =>
      probeWsi({
        url: p.url,
        auth: p.auth,
        tenants: p.tenants,
        tlsInsecure: p.tlsInsecure,
        logger: o.logger.child({ part: 'pbx-probe' }),
        now: o.now,
      }),
    status: (id) => o.sources().find((s) => s.id === id),
    now: o.now,
  });
  return { api, apply, stop: () => links.stop(), count: () => links.ids().length };
}
