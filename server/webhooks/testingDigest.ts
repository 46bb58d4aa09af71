import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';

/**
 * Test support only (never imported by product code): the client side of Digest over real HTTP, as a
 * PBX would speak it.
 */

/** POST with node:http to see every WWW-Authenticate header separately (fetch joins them). */
export function rawPost(url: string, body: string, headers: Record<string, string>) {
  return new Promise<{ status: number; challenges: string[] }>((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', headers }, (res) => {
      const challenges: string[] = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        if (res.rawHeaders[i]?.toLowerCase() === 'www-authenticate')
          challenges.push(res.rawHeaders[i + 1] ?? '');
      }
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode ?? 0, challenges }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Ask for a challenge (a request without credentials) and parse the one for `algorithm`. */
export async function getChallenge(base: string, path: string, algorithm: 'SHA-256' | 'MD5') {
  const raw = await rawPost(`${base}${path}`, '', {});
  const header = raw.challenges.find((c) => c.includes(`algorithm=${algorithm},`));
  if (!header) throw new Error(`no ${algorithm} challenge in ${raw.challenges.join(' | ')}`);
  const params = new Map<string, string>();
  for (const m of header.slice('Digest '.length).matchAll(/([a-z]+)=(?:"([^"]*)"|([^,\s]+))/gi)) {
    params.set((m[1] ?? '').toLowerCase(), m[2] ?? m[3] ?? '');
  }
  return params;
}

/** The client side of RFC 7616 §3.4.1, qop=auth. */
export function digestAuthorization(o: {
  algorithm: 'SHA-256' | 'MD5';
  challenge: Map<string, string>;
  method: string;
  uri: string;
  password: string;
  username?: string;
  qop?: string;
  extra?: string;
  /** The nonce-count, 8 hex digits (default 00000001). */
  nc?: string;
}): string {
  const hashHex = (s: string) =>
    createHash(o.algorithm === 'SHA-256' ? 'sha256' : 'md5')
      .update(s)
      .digest('hex');
  const username = o.username ?? 'pbx';
  const realm = o.challenge.get('realm') ?? '';
  const nonce = o.challenge.get('nonce') ?? '';
  const nc = o.nc ?? '00000001';
  const cnonce = 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ';
  const qop = o.qop ?? 'auth';
  const ha1 = hashHex(`${username}:${realm}:${o.password}`);
  const ha2 = hashHex(`${o.method}:${o.uri}`);
  const response = hashHex(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
  return (
    `Digest username="${username}", realm="${realm}", uri="${o.uri}", algorithm=${o.algorithm}, ` +
    `nonce="${nonce}", nc=${nc}, cnonce="${cnonce}", qop=${qop}, response="${response}"${o.extra ?? ''}`
  );
}
