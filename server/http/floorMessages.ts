import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { boardIdSchema } from '../../lib/board/model';
import type { Principal } from '../auth';
import { FLOOR_LIMITS, type Floor } from '../floor/floor';
import type { UserStore } from '../storage/types';
import { numericId } from './access';
import type { Guard } from './guard';
import { invalid, json, readJsonBody } from './respond';
import type { Route } from './router';

/**
 * `GET|POST /api/v1/floor-messages`, `DELETE /api/v1/floor-messages/<id>`: admins, supervisors and the
 * API token post and remove messages to the floor; the list carries who posted and removed each, when.
 */
const PREFIX = '/api/v1/floor-messages';

export const newFloorMessageSchema = z.object({
  text: z
    .string()
    .trim()
    .min(1, 'Write the message')
    .max(FLOOR_LIMITS.maxText, `At most ${FLOOR_LIMITS.maxText} characters`)
    // One line on a TV: line breaks and control characters would break the banner's layout.
    .regex(/^[^\p{Cc}]*$/u, 'One line, without control characters'),
  severity: z.enum(['info', 'warn', 'critical']),
  boardIds: z
    .array(boardIdSchema)
    .min(1, 'Pick at least one board')
    .max(FLOOR_LIMITS.maxBoards, `At most ${FLOOR_LIMITS.maxBoards} boards`),
  expiresInSeconds: z
    .number()
    .int()
    .min(FLOOR_LIMITS.minExpirySeconds, `At least ${FLOOR_LIMITS.minExpirySeconds} seconds`)
    .max(FLOOR_LIMITS.maxExpirySeconds, 'At most 7 days')
    .nullable(),
});

export function createFloorMessagesApi(o: {
  readonly floor: Floor;
  readonly guard: Pick<Guard, 'check'>;
  readonly users: Pick<UserStore, 'get'>;
}): Route[] {
  /** For the audit: the person's id and e-mail as they were then (the account may go later). */
  const who = async (p: Principal): Promise<string> => {
    if (p.kind === 'user') return `user ${p.userId} (${(await o.users.get(p.userId))?.email ?? 'deleted'})`;
    return p.kind === 'api' ? 'API token' : p.kind;
  };
  const allow = async (req: IncomingMessage) => {
    const access = await o.guard.check(req, 'messages:post');
    return access.ok ? { ok: true as const } : access;
  };
  const principalOf = async (req: IncomingMessage): Promise<Principal> => {
    const access = await o.guard.check(req, 'messages:post');
    return access.ok ? access.principal : { kind: 'rejected' };
  };

  async function post(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const body = await readJsonBody(req, 8 * 1024);
    if (!body.ok) return json(res, body.status, { error: body.error });
    const parsed = newFloorMessageSchema.safeParse(body.value);
    if (!parsed.success) return invalid(res, parsed.error, 'message');
    const posted = await o.floor.post(parsed.data, await who(await principalOf(req)));
    return posted.ok
      ? json(res, 201, { message: posted.message })
      : json(res, posted.status, { error: posted.error });
  }

  return [
    {
      method: 'GET',
      path: PREFIX,
      allow,
      handle: async (_req, res) =>
        json(res, 200, { active: o.floor.active(), messages: await o.floor.recent(100) }),
    },
    { method: 'POST', path: PREFIX, allow, handle: post },
    {
      method: 'DELETE',
      path: `${PREFIX}/:id`,
      allow,
      handle: async (req, res, p) => {
        const id = numericId(p.id);
        const removed =
          id === undefined ? undefined : await o.floor.remove(id, await who(await principalOf(req)));
        return removed
          ? json(res, 200, { message: removed })
          : json(res, 404, { error: `no floor message ${p.id}` });
      },
    },
  ];
}
