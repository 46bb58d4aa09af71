import type { AddressInfo } from 'node:net';
import { WEBHOOK_PATHS, type WebhookTestResult, webhookUrl } from '../../lib/settings/webhooks';
import { samplePayload } from './samples';
import { TEST_HEADER } from './testEvent';
import type { WebhookKind } from './types';

/**
 * "Send test event", the sending half: a real HTTP request over loopback to this server's own webhook
 * URL for the source, as its PBX would send it: the URL the settings page tells the admin to paste
 * (the secret in the path for 3CX and VoIPstudio), and PortSIP's `Authorization: Bearer`. So the test
 * proves the route, the secret, body parsing and the normalizer; only the journal is left out (the
 * receiver sees the test header, see testEvent.ts).
 */
export const TEST_TIMEOUT_MS = 5_000;

export interface TestTarget {
  /** This server as seen from itself, e.g. `http://127.0.0.1:3000`. */
  readonly origin: string;
  readonly kind: WebhookKind;
  readonly secret: string;
  readonly nonce: string;
  readonly now: number;
  readonly timeoutMs?: number;
}

export async function sendTestEvent(t: TestTarget): Promise<Omit<WebhookTestResult, 'at'>> {
  const sample = samplePayload(t.kind, t.now);
  const viaHeader = t.kind === 'portsip-webhook';
  const url = webhookUrl(t.origin, t.kind, viaHeader ? null : t.secret);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': sample.contentType,
        [TEST_HEADER]: t.nonce,
        ...(viaHeader ? { authorization: `Bearer ${t.secret}` } : {}),
      },
      body: sample.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(t.timeoutMs ?? TEST_TIMEOUT_MS),
    });
  } catch (err) {
    const timedOut = (err as { name?: string }).name === 'TimeoutError';
    // Never the URL: for 3CX and VoIPstudio it holds the secret.
    const error = timedOut
      ? `no answer within ${(t.timeoutMs ?? TEST_TIMEOUT_MS) / 1000} s`
      : `could not reach ${WEBHOOK_PATHS[t.kind]} on this server`;
    return { ok: false, status: 0, events: [], error };
  }
  const body = (await res.json().catch(() => null)) as {
    test?: unknown;
    events?: unknown;
    error?: unknown;
  } | null;
  const events = Array.isArray(body?.events) ? body.events.filter((e) => typeof e === 'string') : [];
  if (res.status === 200 && body?.test === true) return { ok: true, status: 200, events };
  const error =
    typeof body?.error === 'string'
      ? body.error
      : res.status === 200
        ? 'the receiver did not treat it as a test'
        : `HTTP ${res.status}`;
  return { ok: false, status: res.status, events, error };
}

/** Where this server can reach itself: the address it listens on, loopback when it listens on all. */
export function loopbackOrigin(address: AddressInfo | string | null): string {
  if (address === null || typeof address === 'string') throw new Error('the server is not listening on TCP');
  const host =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address;
  return `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
}
