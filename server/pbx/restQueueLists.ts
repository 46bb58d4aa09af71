import { queueListPaths, readQueueAgents, readQueueWaiting } from '../../lib/sources/portsip/rest';
import { createRestClient, ok2xx, type RestClientOptions, RestError } from './restClient';

/**
 * A queue's live lists from PortSIP's REST API, for the self-check (selfCheck.ts): who waits (GET
 * /call_queues/{id}/waiting) and who is an agent (GET /call_queues/{id}/agents). Throws RestError
 * (a message fit for a status detail: paths and statuses, never the password or token) or Stopped.
 */
export interface QueueLists {
  readonly waiting: readonly string[];
  readonly agents: readonly string[];
}

export interface RestQueueLists {
  lists(queueId: string): Promise<QueueLists>;
  /** Aborts what is in flight (it rejects with Stopped); usable again afterwards. */
  stop(): void;
}

export function createRestQueueLists(o: RestClientOptions): RestQueueLists {
  const client = createRestClient(o);
  let control = new AbortController();

  async function get(signal: AbortSignal, path: string): Promise<string> {
    await client.ensureLogin(signal);
    let res = await client.call(signal, 'GET', path);
    if (res.status === 401) {
      await client.login(signal); // the token expired: once, not a retry loop
      res = await client.call(signal, 'GET', path);
      if (res.status === 401) client.forgetToken();
    }
    if (!ok2xx(res.status)) throw new RestError(`GET ${path}: HTTP ${res.status}`);
    return res.body;
  }

  return {
    async lists(queueId) {
      const { signal } = control;
      const paths = queueListPaths(queueId);
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
