import type { IncomingMessage, ServerResponse } from 'node:http';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { clientIp } from '../auth/request';
import { json } from '../http/respond';
import type { Params, Route } from '../http/router';
import { StorageUnavailableError } from '../storage/types';
import { authenticate, challenges } from './auth';
import { readBody } from './body';
import { NONCE_TTL_MS } from './digest';
import { contentTypeVerdict, type IngestOutcome, ingest, mediaTypeOf } from './ingest';
import { createLogThrottle } from './logThrottle';
import { createNonceCounts } from './nonceCounts';
import { queryKey, redactHeaders, redactUrl, truncate } from './redact';
import {
  DEFAULT_AUTH_FAILURES_PER_MINUTE,
  DEFAULT_MAX_BODY_BYTES,
  KIND_BY_SEGMENT,
  type WebhookKind,
  type WebhookReceiverOptions,
  type WebhookSourceConfig,
} from './types';

/**
 * `POST /api/webhooks/portsip`, `POST /api/webhooks/voipstudio`, `GET|POST /api/webhooks/3cx`, each
 * also with the secret as a last path segment. In order: route (404 unknown or disabled) → method
 * (405) → Content-Type (415) → rate limit on failed authentications (429) → authentication (401) →
 * body ≤ limit (413) → normalize (400/422, dead-lettered) → idempotency key → accept (503 when storage
 * is down) → 200. Routes for any method under /api/webhooks (the receiver answers 405 itself: which
 * methods a kind takes is its own rule); the router has decoded the kind and the path's secret.
 */
const PREFIX = '/api/webhooks';
const STORAGE_RETRY_AFTER_SECONDS = 5;
const GET_CONTENT_TYPE = 'application/x-www-form-urlencoded';

