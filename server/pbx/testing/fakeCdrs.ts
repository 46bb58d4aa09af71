/**
 * Test support only: the CDR part of the fake PortSIP REST API (OpenAPI v22.0,
 * reference/portsip-openapi.json), served by fakePortsipRest.ts behind its Bearer check:
 * - POST /user/cdrs/sync_tokens?date_from=<RFC 3339> → 201 `{ token }` (createPersonalCdrSyncToken);
 * - POST /user/cdrs/sync_tokens/{token}/diff → 200 `{ token, items: [{ id, change_type: "CREATED",
 *   items: [{ caller, callee, started_at, answered_at, ended_at, outbound_caller_id, did_cid, trunk }] }] }`
 *   (listPersonalCdrChanges): the CDRs stored after the token's, `diffPageSize` at a time, and the token
 *   to ask from next; an unknown token answers 404 (the spec says only "4XX");
 * - GET /cdrs/{id} → 200 `{ items: [cdr] }` (retrieveCDR); GET /cdrs?skip&top → `{ count, items }` (listCDRs).
 * A CDR is a listCDRs item; `ended_at` decides which are after a token's `date_from`.
 */
export interface FakeCdr {
  readonly id: string;
  readonly call_id?: string;
  readonly caller?: string;
  readonly callee?: string;
  readonly destination?: string;
  readonly direction?: string;
  readonly started_at?: string;
  readonly rang_at?: string;
  readonly answered_at?: string;
  readonly ended_at: string;
  readonly end_reason?: string;
  readonly status_code?: number;
  readonly did_cid?: string;
}

type Reply = (status: number, body: unknown) => void;
const error = (code: string, message: string) => ({ errors: [{ code, message }] });

export function createFakeCdrs(options: { cdrs?: readonly FakeCdr[]; diffPageSize?: number } = {}) {
  const cdrs: FakeCdr[] = [...(options.cdrs ?? [])];
  const pageSize = options.diffPageSize ?? 100;
  /** Token → index of the first CDR it has not yet given, and the time it counts from. */
  const tokens = new Map<string, { next: number; from: number }>();
  let issued = 0;
  let failWith: number | null = null;
  let hang = false;
  let requests = 0;

  function token(state: { next: number; from: number }): string {
    issued += 1;
    const t = `sync-${issued}-${Math.random().toString(36).slice(2)}.`;
    tokens.set(t, state);
    return t;
  }

  function diffItem(c: FakeCdr) {
    const { caller, callee, started_at, answered_at, ended_at, did_cid } = c;
    return {
      id: c.id,
      change_type: 'CREATED',
      items: [
        {
          caller,
          callee,
          started_at,
          answered_at,
          ended_at,
          outbound_caller_id: 'x',
          did_cid,
          trunk: 'AudioCodes',
        },
      ],
    };
  }

  /** Whether the request was a CDR one (answered), else false (not ours). */
  function handle(method: string, path: string, query: URLSearchParams, reply: Reply): boolean {
    const diff = /^\/api\/user\/cdrs\/sync_tokens\/([^/]+)\/diff$/.exec(path);
    const one = /^\/api\/cdrs\/([^/]+)$/.exec(path);
    const ours =
      (method === 'POST' && (path === '/api/user/cdrs/sync_tokens' || diff !== null)) ||
      (method === 'GET' && (path === '/api/cdrs' || one !== null));
    if (!ours) return false;
    requests += 1;
    if (hang) return true; // never answered: the client's timeout must end it
    if (failWith !== null) {
      reply(failWith, error('UNKNOWN', 'fake failure'));
      return true;
    }
    if (path === '/api/user/cdrs/sync_tokens') {
      const from = Date.parse(query.get('date_from') ?? '');
      if (query.has('date_from') && !Number.isFinite(from)) {
        reply(400, error('VALIDATE_FAILED', 'date_from'));
        return true;
      }
      reply(201, { token: token({ next: 0, from: Number.isFinite(from) ? from : 0 }) });
      return true;
    }
    if (diff) {
      const state = tokens.get(decodeURIComponent(diff[1] ?? ''));
      if (!state) {
        reply(404, error('NOT_FOUND', 'sync token not found'));
        return true;
      }
      const page: FakeCdr[] = [];
      let next = state.next;
      for (; next < cdrs.length && page.length < pageSize; next++) {
        const c = cdrs[next] as FakeCdr;
        if (Date.parse(c.ended_at) >= state.from) page.push(c);
      }
      reply(200, { token: token({ next, from: state.from }), items: page.map(diffItem) });
      return true;
    }
    if (one) {
      const c = cdrs.find((x) => x.id === decodeURIComponent(one[1] ?? ''));
      if (c) reply(200, { items: [c] });
      else reply(404, error('NOT_FOUND', 'cdr not found'));
      return true;
    }
    const skip = Number(query.get('skip') ?? 0);
    const top = Number(query.get('top') ?? 100);
    reply(200, { count: cdrs.length, items: cdrs.slice(skip, skip + top) });
    return true;
  }

  return {
    handle,
    /** Store a CDR (it appears in the diffs of every token issued before it). */
    add(...more: FakeCdr[]): void {
      cdrs.push(...more);
    },
    /** Answer every CDR request with this HTTP status (null: serve them again). */
    fail(status: number | null): void {
      failWith = status;
    },
    /** Never answer CDR requests (the fake's close() ends them). */
    hang(on: boolean): void {
      hang = on;
    },
    requests: () => requests,
    tokensIssued: () => issued,
  };
}

export type FakeCdrs = ReturnType<typeof createFakeCdrs>;
