import type { IncomingMessage } from 'node:http';
import type { DisplayStore, SessionStore, UserStore } from '../storage/types';
import { type Accounts, createAccounts } from './accounts';
import { type Authenticator, createAuthenticator } from './authenticate';
import { createDisplayRegistry, type DisplayRegistry } from './displays';
import { fromOwnPagesIfCookied, originAllowed } from './origin';
import { ABSOLUTE_SESSION_MS, createSessions, type Sessions } from './sessions';

export { AccountError } from './accounts';
export { type Credentials, credentialsOf, handshakeCredentials } from './authenticate';
export { type Action, can, type PolicyOptions, type Resource } from './policy';
export {
  ANONYMOUS,
  describePrincipal,
  isUnauthenticated,
  type Principal,
  REJECTED,
  REJECTED_CREDENTIALS,
  type Revocation,
} from './principal';
export { clientIp, isHttps, readCookie, SESSION_COOKIE } from './request';

/**
 * Accounts, sessions, display tokens and request authentication, assembled from storage and config.
 * Nothing here is a module-level singleton: server/app.ts builds one per process.
 */
export interface AuthOptions {
  readonly storage: {
    readonly users: UserStore;
    readonly sessions: SessionStore;
    readonly displays: DisplayStore;
  };
  readonly now: () => number;
  readonly apiToken: string | null;
  readonly trustProxy: boolean;
  readonly sessionIdleHours: number;
}

export interface Auth extends Authenticator {
  readonly accounts: Accounts;
  readonly sessions: Sessions;
  readonly displays: DisplayRegistry;
  readonly trustProxy: boolean;
  /** The CSRF check for state-changing requests (see origin.ts). */
  originAllowed(req: IncomingMessage): boolean;
  /** The same check for a Socket.IO handshake's request (any method). */
  handshakeOriginAllowed(req: IncomingMessage): boolean;
}

export function createAuth(o: AuthOptions): Auth {
  const sessions = createSessions({
    store: o.storage.sessions,
    now: o.now,
    rules: { idleMs: o.sessionIdleHours * 3600_000, absoluteMs: ABSOLUTE_SESSION_MS },
  });
  const displays = createDisplayRegistry({ store: o.storage.displays, now: o.now });
  const authenticator = createAuthenticator({ sessions, displays, apiToken: o.apiToken });
  return {
    ...authenticator,
    accounts: createAccounts({ users: o.storage.users, now: o.now }),
    sessions,
    displays,
    trustProxy: o.trustProxy,
    originAllowed: (req) => originAllowed(req, { trustProxy: o.trustProxy }),
    handshakeOriginAllowed: (req) => fromOwnPagesIfCookied(req, { trustProxy: o.trustProxy }),
  };
}
