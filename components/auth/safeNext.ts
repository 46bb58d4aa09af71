/**
 * Where to send the browser after sign-in: `next` only if it is a path on this site, else `fallback`.
 * Never an open redirect. `next` is parsed the way the browser will read it (`new URL(next, origin)`:
 * tabs and newlines dropped, `\` read as `/`), so `/\evil`, `/<tab>/evil` or `/%5Cevil` decoded from
 * the query cannot turn into `//evil`; the parsed URL must have this origin, and the path handed back
 * (normalised, dot segments resolved) must not start with `//` either, which `location.assign` would
 * again read as another host.
 */
export function safeNext(next: string | null | undefined, origin: string, fallback = '/'): string {
  if (!next?.startsWith('/')) return fallback;
  let url: URL;
  let own: string;
  try {
    own = new URL(origin).origin;
    url = new URL(next, own);
  } catch {
    return fallback;
  }
  if (url.origin !== own) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith('/') && !path.startsWith('//') ? path : fallback;
}
