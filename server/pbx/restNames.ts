import type { Logger } from 'pino';
import type { DomainEvent, ExtensionUpdated } from '../../lib/domain/events';
import {
  extensionNamed,
  MAX_PAGE_SIZE,
  type RestAuth,
  type RestProfile,
  readUsersPage,
  usersQuery,
} from '../../lib/sources/portsip/rest';
import { createRestClient, ok2xx, RestError, Stopped } from './restClient';
import { createTimerBag } from './timers';

/**
 * Optional PortSIP REST enrichment: WSI frames carry extension numbers but no names, so this pages through
 * GET /users (v22.0 OpenAPI) and emits `extensionUpdated` with each extension's name. The HTTP and the
 * refresh cycle live here (the HTTP in restClient.ts); the messages (bodies, replies, pages) in
 * lib/sources/portsip/rest.ts.
 */
export interface RestNamesOptions {
  baseUrl: string; // e.g. https://pbx.example.com:8887/api (OpenAPI: {protocol}://{hostname}:{port}/api)
  loginPath?: string; // default '/login' (v22.0); v22.2 documents '/auth/sign_in'
  usersPath?: string; // default '/users'
  auth: RestAuth; // the login body
  tenant?: string; // tenant id put on the events, so they share the WSI events' scope
  source: string; // source id for the events
  refreshMs?: number; // default 15 min, counted from the end of the previous refresh
  pageSize?: number; // GET /users `top`, 1..100 (the OpenAPI's maximum); default 100
  tlsInsecure?: boolean; // accept a self-signed PBX certificate
  timeoutMs?: number; // per request; default 10 s
  now: () => number; // the app's clock: the events' `at` (an arrival time) and the token's expiry
  logger: Logger;
  onEvents: (events: readonly DomainEvent[]) => void;
}

/** ok false: failed (logged at warn) or stopped. names: named extensions as of the last good refresh. */
export type RestNamesResult = { readonly ok: boolean; readonly names: number; readonly emitted: number };

/**
 * start(): refresh now, then every refreshMs. stop(): clear timers, abort requests; restartable.
 * refresh(): never rejects; concurrent calls share the refresh in flight.
 */
export type RestNames = { start(): void; stop(): void; refresh(): Promise<RestNamesResult> };

const MAX_PAGES = 1_000;

type Profile = RestProfile;
const signature = (p: Profile) => `${p.name}\u0000${p.email ?? ''}`;

export function createRestNames(o: RestNamesOptions): RestNames {
  const usersPath = o.usersPath ?? '/users';
  if (!usersPath.startsWith('/')) throw new Error('PortSIP REST: expected paths starting with /');
  const client = createRestClient(o);
  const refreshMs = o.refreshMs ?? 15 * 60_000;
  const top = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(o.pageSize ?? MAX_PAGE_SIZE)));
  const now = o.now;
  const log = o.logger.child({ link: 'rest' });
  const timers = createTimerBag();
  let control = new AbortController();
  let running = false;
  let known = new Map<string, string>(); // extension number → signature of the profile last emitted
  let inFlight: Promise<RestNamesResult> | null = null;

  /** Every user with an extension number and a display name, all pages. */
  async function fetchNames(signal: AbortSignal): Promise<Map<string, Profile>> {
    await client.ensureLogin(signal);
    let reloggedIn = false;
    let previousFirst: string | undefined;
    const names = new Map<string, Profile>();
    for (let page = 0, skip = 0; ; page++) {
      if (page >= MAX_PAGES) throw new RestError(`users: more than ${MAX_PAGES} pages`);
      const get = () => client.call(signal, 'GET', usersPath, undefined, usersQuery(skip, top));
      let res = await get();
      if (res.status === 401 && !reloggedIn) {
        reloggedIn = true; // once per refresh: the token expired; not a retry loop
        await client.login(signal);
        res = await get();
      }
      if (res.status === 401) client.forgetToken();
      if (!ok2xx(res.status)) {
        const hint = res.status === 401 || res.status === 403 ? ' (may this account list users?)' : '';
        throw new RestError(`users: HTTP ${res.status}${hint}`);
      }
      const parsed = readUsersPage(res.body);
      if (!parsed) throw new RestError('users: unexpected response (expected { count, items })');
      const { size, count, first } = parsed;
      if (page > 0 && first === previousFirst) throw new RestError('users: same page twice (skip ignored?)');
      previousFirst = first;
      for (const [number, profile] of parsed.names) names.set(number, profile);
      skip += size;
      if (size < top || (count !== undefined && skip >= count)) return names;
    }
  }

  /** Events for the profiles that changed since the last good refresh. */
  function eventsFor(names: Map<string, Profile>): ExtensionUpdated[] {
    const fact = { source: o.source, at: now(), ...(o.tenant === undefined ? {} : { tenant: o.tenant }) };
    const events: ExtensionUpdated[] = [];
    for (const [number, profile] of names) {
      if (known.get(number) !== signature(profile)) events.push(extensionNamed(number, profile, fact));
    }
    return events;
  }

  async function runRefresh(signal: AbortSignal): Promise<RestNamesResult> {
    try {
      const names = await fetchNames(signal);
      if (signal.aborted) throw new Stopped();
      const events = eventsFor(names);
      if (events.length > 0) o.onEvents(events); // if it throws: warned below, all sent again next time
      known = new Map([...names].map(([number, p]) => [number, signature(p)]));
      const result = { ok: true, names: names.size, emitted: events.length };
      log[events.length > 0 ? 'info' : 'debug'](result, 'PortSIP REST: extension names refreshed');
      return result;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (err instanceof Stopped || signal.aborted) log.debug('PortSIP REST: refresh stopped');
      else log.warn({ reason }, 'PortSIP REST: names refresh failed; retrying at the next refresh');
      return { ok: false, names: known.size, emitted: 0 };
    }
  }

  function refresh(): Promise<RestNamesResult> {
    if (inFlight) return inFlight;
    const p = runRefresh(control.signal).finally(() => {
      if (inFlight === p) inFlight = null;
    });
    inFlight = p;
    return p;
  }

  /** A refresh that ends after stop() schedules nothing (stop() aborts the signal it started with). */
  function tick(): void {
    const { signal } = control;
    void refresh().then(() => {
      if (!signal.aborted) timers.after(refreshMs, tick);
    });
  }

  return {
    start() {
      if (running) return;
      running = true;
      tick();
    },
    stop() {
      running = false;
      timers.clearAll();
      control.abort();
      control = new AbortController();
      inFlight = null;
      client.reset();
    },
    refresh,
  };
}
