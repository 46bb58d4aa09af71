import { HEARTBEAT_MS, type SourceStatus } from '../protocol';
import { scopeOfKey } from './queues';

/**
 * "Never silently stale": when may a board call its figures live? Pure; the clock comes in.
 *
 * Expected traffic. The server pushes a patch when something changes and, on a stream idle for
 * HEARTBEAT_MS (10 s), a tiny heartbeat (lib/protocol.ts), so a quiet call center still speaks at
 * least every 10 s without anyone asking. A link silent for SILENT_AFTER_MS (two heartbeats missed,
 * plus slack for a busy server) is not live, even if the socket and every source claim to be fine.
 * Socket.IO's own heartbeat (ping every 25 s, 20 s timeout) catches a dead connection; this catches a
 * connected server that stopped sending.
 *
 * Not live, from the worst cause:
 * - refused: the server turned the token down (no retry: a new token is needed);
 * - revoked: the token was a display's, and an admin revoked it (no retry; the figures are hidden);
 * - link: the socket dropped; since = when it dropped (the figures were live until then);
 * - silent: nothing arrived for SILENT_AFTER_MS; since = the last message;
 * - connecting: no view yet.
 * A source whose status is not 'connected' makes the queues it feeds not live (see `affectedQueues`).
 */
export const SILENT_AFTER_MS = 2 * HEARTBEAT_MS + 5000;

export type LinkState = 'connecting' | 'live' | 'reconnecting' | 'refused' | 'revoked';

export interface LinkInput {
  readonly link: LinkState;
  readonly linkSince: number;
  readonly hasView: boolean;
  /** Client time of the last server message, null before the first. */
  readonly lastMessageAt: number | null;
  readonly now: number;
}

export type NotLiveReason = 'connecting' | 'link' | 'silent' | 'refused' | 'revoked';

export interface Liveness {
  readonly live: boolean;
  readonly reason: NotLiveReason | null;
  /** Since when the figures are not live (client clock, ms); null when live. */
  readonly since: number | null;
}

const LIVE: Liveness = { live: true, reason: null, since: null };

export function linkLiveness(i: LinkInput): Liveness {
  if (i.link === 'refused' || i.link === 'revoked')
    return { live: false, reason: i.link, since: i.linkSince };
  if (!i.hasView) return { live: false, reason: 'connecting', since: i.linkSince };
  if (i.link !== 'live') return { live: false, reason: 'link', since: i.linkSince };
  if (i.lastMessageAt !== null && i.now - i.lastMessageAt > SILENT_AFTER_MS)
    return { live: false, reason: 'silent', since: i.lastMessageAt };
  return LIVE;
}

export const isSourceLive = (s: Pick<SourceStatus, 'status'>): boolean => s.status === 'connected';

/**
 * The queues fed by sources that are not live. A queue's key starts with its scope: the source id for
 * 3CX and VoIPstudio, the tenant for PortSIP (lib/domain/keys.ts). The server says which scopes each
 * source's events were about (`scopes`), so a down source affects exactly the queues it feeds: with two
 * PBX connections, one down, the other's queues stay live. A queue fed by several sources (a PortSIP
 * link and its webhooks) is affected when any of them is down: its figures are then partly frozen.
 * A down source that has fed nothing yet affects no queue (the banner still names it).
 * From a server that does not say (`scopes` absent), the old guess: a down source whose id is the scope
 * of some queues affects those; one that is no queue's scope affects every queue whose scope is no
 * source's id. 'all' when every queue is affected.
 */
export function affectedQueues(
  queueIds: readonly string[],
  sources: readonly Pick<SourceStatus, 'id' | 'status' | 'scopes'>[],
): ReadonlySet<string> {
  const down = sources.filter((s) => !isSourceLive(s));
  if (down.length === 0) return EMPTY;
  const sourceIds = new Set(sources.map((s) => s.id));
  const scopes = new Map<string, string[]>();
  for (const id of queueIds) {
    const scope = scopeOfKey(id);
    const list = scopes.get(scope);
    if (list) list.push(id);
    else scopes.set(scope, [id]);
  }
  const out = new Set<string>();
  const addScope = (scope: string) => {
    for (const id of scopes.get(scope) ?? []) out.add(id);
  };
  for (const s of down) {
    if (s.scopes !== undefined) for (const scope of s.scopes) addScope(scope);
    else if (scopes.has(s.id)) addScope(s.id);
    else
      for (const scope of scopes.keys()) {
        if (!sourceIds.has(scope)) addScope(scope);
      }
  }
  return out;
}

const EMPTY: ReadonlySet<string> = new Set();

/** Seconds since a source's last event (on the server's clock: the hub moves PBX times by the source's offset), or null. */
export function eventAgeSeconds(lastEventAt: number | null, serverNow: number): number | null {
  return lastEventAt === null ? null : Math.max(0, Math.floor((serverNow - lastEventAt) / 1000));
}
