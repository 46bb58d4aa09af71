import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { WebhookTestResult } from '../../lib/settings/webhooks';
import { json } from '../http/respond';
import type { IngestOutcome } from './ingest';
import type { WebhookReceiverOptions } from './types';

/**
 * "Send test event", the receiving half. The settings API posts a sample payload to the source's own
 * webhook URL with `X-Callboard-Test: <nonce>`; the receiver authenticates, reads and normalizes it
 * as any other request, then hands it here instead of to the journal. The nonce is what makes the
 * header safe to honour: only one this process issued for that source in the last minute counts, and
 * only once, so nobody outside can use the header to make a real event skip the journal or to learn
 * anything (an unknown nonce is a 403 before the body is normalized).
 *
 * The last result per source is kept in memory for the settings page: a restart forgets it, like
 * the rest of a source's live status.
 */
export const TEST_HEADER = 'x-callboard-test';
export const NONCE_TTL_MS = 60_000;

/** The receiver's side: see receiver.ts, just before a payload is ingested. */
export interface TestEventReceiver {
  /** The request carries the test header, whatever its value. */
  marked(req: IncomingMessage): boolean;
  /**
   * The request carries a nonce this process issued and has not yet taken back (for any source). Its
   * failed authentication is this server testing a disabled or re-keyed source, not a guess at a
   * secret: it must not count towards the sender address's rate limit (it is loopback, shared with
   * whatever else connects from there, a reverse proxy for one).
   */
  issued(req: IncomingMessage): boolean;
  /**
   * Answers a marked request: 403 unless its nonce is one of ours, fresh and issued for `source`;
   * otherwise `run` normalizes it (with an `accept` that only notes the events' types) and the reply is
   * `200 { test: true, events }` or the status the payload would get, without a dead letter.
   */
  answer(
    req: IncomingMessage,
    res: ServerResponse,
    source: string,
    run: (deps: Pick<WebhookReceiverOptions, 'accept'>) => Promise<IngestOutcome>,
  ): Promise<void>;
}

export interface TestEvents extends TestEventReceiver {
  /** A one-time nonce for one test of `source`, valid for NONCE_TTL_MS. */
  issue(source: string): string;
  /** The test is over (answered or not): its nonce stops working. */
  forget(nonce: string): void;
  record(source: string, result: WebhookTestResult): void;
  last(source: string): WebhookTestResult | null;
}

export function createTestEvents(o: { now: () => number; logger: Logger }): TestEvents {
  // Keyed by the nonce's hash: a lookup's timing says nothing about the nonces themselves.
  const issued = new Map<string, { source: string; until: number }>();
  const results = new Map<string, WebhookTestResult>();
  const keyOf = (nonce: string) => createHash('sha256').update(nonce, 'utf8').digest('base64url');

  /** The source a nonce was issued for, while it is valid. */
  function sourceOf(nonce: string): string | undefined {
    const found = issued.get(keyOf(nonce));
    return found !== undefined && o.now() < found.until ? found.source : undefined;
  }

  /** Uses the nonce up: it counts once, for its own source. */
  function claim(nonce: string | undefined, source: string): boolean {
    if (nonce === undefined) return false;
    const valid = sourceOf(nonce) === source;
    issued.delete(keyOf(nonce));
    return valid;
  }

  return {
    issue(source) {
      const now = o.now();
      for (const [key, entry] of issued) if (entry.until <= now) issued.delete(key);
      const nonce = randomBytes(24).toString('base64url');
      issued.set(keyOf(nonce), { source, until: now + NONCE_TTL_MS });
      return nonce;
    },
    forget(nonce) {
      issued.delete(keyOf(nonce));
    },
    record(source, result) {
      results.set(source, result);
    },
    last: (source) => results.get(source) ?? null,
    marked: (req) => req.headers[TEST_HEADER] !== undefined,
    issued(req) {
      const nonce = nonceOf(req);
      return nonce !== undefined && sourceOf(nonce) !== undefined;
    },
    async answer(req, res, source, run) {
      if (!claim(nonceOf(req), source)) {
        o.logger.warn({ source }, 'webhook refused: test header with an unknown or expired nonce');
        json(res, 403, { error: 'unknown or expired test nonce' });
        return;
      }
      const events: string[] = [];
      let outcome: IngestOutcome;
      try {
        outcome = await run({
          async accept(entry) {
            for (const e of entry.events) events.push(e.type);
            return { duplicate: false };
          },
        });
      } catch (err) {
        // A normalizer is total by contract; a test must not dead-letter its sample if one throws.
        o.logger.error({ err, source }, 'webhook test event failed');
        json(res, 500, { test: true, error: 'internal error' });
        return;
      }
      o.logger.info({ source, status: outcome.status, events: events.length }, 'webhook test event');
      if (outcome.status === 200)
        json(res, 200, {
          test: true,
          events,
          ...(outcome.ignored === undefined ? {} : { ignored: outcome.ignored }),
        });
      else json(res, outcome.status, { test: true, error: outcome.reason });
    },
  };
}

/** The test header's nonce, trimmed; undefined when it is missing or empty. */
function nonceOf(req: IncomingMessage): string | undefined {
  const header = req.headers[TEST_HEADER];
  const nonce = typeof header === 'string' ? header.trim() : '';
  return nonce === '' ? undefined : nonce;
}
