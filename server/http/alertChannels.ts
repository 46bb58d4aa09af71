import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import {
  type AlertChannel,
  type AlertChannelView,
  alertChannelIdSchema,
  alertChannelSchema,
  channelSecretSchemas,
  MAX_ALERT_CHANNELS,
  needsSecret,
} from '../../lib/settings/alertChannels';
import type { ChannelNotifier } from '../alerts/channels/notifier';
import { channelSecretName } from '../alerts/channels/secretNames';
import type { Principal } from '../auth';
import type { SecretVault } from '../secrets';
import type { CappedInsert, ChannelLogStore, ConfigRows } from '../storage';
import type { SettingsAuthorizer } from './guard';
import { editOnly, goneMeanwhile, invalid, json, readJsonBody } from './respond';
import { queryOf, type Route } from './router';

/**
 * Settings → Alerts, for admins and the API token:
 * `GET|POST /api/v1/alert-channels`, `GET|PUT|DELETE /api/v1/alert-channels/<id>`,
 * `POST /api/v1/alert-channels/<id>/test` (one attempt now; answers with its outcome) and
 * `GET /api/v1/alert-channels/<id>/log`. Each channel's secret (Slack/Teams URL, signing secret,
 * SMTP password) goes in as `secret` and never comes out; a webhook created without one gets a new
 * signing secret, returned in that one reply only.
 */
export interface AlertChannelApiOptions {
  readonly rows: ConfigRows;
  readonly vault: SecretVault;
  readonly log: ChannelLogStore;
  readonly notifier: Pick<ChannelNotifier, 'sendTest' | 'queued' | 'forget'>;
  readonly authorize: SettingsAuthorizer;
  /** Who pressed "Send test", in the test message's words. */
  readonly nameOf: (principal: Principal) => Promise<string>;
  readonly now: () => number;
}

const PREFIX = '/api/v1/alert-channels';
const BODY_LIMIT = 32 * 1024;
const LOG_DEFAULT = 50;
const LOG_MAX = 200;
const secretField = z.object({ secret: z.string().max(4096).optional() });

