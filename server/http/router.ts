import type { IncomingMessage, ServerResponse } from 'node:http';
import { json, methodNotAllowed } from './respond';

/**
 * Callboard's one route table: each route a method, a path pattern, who may call it and a handler.
 * The router is the one place that splits and percent-decodes a path: a malformed escape
 * (`/api/v1/boards/%`) is a 400 for every method before anything else runs, a known path with
 * another method a 405 with Allow, a refused caller the route's 401/403, and a path no route claims
 * is left to the caller (Next's pages), unless it lies under an `owned` prefix (404 JSON).
 */
export type Params = Readonly<Record<string, string>>;

/** A route's answer to "may this request call it?"; a refusal is sent as JSON with its status. */
export type Permission =
  | { readonly ok: true }
  | { readonly ok: false; readonly status: number; readonly error: string };

export interface Route {
  /** An HTTP method (GET also answers HEAD), or '*' for any (the handler then answers 405 itself). */
  readonly method: string;
  /**
   * Literal segments and `:name` ones (one non-empty segment, percent-decoded): `/api/v1/boards/:id`.
   * A last `*name` takes the rest of the path, one or more segments, each decoded, joined by '/'.
   */
  readonly path: string;
  /**
   * Who may call it, asked after the method check and before the handler (async: it may read the
   * session or display token from storage). Absent: the handler decides.
   */
  readonly allow?: (req: IncomingMessage, params: Params) => Permission | Promise<Permission>;
  readonly handle: (req: IncomingMessage, res: ServerResponse, params: Params) => unknown;
}

export interface RouterOptions {
  /** Path prefixes that are Callboard's alone: a path under one that no route claims gets a 404 JSON. */
  readonly owned?: readonly string[];
}

/** Returns whether it answered (possibly once the handler settles); false: no route claims the path. */
export type RouteRequest = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/** The handler's run once the route's permission is known; a refusal is sent as JSON. */
function answer(
  target: Route,
  permission: Permission,
  req: IncomingMessage,
  res: ServerResponse,
  params: Params,
): boolean | Promise<boolean> {
  if (!permission.ok) {
    const challenge: Record<string, string> =
      permission.status === 401 ? { 'www-authenticate': 'Bearer' } : {};
    return json(res, permission.status, { error: permission.error }, challenge);
  }
  const done = target.handle(req, res, params);
  return done instanceof Promise ? done.then(() => true) : true;
}

interface Pattern {
  /** Per segment: the literal text, or null for a parameter (its name in `names`). */
  readonly segments: readonly (string | null)[];
  /** The last parameter takes the rest of the path. */
  readonly rest: boolean;
  readonly names: readonly string[];
  readonly byMethod: Map<string, Route>;
  readonly allowHeader: string;
}

export const MALFORMED_ESCAPE = 'malformed %-escape in the path';

export function createRouter(routes: readonly Route[], o: RouterOptions = {}): RouteRequest {
  const patterns = compile(routes);
  return function route(req, res) {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    // One trailing slash is ignored: `/api/v1/users/` is the list, `/api/webhooks/3cx/` the endpoint.
    const segments = (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path).split('/');
    for (const pattern of patterns) {
      const raw = matchOf(pattern, segments);
      if (!raw) continue;
      const params = decoded(pattern.names, raw);
      if (!params) return json(res, 400, { error: MALFORMED_ESCAPE });
      const method = req.method ?? 'GET';
      const target =
        pattern.byMethod.get(method) ??
        (method === 'HEAD' ? pattern.byMethod.get('GET') : undefined) ??
        pattern.byMethod.get('*');
      if (!target) return methodNotAllowed(res, pattern.allowHeader);
      const permission = target.allow?.(req, params) ?? { ok: true };
      if (permission instanceof Promise) return permission.then((p) => answer(target, p, req, res, params));
      return answer(target, permission, req, res, params);
    }
    if (o.owned?.some((prefix) => path.startsWith(prefix))) return json(res, 404, { error: 'no such route' });
    return false;
  };
}

/** The query string's parameters. */
export function queryOf(req: IncomingMessage): URLSearchParams {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
}

/** Patterns in the order their paths first appear: the first one that matches a path wins. */
function compile(routes: readonly Route[]): Pattern[] {
  const byPath = new Map<
    string,
    { segments: (string | null)[]; names: string[]; rest: boolean; byMethod: Map<string, Route> }
  >();
  for (const route of routes) {
    let entry = byPath.get(route.path);
    if (!entry) {
      const parts = route.path.split('/');
      const isParam = (s: string) => s.startsWith(':') || s.startsWith('*');
      entry = {
        segments: parts.map((s) => (isParam(s) ? null : s)),
        names: parts.filter(isParam).map((s) => s.slice(1)),
        rest: parts[parts.length - 1]?.startsWith('*') ?? false,
        byMethod: new Map(),
      };
      byPath.set(route.path, entry);
    }
    if (entry.byMethod.has(route.method)) throw new Error(`two routes for ${route.method} ${route.path}`);
    entry.byMethod.set(route.method, route);
  }
  return [...byPath.values()].map((p) => {
    const methods = [...p.byMethod.keys()].filter((m) => m !== '*');
    if (methods.includes('GET') && !methods.includes('HEAD'))
      methods.splice(methods.indexOf('GET') + 1, 0, 'HEAD');
    return { ...p, allowHeader: methods.join(', ') };
  });
}

/** The raw text of each parameter segment, or null when the path does not have this shape. */
function matchOf(pattern: Pattern, segments: readonly string[]): string[] | null {
  const n = pattern.segments.length;
  if (pattern.rest ? segments.length < n : segments.length !== n) return null;
  const raw: string[] = [];
  for (let i = 0; i < n; i++) {
    const want = pattern.segments[i];
    const got = segments[i] ?? '';
    if (want === null) {
      if (got === '') return null;
      raw.push(got);
    } else if (want !== got) return null;
  }
  // The rest parameter: its first segment (checked above) and every later one, decoded one by one.
  if (pattern.rest) raw[raw.length - 1] = segments.slice(n - 1).join('/');
  return raw;
}

/** The parameters, percent-decoded; null when an escape is malformed (`%`, `%zz`, a cut UTF-8 sequence). */
function decoded(names: readonly string[], raw: readonly string[]): Params | null {
  const params: Record<string, string> = Object.create(null);
  for (let i = 0; i < names.length; i++) {
    try {
      params[names[i] as string] = (raw[i] as string).split('/').map(decodeURIComponent).join('/');
    } catch {
      return null;
    }
  }
  return params;
}
