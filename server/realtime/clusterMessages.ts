import type { Logger } from 'pino';
import type { Namespace } from 'socket.io';
import { z } from 'zod';
import { boardIdSchema } from '../../lib/board/model';

/**
 * What one instance tells the others so each does its own part of a change (issue #19), sent with
 * Socket.IO's `serverSideEmit` through the PostgreSQL adapter (cluster.ts). The screens themselves
 * are told through rooms (control.ts, floorLink.ts, alertsLink.ts); these messages are for the
 * instances' own state, read again from the shared storage. Every message is the whole list here;
 * one event name carries them all, and an instance checks each against the schema (another version
 * of Callboard may be running beside it during a rolling upgrade: what it does not know it ignores).
 *
 * Delivery is at most once (a NOTIFY sent while an instance's LISTEN connection is down is lost):
 * a missed one leaves that instance's copy stale until its next change or restart, never its
 * viewers without a way back (they are told by room, and a reconnect starts from a snapshot).
 */
export const clusterMessageSchema = z.discriminatedUnion('type', [
  /** Settings → General was saved: read them again and apply them to this instance's hub. */
  z.object({ type: z.literal('settingsSaved') }),
  /** A board was saved or deleted: read boards again (alert rules). */
  z.object({ type: z.literal('boardChanged'), boardId: boardIdSchema }),
  /** A floor message was posted or removed: read the active list again (greetings, expiry timer). */
  z.object({ type: z.literal('floorChanged') }),
  /** People acknowledged or snoozed these alerts: read them again so evaluation keeps their state. */
  z.object({ type: z.literal('alertsActed'), alertIds: z.array(z.number().int().positive()).max(100) }),
  /** The one alert evaluator stored these raises and clears (server/alerts/evaluatorLease.ts): read them. */
  z.object({ type: z.literal('alertsChanged'), alertIds: z.array(z.number().int().positive()).max(100) }),
  /**
   * A PBX link's status on the instance that runs it (server/cluster/sourceRelay.ts): the others
   * show it instead of their own "standby", so a board on any instance says how the link really is.
   */
  z.object({
    type: z.literal('sourceStatus'),
    status: z
      .object({
        id: z.string().min(1).max(200),
        kind: z.string().min(1).max(40),
        status: z.string().min(1).max(40),
        owner: z.object({ instance: z.string().min(1).max(40), here: z.literal(true) }),
      })
      .passthrough(),
  }),
]);

export type ClusterMessage = z.infer<typeof clusterMessageSchema>;
export type ClusterHandlers = {
  readonly [T in ClusterMessage['type']]: (message: Extract<ClusterMessage, { type: T }>) => void;
};

/** The one `serverSideEmit` event name. */
const CLUSTER_EVENT = 'callboard:cluster';

export interface ClusterBus {
  /** Tell the other instances (never this one: it has done its part already). */
  tell(message: ClusterMessage): void;
  /** What this instance does for each message from another. */
  handle(handlers: ClusterHandlers): void;
}

/**
 * The bus over `nsp`'s adapter. `clustered` false (no DATABASE_URL): there are no other instances,
 * and `tell` does nothing (the in-memory adapter has no serverSideEmit).
 */
export function clusterBus(nsp: Namespace, clustered: boolean, logger: Logger): ClusterBus {
  return {
    tell(message) {
      if (clustered) nsp.serverSideEmit(CLUSTER_EVENT, message);
    },
    handle(handlers) {
      if (!clustered) return;
      nsp.on(CLUSTER_EVENT, (raw: unknown) => {
        const parsed = clusterMessageSchema.safeParse(raw);
        if (!parsed.success) {
          logger.warn({ type: (raw as { type?: unknown } | null)?.type }, 'cluster message not understood');
          return;
        }
        const message = parsed.data;
        try {
          (handlers[message.type] as (m: ClusterMessage) => void)(message);
        } catch (err) {
          logger.error({ err, type: message.type }, 'cluster message failed');
        }
      });
    },
  };
}
