import { type PbxConnection, pbxConnectionSchema } from '../../lib/settings/pbx';
import type { PortsipConfig } from '../config';
import type { ConfiguredLink } from './links';

/** A saved connection (settings + password) as the link wants it. */
export function portsipConfigOf(c: PbxConnection, password: string): PortsipConfig {
  return {
    url: c.url,
    auth: {
      ...(c.login === 'username' ? { username: c.user } : { extension: c.user }),
      password,
      ...(c.domain ? { domain: c.domain } : {}),
    },
    queues: c.queues,
    extensions: c.extensions,
    tenants: c.tenants,
    tlsInsecure: !c.tlsVerify,
    rest:
      c.rest && c.login === 'username'
        ? {
            url: c.rest.url,
            loginPath: c.rest.loginPath,
            tenant: c.rest.tenant || null,
            refreshSeconds: c.rest.refreshSeconds,
          }
        : null,
  };
}

/** The env's PORTSIP_* connection as settings, to seed the settings page on first start. */
export function settingsOfEnv(p: PortsipConfig): PbxConnection {
  return {
    name: 'PortSIP',
    enabled: true,
    url: p.url,
    login: p.auth.username ? 'username' : 'extension',
    user: p.auth.username ?? p.auth.extension ?? '',
    domain: p.auth.domain ?? '',
    tenants: [...p.tenants],
    tlsVerify: !p.tlsInsecure,
    queues: [...p.queues],
    extensions: [...p.extensions],
    rest: p.rest
      ? {
          url: p.rest.url,
          loginPath: p.rest.loginPath,
          tenant: p.rest.tenant ?? '',
          refreshSeconds: p.rest.refreshSeconds,
        }
      : null,
  };
}

/** The saved, enabled connections that have a password, as the links manager wants them. */
export function configuredLinks(
  rows: readonly { id: string; config: unknown }[],
  password: (id: string) => string | undefined,
): ConfiguredLink[] {
  return rows.flatMap((row) => {
    const parsed = pbxConnectionSchema.safeParse(row.config);
    const secret = password(row.id);
    if (!parsed.success || !parsed.data.enabled || secret === undefined) return [];
    return [{ id: row.id, portsip: portsipConfigOf(parsed.data, secret) }];
  });
}
