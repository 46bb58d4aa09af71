import type { CallCenterModel } from './model';
import type { Route } from './world';

/**
 * One WSI client's side of the protocol, without sockets: `auth`, then `subscribe` / `unsubscribe`,
 * each answered with a reply (`{"command","id","status":0}` or the same with `error` and status -1),
 * then the snapshots the doc says a subscription pushes. `wants` routes live messages: a client gets
 * only the topics, queues and extensions it subscribed to.
 */

export interface Credentials {
  readonly username: string;
  readonly password: string;
  /** The tenant's SIP domain; logins without one are the PBX system administrator's. */
  readonly domain: string;
}

/** The doc's text for every failed login, whatever was wrong. */
export const AUTH_ERROR = 'access_token , username , domain or password error';

type Json = Record<string, unknown>;

const TENANT_TOPICS = ['queue_management_events', 'queue_events', 'extension_events', 'cdr_events'] as const;
const GLOBAL_TOPICS = [
  'global_queue_management_events',
  'global_queue_events',
  'global_extension_events',
  'global_cdr_events',
  'global_extension_management_events',
] as const;
type Topic = (typeof TENANT_TOPICS)[number] | (typeof GLOBAL_TOPICS)[number];
const isTopic = (t: unknown): t is Topic =>
  (TENANT_TOPICS as readonly unknown[]).includes(t) || (GLOBAL_TOPICS as readonly unknown[]).includes(t);

/** A list of strings from a command field (numbers are accepted and read as their digits). */
function names(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out = value.flatMap((v) => (typeof v === 'string' || typeof v === 'number' ? [String(v)] : []));
  return out.length === value.length ? out : undefined;
}

/** Who gets what: the topics, queues and extensions subscribed so far. */
interface Subscriptions {
  queueManagement: boolean;
  cdr: boolean;
  readonly queues: Set<string>;
  readonly extensions: Set<string>;
}

/** What a subscribe will do once every topic in it has been checked. */
interface Plan {
  readonly topic: Topic;
  readonly queues?: readonly string[];
  readonly extensions?: readonly string[];
}

export class ClientSession {
  private authenticated = false;
  private replies = 0;
  private readonly subs: Subscriptions = {
    queueManagement: false,
    cdr: false,
    queues: new Set(),
    extensions: new Set(),
  };

  constructor(
    private readonly model: CallCenterModel,
    private readonly credentials: Credentials,
  ) {}

  get isAuthenticated(): boolean {
    return this.authenticated;
  }

  /** The frames to send back for one received frame, in order. */
  handle(text: string): string[] {
    let cmd: unknown;
    try {
      cmd = JSON.parse(text);
    } catch {
      return [this.error('unknown', undefined, 'invalid JSON')];
    }
    if (typeof cmd !== 'object' || cmd === null || Array.isArray(cmd)) {
      return [this.error('unknown', undefined, 'not a JSON object')];
    }
    const c = cmd as Json;
    const name = typeof c.command === 'string' ? c.command : 'unknown';
    if (name === 'auth') return [this.auth(c)];
    if (name !== 'subscribe' && name !== 'unsubscribe') return [this.error(name, c.id, 'unknown command')];
    if (!this.authenticated) return [this.error(name, c.id, 'not authenticated')];
    const topics = names(c.topics);
    if (!topics || topics.length === 0) return [this.error(name, c.id, 'topics missing')];
    const bad = topics.find((t) => !isTopic(t));
    if (bad !== undefined) return [this.error(name, c.id, `unknown topic ${bad}`)];
    return name === 'subscribe'
      ? this.subscribe(c, topics as Topic[])
      : [this.unsubscribe(c, topics as Topic[])];
  }

  /** Should a live message on this route go to this client? */
  wants(route: Route): boolean {
    if (!this.authenticated) return false;
    switch (route.topic) {
      case 'queue_management_events':
        return this.subs.queueManagement;
      case 'queue_events':
        return this.subs.queues.has(route.queue);
      case 'extension_events':
        return this.subs.extensions.has(route.extension);
      case 'cdr_events':
        return this.subs.cdr;
    }
  }

