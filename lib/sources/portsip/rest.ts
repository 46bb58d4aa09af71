import { z } from 'zod';
import type { ExtensionUpdated } from '../../domain/events';

/**
 * PortSIP REST (v22.0 OpenAPI) messages for the optional names enrichment: the login body and reply,
 * the GET /users query and page. Pure: server/pbx/restNames.ts does the HTTP and the refresh cycle.
 * WSI frames carry extension numbers but no names; GET /users gives `display_name` per `extension_number`.
 */

export interface RestAuth {
  readonly username: string;
  readonly password: string;
  readonly domain?: string;
}

/** An extension's profile as the names refresh knows it. */
export type RestProfile = { readonly name: string; readonly email?: string };

/** The OpenAPI's GET /users `top` maximum. */
export const MAX_PAGE_SIZE = 100;

const text = z
  .union([z.string(), z.number()])
  .nullish()
  .transform((v) => (v === null || v === undefined ? undefined : String(v).trim() || undefined));
// v22.0 GET /login and the API guide answer `access_token`; v22.2 POST /auth/sign_in answers `token`.
const loginReply = z.object({ access_token: text, token: text, expires_in: z.number().nullish() });
const usersPage = z.object({ count: z.number().nullish(), items: z.array(z.unknown()) });
const userItem = z.object({ extension_number: text, display_name: text, email: text });

function jsonOf(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

/** The login request body, as the OpenAPI names its members. */
export function loginBody(auth: RestAuth): string {
  const { username, password, domain } = auth;
  return JSON.stringify({ username, password, domain });
}

/** The login reply's token and lifetime (seconds); no token when the reply has neither name for it. */
export function readLoginReply(body: string): { token?: string; expiresInSeconds?: number } {
  const reply = loginReply.safeParse(jsonOf(body));
  if (!reply.success) return {};
  const token = reply.data.access_token ?? reply.data.token;
  const ttl = reply.data.expires_in;
  return {
    ...(token === undefined ? {} : { token }),
    ...(typeof ttl === 'number' && ttl > 0 ? { expiresInSeconds: ttl } : {}),
  };
}

/** GET /users paging parameters. */
export function usersQuery(skip: number, top: number): Record<string, number> {
  return { skip, top };
}

export interface UsersPage {
  /** Items on this page (named or not): the paging counts them. */
  readonly size: number;
  /** The total the PBX reports, if it does. */
  readonly count?: number;
  /** The first item as text: the same first item twice means the PBX ignored `skip`. */
  readonly first: string | undefined;
  /** Users with both an extension number and a display name. */
  readonly names: ReadonlyArray<readonly [string, RestProfile]>;
}

/** One GET /users page, or undefined when the reply is not `{ count, items }`. */
export function readUsersPage(body: string): UsersPage | undefined {
  const parsed = usersPage.safeParse(jsonOf(body));
  if (!parsed.success) return undefined;
  const { items, count } = parsed.data;
  const names: [string, RestProfile][] = [];
  for (const raw of items) {
    const { extension_number: number, display_name: name, email } = userItem.safeParse(raw).data ?? {};
    if (number && name) names.push([number, email ? { name, email } : { name }]);
  }
  return {
    size: items.length,
    ...(typeof count === 'number' ? { count } : {}),
    first: JSON.stringify(items[0]),
    names,
  };
}

/**
 * The event for a named extension. Stamped with our clock, not the PBX's: marked so, never compared
 * with a PBX time. Origin `portsip-wsi`, so it shares the WSI events' scope.
 */
export function extensionNamed(
  number: string,
  profile: RestProfile,
  fact: { readonly source: string; readonly tenant?: string; readonly at: number },
): ExtensionUpdated {
  const scope = fact.tenant === undefined ? {} : { tenant: fact.tenant };
  return {
    type: 'extensionUpdated',
    source: fact.source,
    origin: 'portsip-wsi',
    ...scope,
    at: fact.at,
    atArrival: true,
    extension: { number, ...scope },
    profile,
  };
}

// --- a queue's live lists, for the self-check (docs/metrics.md, "Drift") ------------------------

/**
 * GET /call_queues (listCallQueues): `{ count, items: [{ id, name, extension_number, … }] }`, paged
 * with skip/top like /users. The REST id of a queue is looked up here by its number rather than taken
 * from WSI's `queue_id`: the OpenAPI's ids look like base64 of a decimal id
 * ("NzAwNTUxOTA5NzczMTQ4MTYw" = "700551909773148160") while WSI sends the decimal, and nothing
 * documents how the two relate.
 */
export const CALL_QUEUES_PATH = '/call_queues';

const callQueueItem = z.object({ id: text, extension_number: text });

/** One GET /call_queues page: its size, total and first item (as for users), and number → REST id. */
export function readCallQueuesPage(
  body: string,
): (Omit<UsersPage, 'names'> & { readonly ids: ReadonlyArray<readonly [string, string]> }) | undefined {
  const parsed = usersPage.safeParse(jsonOf(body));
  if (!parsed.success) return undefined;
  const { items, count } = parsed.data;
  const ids: [string, string][] = [];
  for (const raw of items) {
    const { id, extension_number: number } = callQueueItem.safeParse(raw).data ?? {};
    if (id && number) ids.push([number, id]);
  }
  return {
    size: items.length,
    ...(typeof count === 'number' ? { count } : {}),
    first: JSON.stringify(items[0]),
    ids,
  };
}

/** GET /call_queues/{id}/waiting and /agents (v22.0 OpenAPI: getQueueWaitingList, listQueueAgents). */
export const queueListPaths = (queueId: string) => {
  const id = encodeURIComponent(queueId);
  return { waiting: `/call_queues/${id}/waiting`, agents: `/call_queues/${id}/agents` };
};

const listOf = z.object({ items: z.array(z.unknown()) });
const waitingItem = z.object({ session_id: text });
const agentItem = z.object({ extension_number: text });

/** Ids of the items a list reply names under `key`; undefined when the reply is not `{ items }`. */
function idsOf(body: string, item: z.ZodType<Record<string, string | undefined>>, key: string) {
  const parsed = listOf.safeParse(jsonOf(body));
  if (!parsed.success) return undefined;
  const ids: string[] = [];
  for (const raw of parsed.data.items) {
    const id = item.safeParse(raw).data?.[key];
    if (id) ids.push(id);
  }
  return ids;
}

/** The session ids of the callers waiting in a queue (`waiting_time` is relative: not needed to compare). */
export function readQueueWaiting(body: string): string[] | undefined {
  return idsOf(body, waitingItem, 'session_id');
}

/**
 * The extension numbers of a queue's agents. The list gives membership only: an agent's state is on
 * GET /call_queues/{id}/agents/{number}, one request per agent, which the check does not make.
 */
export function readQueueAgents(body: string): string[] | undefined {
  return idsOf(body, agentItem, 'extension_number');
}