/** A new Standard Webhooks signing secret: 32 random bytes. */
const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export function createAlertChannelApi(o: AlertChannelApiOptions): Route[] {
  async function viewOf(id: string): Promise<AlertChannelView | null> {
    const stored = await o.rows.get(id);
    const parsed = stored ? alertChannelSchema.safeParse(stored.config) : null;
    if (!stored || !parsed?.success) return null;
    const [last] = await o.log.list(id, 1);
    const failed = await o.log.lastError(id);
    return {
      ...parsed.data,
      id,
      secretSet: await o.vault.isSet(channelSecretName(id)),
      updatedAt: stored.updatedAt,
      last: last ?? null,
      lastError: failed ? { at: failed.at, detail: failed.detail ?? failed.outcome } : null,
      queued: o.notifier.queued(id),
    };
  }

  /** The body as a channel and its optional secret, or a 4xx already sent. */
  async function readChannel(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<{ channel: AlertChannel; secret: string | undefined } | null> {
    const body = await readJsonBody(req, BODY_LIMIT);
    if (!body.ok) return json(res, body.status, { error: body.error }) && null;
    const parsed = alertChannelSchema.safeParse(body.value);
    if (!parsed.success) return invalid(res, parsed.error) && null;
    const given = secretField.safeParse(body.value);
    if (!given.success) return invalid(res, given.error) && null;
    const raw = given.data.secret?.trim() === '' ? undefined : given.data.secret;
    if (raw === undefined) return { channel: parsed.data, secret: undefined };
    const secret = channelSecretSchemas[parsed.data.kind].safeParse(raw);
    if (!secret.success)
      return invalid(res, { issues: secret.error.issues.map((i) => ({ ...i, path: ['secret'] })) }) && null;
    return { channel: parsed.data, secret: secret.data };
  }

  const secretNeeded = (res: ServerResponse, channel: AlertChannel): true =>
    json(res, 422, {
      error: 'secret: required for this channel',
      issues: [{ path: 'secret', message: `Enter the ${secretWords(channel)}: this channel needs one` }],
    });

  async function create(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const read = await readChannel(req, res);
    if (!read) return true;
    const { channel } = read;
    const generated =
      read.secret === undefined && channel.kind === 'webhook' ? newSigningSecret() : undefined;
    const secret = read.secret ?? generated;
    if (secret === undefined && needsSecret(channel)) return secretNeeded(res, channel);
    // The cap is counted with the insert: two admins (or two instances) cannot both take the last place.
    let id: string;
    let added: CappedInsert;
    do {
      id = `ch-${randomBytes(6).toString('hex')}`;
      added = await o.rows.insertWithin(id, channel, o.now(), MAX_ALERT_CHANNELS);
    } while (added === 'taken'); // 48 random bits: taken about never
    if (added === 'full')
      return json(res, 409, { error: `at most ${MAX_ALERT_CHANNELS} channels: delete one first` });
    if (secret !== undefined) await o.vault.set(channelSecretName(id), secret);
    // The one time a generated secret is shown: the receiver needs it to verify signatures.
    return json(
      res,
      201,
      { ...(await viewOf(id)), ...(generated ? { signingSecret: generated } : {}) },
      {
        location: `${PREFIX}/${id}`,
      },
    );
  }

  async function save(id: string, req: IncomingMessage, res: ServerResponse): Promise<true> {
    const read = await readChannel(req, res);
    if (!read) return true;
    const before = await o.rows.get(id);
    if (!before)
      return editOnly(req)
        ? goneMeanwhile(res, `The channel "${id}"`)
        : json(res, 404, { error: `no channel "${id}"` });
    const { channel, secret } = read;
    const previous = alertChannelSchema.safeParse(before.config);
    // Another kind's secret means nothing here (a signing secret is no Slack URL): a new one is needed.
    const kindChanged = !previous.success || previous.data.kind !== channel.kind;
    const keeps = !kindChanged && (await o.vault.isSet(channelSecretName(id)));
    if (secret === undefined && !keeps && needsSecret(channel)) return secretNeeded(res, channel);
    await o.rows.put(id, channel, o.now());
    if (secret !== undefined) await o.vault.set(channelSecretName(id), secret);
    else if (kindChanged) await o.vault.delete(channelSecretName(id));
    return json(res, 200, await viewOf(id));
  }

  async function remove(res: ServerResponse, id: string): Promise<true> {
    if (!(await o.rows.delete(id))) return json(res, 404, { error: `no channel "${id}"` });
    await o.vault.delete(channelSecretName(id));
    o.notifier.forget(id);
    await o.log.clear(id);
    return json(res, 200, { deleted: id });
  }

  async function test(req: IncomingMessage, res: ServerResponse, id: string): Promise<true> {
    const access = await o.authorize(req, 'write');
    const by = access.ok ? await o.nameOf(access.principal) : 'an admin';
    const result = await o.notifier.sendTest(id, by);
    if (!result) return json(res, 404, { error: `no channel "${id}"` });
    return json(res, 200, { ok: result.outcome === 'delivered', result });
  }

  async function log(req: IncomingMessage, res: ServerResponse, id: string): Promise<true> {
    if (!(await o.rows.get(id))) return json(res, 404, { error: `no channel "${id}"` });
    const asked = queryOf(req).get('limit');
    const limit = asked === null ? LOG_DEFAULT : Number(asked);
    if (!Number.isInteger(limit) || limit < 1 || limit > LOG_MAX)
      return json(res, 400, { error: `limit: a whole number from 1 to ${LOG_MAX}` });
    return json(res, 200, {
      entries: await o.log.list(id, limit),
      queued: o.notifier.queued(id),
      serverTime: o.now(),
    });
  }

  /** The route's id, valid; or undefined after a 404 (ids are the server's: a malformed one names nothing). */
  function validId(res: ServerResponse, id: string | undefined): string | undefined {
    const valid = alertChannelIdSchema.safeParse(id);
    if (valid.success) return valid.data;
    json(res, 404, { error: `no channel "${id ?? ''}"` });
  }
  const withId =
    (handle: (req: IncomingMessage, res: ServerResponse, id: string) => unknown) =>
    (req: IncomingMessage, res: ServerResponse, p: Readonly<Record<string, string>>) => {
      const id = validId(res, p.id);
      return id === undefined ? true : handle(req, res, id);
    };

  const read = (req: IncomingMessage) => o.authorize(req, 'read');
  const write = (req: IncomingMessage) => o.authorize(req, 'write');
  return [
    {
      method: 'GET',
      path: PREFIX,
      allow: read,
      handle: async (_req, res) => {
        const views = await Promise.all((await o.rows.list()).map((c) => viewOf(c.id)));
        return json(res, 200, { channels: views.flatMap((v) => v ?? []), serverTime: o.now() });
      },
    },
    { method: 'POST', path: PREFIX, allow: write, handle: create },
    {
      method: 'GET',
      path: `${PREFIX}/:id`,
      allow: read,
      handle: withId(async (_req, res, id) => {
        const view = await viewOf(id);
        return json(res, view ? 200 : 404, view ?? { error: `no channel "${id}"` });
      }),
    },
    {
      method: 'PUT',
      path: `${PREFIX}/:id`,
      allow: write,
      handle: withId((req, res, id) => save(id, req, res)),
    },
    {
      method: 'DELETE',
      path: `${PREFIX}/:id`,
      allow: write,
      handle: withId((_req, res, id) => remove(res, id)),
    },
    { method: 'POST', path: `${PREFIX}/:id/test`, allow: write, handle: withId(test) },
    { method: 'GET', path: `${PREFIX}/:id/log`, allow: read, handle: withId(log) },
  ];
}

function secretWords(channel: AlertChannel): string {
  switch (channel.kind) {
    case 'webhook':
      return 'signing secret';
    case 'slack':
      return 'Slack webhook URL';
    case 'teams':
      return 'Teams webhook URL';
    case 'email':
      return 'SMTP password';
  }
}
