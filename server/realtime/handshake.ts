import type { Logger } from 'pino';
import type { Namespace, Socket } from 'socket.io';
import { type Auth, handshakeCredentials, type Principal } from '../auth';
import type { Guard, QueueScope } from '../http/guard';
import type { HandshakeLimiter } from './handshakeLimiter';
import type { LinkStats } from './linkStats';

export interface Admission {
  readonly principal: Principal;
  readonly scope: QueueScope;
}

export interface HandshakeOptions {
  /**
   * null: refused (the client sees `connect_error` "unauthorized"); 'revoked': a display token that
   * was valid and is revoked (`connect_error` "revoked": the screen says its access was revoked).
   */
  readonly admit: (socket: Socket) => Admission | 'revoked' | null | Promise<Admission | 'revoked' | null>;
  /** The client's address, for counting its failed handshakes. */
  readonly addressOf: (socket: Socket) => string;
  readonly limiter: HandshakeLimiter;
  readonly logger: Logger;
  readonly stats: LinkStats;
  /** Sockets are held at the handshake until this settles (today's journal replayed). */
  readonly whenReady?: Promise<void>;
}

/**
 * The namespace's door: wait for today's state, refuse an address with too many failed handshakes
 * (`connect_error` "throttled": the browser retries with backoff, unlike "unauthorized"), then admit
 * or refuse, counting the refusal against the address.
 */
export function guardHandshakes(nsp: Namespace, o: HandshakeOptions): void {
  nsp.use((socket, next) => {
    const address = o.addressOf(socket);
    void (async () => {
      if (o.whenReady) await o.whenReady;
      if (await o.limiter.blocked(address)) {
        o.stats.handshakesThrottled += 1;
        o.logger.warn({ address }, 'wallboard socket refused: too many failed handshakes');
        return next(new Error('throttled'));
      }
      const admission = await o.admit(socket);
      if (admission === null || admission === 'revoked') {
        o.stats.handshakesRefused += 1;
        await o.limiter.failed(address);
        o.logger.info({ address, revoked: admission === 'revoked' }, 'wallboard socket refused');
        return next(new Error(admission ?? 'unauthorized'));
      }
      socket.data.admission = admission;
      next();
    })().catch((err: unknown) => {
      o.logger.error({ err, address }, 'wallboard handshake failed');
      next(new Error('server error'));
    });
  });
}

/**
 * Who a socket is, from its handshake: refused (null) from a foreign origin or without a viewer's
 * scope, `revoked` for a credential taken back (the client stops retrying), else its principal and
 * the queues it may see.
 */
export function admitBy(
  auth: Pick<Auth, 'handshakeOriginAllowed' | 'principalOf'>,
  guard: Pick<Guard, 'scopeOf'>,
): (socket: Socket) => Promise<Admission | 'revoked' | null> {
  return async (socket) => {
    if (!auth.handshakeOriginAllowed(socket.request)) return null;
    const principal = await auth.principalOf(handshakeCredentials(socket.request, socket.handshake.auth));
    if (principal.kind === 'rejected' && principal.revoked) return 'revoked';
    const scope = await guard.scopeOf(principal);
    return scope === null ? null : { principal, scope };
  };
}