  private auth(c: Json): string {
    const { username, password, domain } = this.credentials;
    const ext = c.extension_number;
    const ok =
      c.password === password &&
      ((c.username === username && (c.domain === domain || c.domain === undefined)) ||
        (typeof ext === 'string' && this.model.hasExtension(ext) && c.domain === domain));
    this.authenticated = ok;
    return ok ? this.ok('auth', c.id) : this.error('auth', c.id, AUTH_ERROR);
  }

  /** Check every topic first: a subscribe with one bad part changes nothing. */
  private plan(c: Json, topic: Topic): Plan | string {
    const m = this.model;
    if (topic.startsWith('global_')) {
      const tenants = names(c.tenants);
      if (!tenants?.includes(m.tenantId)) return `${topic} needs "tenants" with ${m.tenantId}`;
      if (topic === 'global_queue_events') return { topic, queues: m.queues().map((q) => q.number) };
      if (topic === 'global_extension_events') return { topic, extensions: m.extensions() };
      return { topic };
    }
    if (topic === 'queue_events') {
      const queues = names(c.queues);
      if (!queues || queues.length === 0) return 'queue_events needs "queues"';
      const unknown = queues.filter((q) => !m.hasQueue(q));
      return unknown.length > 0 ? `unknown queue ${unknown.join(', ')}` : { topic, queues };
    }
    if (topic === 'extension_events') {
      const extensions = names(c.extensions);
      if (!extensions || extensions.length === 0) return 'extension_events needs "extensions"';
      const unknown = extensions.filter((x) => !m.hasExtension(x));
      return unknown.length > 0 ? `unknown extension ${unknown.join(', ')}` : { topic, extensions };
    }
    return { topic };
  }

  private subscribe(c: Json, topics: Topic[]): string[] {
    const plans: Plan[] = [];
    for (const t of topics) {
      const p = this.plan(c, t);
      if (typeof p === 'string') return [this.error('subscribe', c.id, p)];
      plans.push(p);
    }
    const out = [this.ok('subscribe', c.id)];
    const m = this.model;
    for (const p of plans) {
      if (p.topic === 'queue_management_events' || p.topic === 'global_queue_management_events') {
        this.subs.queueManagement = true;
        // "Once successfully subscribed, the PBX will push all current queue information."
        for (const q of m.queueCreated()) out.push(JSON.stringify(q));
      } else if (p.topic === 'global_extension_management_events') {
        // Likewise for extensions: every current one with its display name.
        for (const x of m.extensionCreated()) out.push(JSON.stringify(x));
      } else if (p.topic === 'cdr_events' || p.topic === 'global_cdr_events') {
        this.subs.cdr = true;
      }
      for (const q of p.queues ?? []) {
        this.subs.queues.add(q);
        const status = m.queueStatus(q);
        if (status) out.push(JSON.stringify(status));
      }
      if (p.extensions) {
        for (const x of p.extensions) this.subs.extensions.add(x);
        out.push(JSON.stringify(m.extensionStatus(p.extensions)));
      }
    }
    return out;
  }

  /** With `queues` / `extensions`: just those; without: the whole topic. */
  private unsubscribe(c: Json, topics: Topic[]): string {
    const queues = names(c.queues);
    const extensions = names(c.extensions);
    for (const t of topics) {
      if (t === 'queue_management_events' || t === 'global_queue_management_events')
        this.subs.queueManagement = false;
      else if (t === 'cdr_events' || t === 'global_cdr_events') this.subs.cdr = false;
      else if (t === 'queue_events' && queues) for (const q of queues) this.subs.queues.delete(q);
      else if (t === 'queue_events' || t === 'global_queue_events') this.subs.queues.clear();
      else if (t === 'extension_events' && extensions)
        for (const x of extensions) this.subs.extensions.delete(x);
      else if (t === 'extension_events' || t === 'global_extension_events') this.subs.extensions.clear();
    }
    return this.ok('unsubscribe', c.id);
  }

  /** The command's own id when it sent one, else this connection's running count (the doc's "1", "2"). */
  private replyId(id: unknown): string {
    this.replies++;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : String(this.replies);
  }

  private ok(command: string, id: unknown): string {
    return JSON.stringify({ command, id: this.replyId(id), status: 0 });
  }

  private error(command: string, id: unknown, error: string): string {
    return JSON.stringify({ command, error, id: this.replyId(id), status: -1 });
  }
}
