import {
  CALL_QUEUES_PATH,
  MAX_PAGE_SIZE,
  queueListPaths,
  readCallQueuesPage,
  readQueueAgents,
  readQueueWaiting,
  usersQuery,
} from '../../lib/sources/portsip/rest';
import { createRestClient, ok2xx, type RestClientOptions, RestError } from './restClient';

/**
 * A queue's live lists from PortSIP's REST API, for the self-check (selfCheck.ts): who waits (GET
 * /call_queues/{id}/waiting) and who is an agent (GET /call_queues/{id}/agents). The queue's REST id
 * is found by its number in GET /call_queues (lib/sources/portsip/rest.ts says why), cached, and
 * looked up again when a number is not in the cache. Throws RestError (a message fit for a status
 * detail: paths and statuses, never the password or token) or Stopped.
 */
export interface QueueLists {
  readonly waiting: readonly string[];
  readonly agents: readonly string[];
}

export interface RestQueueLists {
  lists(queueNumber: string): Promise<QueueLists>;
  /** Aborts what is in flight (it rejects with Stopped); usable again afterwards. */
  stop(): void;
}

const MAX_PAGES = 100;

export function createRestQueueLists(o: RestClientOptions): RestQueueLists {
  const client = createRestClient(o);
  let control = new AbortController();
  let ids = new Map<string, string>(); // queue number → REST id

  async function get(signal: AbortSignal, path: string, query: Record<string, number> = {}): Promise<string> {
    await client.ensureLogin(signal);
    let res = await client.call(signal, 'GET', path, undefined, query);
    if (res.status === 401) {
      await client.login(signal); // the token expired: once, not a retry loop
      res = await client.call(signal, 'GET', path, undefined, query);
      if (res.status === 401) client.forgetToken();
    }
    if (!ok2xx(res.status)) throw new RestError(`GET ${path}: HTTP ${res.status}`);
    return res.body;
  }

  async function queueIds(signal: AbortSignal): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    let previousFirst: string | undefined;
    for (let page = 0, skip = 0; page < MAX_PAGES; page++) {
      const body = await get(signal, CALL_QUEUES_PATH, usersQuery(skip, MAX_PAGE_SIZE));
      const parsed = readCallQueuesPage(body);
      if (!parsed)
        throw new RestError(`GET ${CALL_QUEUES_PATH}: unexpected response (expected { count, items })`);
      if (page > 0 && parsed.first === previousFirst) break; // the PBX ignored skip: one page is all
      previousFirst = parsed.first;
      for (const [number, id] of parsed.ids) found.set(number, id);
      skip += parsed.size;
      if (parsed.size < MAX_PAGE_SIZE || (parsed.count !== undefined && skip >= parsed.count)) break;
    }
    return found;
  }

  return {
    async lists(queueNumber) {
      const { signal } = control;
      if (!ids.has(queueNumber)) ids = await queueIds(signal);
      const id = ids.get(queueNumber);
      if (id === undefined) throw new RestError(`GET ${CALL_QUEUES_PATH}: no queue ${queueNumber}`);
      const paths = queueListPaths(id);
      const waiting = readQueueWaiting(await get(signal, paths.waiting));
      if (!waiting) throw new RestError(`GET ${paths.waiting}: unexpected response (expected { items })`);
      const agents = readQueueAgents(await get(signal, paths.agents));
      if (!agents) throw new RestError(`GET ${paths.agents}: unexpected response (expected { items })`);
      return { waiting, agents };
    },
    stop() {
      control.abort();
      control = new AbortController();
      client.reset();
    },
  };
}
