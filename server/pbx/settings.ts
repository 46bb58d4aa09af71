import type { PbxConnection } from '../../lib/settings/pbx';
import type { PortsipConfig } from '../config';

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
