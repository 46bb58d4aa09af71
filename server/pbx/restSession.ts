import { createRestClient, type RestClientOptions, RestError, type RestReply, Stopped } from './restClient';

/**
 * A PortSIP REST session for one task (a gap's backfill, gapBackfill.ts) on the shared client
 * (restClient.ts): logged in before the first request, logged in again once when a token is refused.
 * Every failure is a RestError whose message holds method, path and status, never the password or
 * token; `stop()` aborts what is under way (it rejects with "stopped") and closes the connections.
 */
export function createRestSession(o: RestClientOptions) {
  const client = createRestClient(o);
  const control = new AbortController();

  async function attempt(method: string, path: string, query: Record<string, string>): Promise<RestReply> {
    await client.ensureLogin(control.signal);
    let res = await client.call(control.signal, method, path, undefined, query);
    if (res.status === 401) {
      await client.login(control.signal);
      res = await client.call(control.signal, method, path, undefined, query);
    }
    return res;
  }

  return {
    /** One request, logged in; a refused token is renewed once. Rejects with RestError. */
    async request(method: string, path: string, query: Record<string, string> = {}): Promise<RestReply> {
      try {
        return await attempt(method, path, query);
      } catch (err) {
        if (err instanceof Stopped) throw new RestError(`${method} ${path}: stopped`);
        throw err;
      }
    },
    stop(): void {
      control.abort();
      client.reset();
    },
  };
}

export type RestSession = ReturnType<typeof createRestSession>;
