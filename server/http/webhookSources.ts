import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import type { SourceStatus } from '../../lib/protocol';
import {
  newWebhookSourceSchema,
  storedWebhookSourceSchema,
  type WebhookSourceView,
  type WebhookTestResult,
  webhookSourceIdSchema,
  webhookSourceSchema,
} from '../../lib/settings/webhooks';
import type { SecretVault } from '../secrets';
import type { ConfigRows, DeadLetters } from '../storage';
import type { SourceCounts } from '../storage/sourceCounts';
import { newWebhookSecret, webhookSecretName } from '../webhooks/sourceSettings';
import type { SettingsAuthorizer } from './guard';
import { editOnly, goneMeanwhile, invalid, json, readJsonBody } from './respond';
import type { Params, Route } from './router';

/**
 * Webhook sources for the settings page: `GET /api/v1/webhook-sources`, `POST /api/v1/webhook-sources`
 * `{ id, name, kind }` (create: 409 when the id is taken), `PUT` / `DELETE /api/v1/webhook-sources/<id>`
 * (PUT saves at that id, as scripts written before POST expect), `POST /api/v1/webhook-sources/<id>/rotate`, `POST
 * /api/v1/webhook-sources/<id>/test`. A new source gets a generated secret and a rotation a new one;
 * each is in that one response and never again. During a rotation's grace period the old secret is
 * still accepted. A test's reply names no secret (the result carries the receiver's status and text).
 */
export interface WebhookSourceApiOptions {
  readonly rows: ConfigRows;
  readonly vault: SecretVault;
  /** The receiver's cache; `invalidate` after every change (resolves once the boards are told). */
  readonly registry: { invalidate(): void | Promise<void> };
  readonly deadLetters: Pick<DeadLetters, 'list' | 'dropped'>;
  readonly authorize: SettingsAuthorizer;
  readonly status: (id: string) => SourceStatus | undefined;
  /** "Send test event" (null: no such source); answers within 5 s. */
  readonly test: (id: string) => Promise<WebhookTestResult | null>;
  readonly lastTest: (id: string) => WebhookTestResult | null;
  /** Today's accepted and rejected deliveries per source id; read once per request. */
  readonly counts: () => Promise<ReadonlyMap<string, SourceCounts>>;
  readonly now: () => number;
}

const PREFIX = '/api/v1/webhook-sources';
const DEFAULT_GRACE_HOURS = 24;
const NO_COUNTS: SourceCounts = { accepted: 0, rejected: 0 };
const rotateSchema = z.object({ graceHours: z.number().min(0).max(168).default(DEFAULT_GRACE_HOURS) });

