import { timingSafeEqual } from 'node:crypto';
import type { Logger } from 'pino';
import type { Server } from 'socket.io';
import { attachViewers, type LinkLimits, type ViewerOptions, type ViewerSource } from './viewers';

/**
 * The `/wallboard` namespace with one shared API token deciding who may watch, everyone seeing every
 * queue: the same namespace code as the product (viewers.ts), for tests and benchmarks that have no
 * accounts. server/app.ts admits by session, display token or API token instead.
 */
export interface WallboardOptions {
  readonly apiToken: string | null;
  readonly logger: Logger;
  /** Sockets are held at the handshake until this settles (today's journal replayed). */
  readonly whenReady?: Promise<void>;
  readonly limits?: Partial<LinkLimits>;
  readonly addressOf?: ViewerOptions['addressOf'];
}

export type WallboardSource = ViewerSource;

export function tokenMatches(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function attachWallboard(io: Server, source: WallboardSource, o: WallboardOptions) {
  return attachViewers(io, source, {
    logger: o.logger,
    ...(o.whenReady ? { whenReady: o.whenReady } : {}),
    ...(o.limits ? { limits: o.limits } : {}),
    ...(o.addressOf ? { addressOf: o.addressOf } : {}),
    admit: (socket) =>
      o.apiToken === null || tokenMatches(socket.handshake.auth?.token, o.apiToken)
        ? { principal: { kind: 'api' }, scope: 'all' }
        : null,
  });
}
