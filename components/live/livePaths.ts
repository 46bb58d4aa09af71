/**
 * Pages for someone who holds no credential yet (signing in, the first admin's setup, a TV waiting to
 * be paired) open no live link: the server would refuse it, and every refused handshake counts against
 * the address (server/realtime/handshakeLimiter.ts), which a TV left on /pair must not pay for once
 * it holds its token.
 */
const WITHOUT_LINK = ['/login', '/setup', '/pair'];

export function needsLiveLink(pathname: string | null): boolean {
  if (pathname === null) return true;
  return !WITHOUT_LINK.some((p) => pathname === p || pathname.startsWith(`${p}/`));
}