export function createWebhookSourceApi(o: WebhookSourceApiOptions): Route[] {
  async function viewOf(
    id: string,
    todays?: ReadonlyMap<string, SourceCounts>,
  ): Promise<WebhookSourceView | null> {
    const row = await o.rows.get(id);
    const parsed = row ? storedWebhookSourceSchema.safeParse(row.config) : null;
    if (!row || !parsed?.success) return null;
    const { previousUntil, ...settings } = parsed.data;
    const counts = todays ?? (await o.counts());
    const recent = await o.deadLetters.list({ source: id, limit: 5 });
    const dropped = await o.deadLetters.dropped(id);
    const drift = o.status(id)?.drift;
    return {
      id,
      ...settings,
      secretSet: await o.vault.isSet(webhookSecretName(id, 'current')),
      previousUntil: previousUntil !== null && previousUntil > o.now() ? previousUntil : null,
      lastEventAt: o.status(id)?.lastEventAt ?? null,
      ...(drift ? { drift } : {}),
      today: counts.get(id) ?? NO_COUNTS,
      recentDeadLetters: recent.map((l) => ({
        id: l.id,
        receivedAt: l.receivedAt,
        status: l.status,
        reason: l.reason,
        replayedAt: l.replayedAt,
        replayResult: l.replayResult,
      })),
      droppedDeadLetters: dropped,
      lastTest: o.lastTest(id),
      updatedAt: row.updatedAt,
    };
  }

  async function body(req: IncomingMessage) {
    return readJsonBody(req, 16 * 1024);
  }

  async function test(res: ServerResponse, id: string): Promise<true> {
    const result = await o.test(id);
    if (!result) return json(res, 404, { error: `no webhook source "${id}"` });
    const { at: _at, ...reply } = result;
    return json(res, 200, reply);
  }

  async function rotate(req: IncomingMessage, res: ServerResponse, id: string): Promise<true> {
    const row = await o.rows.get(id);
    const stored = row ? storedWebhookSourceSchema.safeParse(row.config) : null;
    if (!stored?.success) return json(res, 404, { error: `no webhook source "${id}"` });
    const b = await body(req);
    if (!b.ok) return json(res, b.status, { error: b.error });
    const parsed = rotateSchema.safeParse(b.value ?? {});
    if (!parsed.success) return json(res, 422, { error: `graceHours: ${parsed.error.issues[0]?.message}` });
    const now = o.now();
    const old = await o.vault.reveal(webhookSecretName(id, 'current'));
    const secret = newWebhookSecret();
    const previousUntil = old && parsed.data.graceHours > 0 ? now + parsed.data.graceHours * 3600_000 : null;
    if (old && previousUntil !== null) await o.vault.set(webhookSecretName(id, 'previous'), old);
    else await o.vault.delete(webhookSecretName(id, 'previous'));
    await o.vault.set(webhookSecretName(id, 'current'), secret);
    await o.rows.put(id, { ...stored.data, previousUntil }, now);
    await o.registry.invalidate();
    return json(res, 200, { ...(await viewOf(id)), secret });
  }

  async function put(req: IncomingMessage, res: ServerResponse, id: string): Promise<true> {
    const b = await body(req);
    if (!b.ok) return json(res, b.status, { error: b.error });
    const parsed = webhookSourceSchema.safeParse(b.value);
    if (!parsed.success) return invalid(res, parsed.error);
    const existing = await o.rows.get(id);
    if (!existing && editOnly(req)) return goneMeanwhile(res, `The webhook source "${id}"`);
    const before = existing ? storedWebhookSourceSchema.safeParse(existing.config) : null;
    const previousUntil = before?.success ? before.data.previousUntil : null;
    let secret: string | undefined;
    if (!(await o.vault.isSet(webhookSecretName(id, 'current')))) {
      secret = newWebhookSecret();
      await o.vault.set(webhookSecretName(id, 'current'), secret);
    }
    await o.rows.put(id, { ...parsed.data, previousUntil }, o.now());
    await o.registry.invalidate();
    return json(res, 200, { ...(await viewOf(id)), ...(secret ? { secret } : {}) });
  }

  /** Create only: a taken id is a 409 and the stored source (name, kind, secret, test) stays as it was. */
  async function create(req: IncomingMessage, res: ServerResponse): Promise<true> {
    const b = await body(req);
    if (!b.ok) return json(res, b.status, { error: b.error });
    const parsed = newWebhookSourceSchema.safeParse(b.value);
    if (!parsed.success) return invalid(res, parsed.error);
    const { id, ...settings } = parsed.data;
    if (!(await o.rows.insert(id, { ...settings, previousUntil: null }, o.now())))
      return json(res, 409, {
        error: `A webhook source with the id "${id}" already exists: pick another id, or edit that source`,
        issues: [{ path: 'id', message: `A webhook source with the id "${id}" already exists` }],
      });
    const secret = newWebhookSecret();
    await o.vault.set(webhookSecretName(id, 'current'), secret);
    await o.vault.delete(webhookSecretName(id, 'previous'));
    await o.registry.invalidate();
    return json(res, 201, { ...(await viewOf(id)), secret }, { location: `${PREFIX}/${id}` });
  }

  async function remove(res: ServerResponse, id: string): Promise<true> {
    if (!(await o.rows.delete(id))) return json(res, 404, { error: `no webhook source "${id}"` });
    await o.vault.delete(webhookSecretName(id, 'current'));
    await o.vault.delete(webhookSecretName(id, 'previous'));
    await o.registry.invalidate();
    return json(res, 200, { deleted: id });
  }

  /** Runs `then` with a valid source id; anything else is a 400 saying what an id may be. */
  const withId =
    (then: (req: IncomingMessage, res: ServerResponse, id: string) => unknown) =>
    (req: IncomingMessage, res: ServerResponse, p: Params) => {
      const valid = webhookSourceIdSchema.safeParse(p.id);
      if (valid.success) return then(req, res, valid.data);
      const message = valid.error.issues[0]?.message ?? 'invalid id';
      return json(res, 400, { error: `webhook source id: ${message}`, issues: [{ path: 'id', message }] });
    };
  const read = (req: IncomingMessage) => o.authorize(req, 'read');
  const write = (req: IncomingMessage) => o.authorize(req, 'write');
  const one = `${PREFIX}/:id`;
  return [
    {
      method: 'GET',
      path: PREFIX,
      allow: read,
      handle: async (_req, res) => {
        const counts = await o.counts();
        const views = await Promise.all((await o.rows.list()).map((r) => viewOf(r.id, counts)));
        return json(res, 200, { sources: views.flatMap((v) => v ?? []) });
      },
    },
    { method: 'POST', path: PREFIX, allow: write, handle: create },
    { method: 'POST', path: `${one}/test`, allow: write, handle: withId((_req, res, id) => test(res, id)) },
    { method: 'POST', path: `${one}/rotate`, allow: write, handle: withId(rotate) },
    {
      method: 'GET',
      path: one,
      allow: read,
      handle: withId(async (_req, res, id) => {
        const view = await viewOf(id);
        return view ? json(res, 200, view) : json(res, 404, { error: `no webhook source "${id}"` });
      }),
    },
    { method: 'PUT', path: one, allow: write, handle: withId(put) },
    { method: 'DELETE', path: one, allow: write, handle: withId((_req, res, id) => remove(res, id)) },
  ];
}