export function createWebhookReceiver(o: WebhookReceiverOptions): Route[] {
  const maxBodyBytes = o.limits?.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const failuresPerMinute = o.limits?.authFailuresPerMinute ?? DEFAULT_AUTH_FAILURES_PER_MINUTE;
  // Counts failed authentications per client address in fixed one-minute windows: the address the
  // proxy reports when it is trusted (else every sender behind it would share one count, and one
  // guesser would block every PBX), the socket's otherwise (a forwarded header from anyone else is
  // the client's own claim). (The library keeps its own wall clock; `now` is not used for it.)
  const failures = new RateLimiterMemory({
    keyPrefix: 'webhook-auth',
    points: failuresPerMinute,
    duration: 60,
  });
  // One dead-letter warning per source per minute, with a count of those held back.
  const deadLetterLine = createLogThrottle({ now: o.now });
  const nonceCounts = createNonceCounts({ ttlMs: NONCE_TTL_MS });

  function receiveWebhook(req: IncomingMessage, res: ServerResponse, params: Params): void {
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const query = q < 0 ? '' : rawUrl.slice(q + 1);
    const kind = KIND_BY_SEGMENT.get((params.kind ?? '').toLowerCase()) ?? null;
    handle(req, res, params, query)
      .catch((err: unknown): undefined => {
        o.logger.error({ err, url: redactUrl(rawUrl, []) }, 'webhook failed');
        if (!res.headersSent && !res.destroyed) json(res, 500, { error: 'internal error' });
        else res.destroy();
      })
      .then((answered) => {
        // Counted once, by the status sent; a sender that went away got none, a test event is not traffic.
        if (answered !== 'test event' && res.headersSent) o.counts?.answered(kind, res.statusCode);
      });
  }
  return [
    { method: '*', path: `${PREFIX}/:kind`, handle: receiveWebhook },
    { method: '*', path: `${PREFIX}/:kind/:token`, handle: receiveWebhook },
  ];

  async function handle(
    req: IncomingMessage,
    res: ServerResponse,
    params: Params,
    query: string,
  ): Promise<'test event' | undefined> {
    const kind = KIND_BY_SEGMENT.get((params.kind ?? '').toLowerCase());
    const candidates = kind
      ? (await o.sources()).filter((s) => s.kind === kind && s.secrets.some((x) => x !== ''))
      : [];
    if (!kind || candidates.length === 0) {
      json(res, 404, { error: 'no such webhook endpoint' });
      return;
    }
    const allowed = kind === '3cx' ? ['GET', 'POST'] : ['POST'];
    const method = req.method ?? '';
    if (!allowed.includes(method)) {
      json(res, 405, { error: 'method not allowed' }, { allow: allowed.join(', ') });
      return;
    }
    const contentType = method === 'GET' ? GET_CONTENT_TYPE : (req.headers['content-type'] ?? '');
    const verdict = contentTypeVerdict(kind, mediaTypeOf(contentType));
    if (!verdict.ok) {
      // Refused before authentication, so nothing is read and nothing is kept (no dead letter).
      o.logger.info(
        { kind, contentType: truncate(contentType, 80) },
        'webhook refused: unsupported Content-Type',
      );
      json(res, 415, { error: verdict.reason });
      return;
    }

    const ip = clientIp(req, o.trustProxy ?? false);
    const counted = await failures.get(ip);
    if (counted && counted.consumedPoints >= failuresPerMinute) {
      const retryAfter = Math.max(1, Math.ceil(counted.msBeforeNext / 1000));
      o.logger.debug({ ip, kind }, 'webhook refused: too many failed authentications');
      json(res, 429, { error: 'too many failed authentications' }, { 'retry-after': String(retryAfter) });
      return;
    }

    const pathToken = params.token;
    const now = o.now();
    const auth = authenticate(
      {
        method,
        url: req.url ?? '/',
        authorization: req.headers.authorization,
        pathToken: pathToken === '' ? undefined : pathToken,
        queryToken: new URLSearchParams(query).get('token') ?? undefined,
        digestKey: o.digestKey,
        nonceCounts,
        now,
      },
      candidates,
    );
    if (!auth.ok) {
      if (auth.presented && !o.testEvents?.issued(req)) {
        await failures.penalty(ip, 1);
        o.logger.warn({ ip, kind, reason: auth.reason }, 'webhook refused: authentication failed');
      }
      json(
        res,
        401,
        { error: auth.reason },
        { 'www-authenticate': challenges(o.digestKey, now, auth.stale) },
      );
      return;
    }
    const source = auth.source;
    const receivedAt = now;
    const letterBase = (status: number, reason: string, body: string) => ({
      source: source.id,
      kind,
      receivedAt,
      status,
      reason,
      method,
      url: redactUrl(req.url ?? '/', allSecrets(candidates)),
      headers: redactHeaders(req.headers, allSecrets(candidates)),
      contentType,
      body,
    });

    let body: string;
    if (method === 'GET') {
      body = withoutToken(query);
    } else {
      const read = await readBody(req, maxBodyBytes);
      if (!read.ok) {
        if (read.status === 0) {
          o.logger.info({ source: source.id }, 'webhook sender went away before the body was read');
          return;
        }
        if (read.status === 413) {
          // Dead-lettered without its body (over the limit: not kept), so an admin sees who sent what.
          const kept = await keep(
            res,
            () => o.deadLetters.add(letterBase(413, read.reason, '')),
            source.id,
            kind,
          );
          if (kept === undefined) return;
          const line = deadLetterLine(source.id);
          if (line)
            o.logger.warn(
              { source: source.id, limit: maxBodyBytes, ...line },
              'webhook refused: body too large',
            );
          json(res, 413, { error: read.reason, deadLetter: kept });
          return;
        }
        json(res, read.status, { error: read.reason });
        return;
      }
      body = read.text;
    }

    const payload = { source: source.id, kind, receivedAt, contentType, body };
    // "Send test event" (settings): authenticated and read like any request, normalized, not journaled.
    if (o.testEvents?.marked(req)) {
      await o.testEvents.answer(req, res, source.id, (deps) => ingest(payload, deps));
      return 'test event';
    }

    let outcome: IngestOutcome;
    try {
      outcome = await ingest(payload, o);
    } catch (err) {
      // A normalizer is total by contract; if one throws anyway, keep the payload for the fix.
      o.logger.error({ err, source: source.id, body: truncate(body) }, 'webhook processing failed');
      await keep(
        res,
        () => o.deadLetters.add(letterBase(500, `internal error: ${errorText(err)}`, body)),
        source.id,
        kind,
      );
      if (!res.headersSent) json(res, 500, { error: 'internal error' });
      return;
    }

    if (outcome.status === 200) {
      o.logger.debug(
        { source: source.id, events: outcome.accepted, duplicate: outcome.duplicate, via: auth.via },
        'webhook accepted',
      );
      json(res, 200, {
        accepted: outcome.accepted,
        duplicate: outcome.duplicate,
        ...(outcome.ignored === undefined ? {} : { ignored: outcome.ignored }),
        ...(outcome.warnings === undefined ? {} : { warnings: outcome.warnings }),
      });
      return;
    }
    if (outcome.status === 503) {
      logStorageFailure(outcome.error, source.id);
      replyUnavailable(res);
      return;
    }
    const id = await keep(
      res,
      () => o.deadLetters.add(letterBase(outcome.status, outcome.reason, body)),
      source.id,
      kind,
    );
    if (id === undefined) return;
    const line = deadLetterLine(source.id);
    if (line)
      o.logger.warn(
        {
          source: source.id,
          status: outcome.status,
          reason: truncate(outcome.reason),
          body: truncate(body),
          ...line,
        },
        'webhook rejected',
      );
    json(res, outcome.status, { error: outcome.reason, deadLetter: id });
  }

  /**
   * Store a dead letter. When storage cannot take it, the sender gets 503 (and retries later) rather
   * than a 4xx that would make it give up on a payload nobody kept. Returns undefined after such a reply.
   */
  /** Stores the dead letter before the 4xx that names it goes out; a failed write answers 503. */
  async function keep(
    res: ServerResponse,
    add: () => Promise<number>,
    source: string,
    kind: WebhookKind,
  ): Promise<number | undefined> {
    try {
      const id = await add();
      o.counts?.deadLettered(kind);
      return id;
    } catch (err) {
      logStorageFailure(err, source);
      if (!res.headersSent) replyUnavailable(res);
      return undefined;
    }
  }

  function logStorageFailure(err: unknown, source: string): void {
    if (err instanceof StorageUnavailableError)
      o.logger.warn({ err, source }, 'webhook not stored: storage unavailable');
    else o.logger.error({ err, source }, 'webhook not stored: storage error');
  }
}

function allSecrets(sources: readonly WebhookSourceConfig[]): string[] {
  return sources.flatMap((s) => s.secrets);
}

/** A 3CX GET's query string is its payload, minus our `token` parameter. Other parts stay byte-exact. */
export function withoutToken(query: string): string {
  return query
    .split('&')
    .filter((part) => part !== '' && queryKey(part) !== 'token')
    .join('&');
}

function errorText(err: unknown): string {
  return truncate(err instanceof Error ? err.message : String(err));
}

function replyUnavailable(res: ServerResponse): void {
  json(
    res,
    503,
    { error: 'storage unavailable, retry later' },
    { 'retry-after': String(STORAGE_RETRY_AFTER_SECONDS) },
  );
}
