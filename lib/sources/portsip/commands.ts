/**
 * The commands we send to the PortSIP WSI server, shaped exactly as the Pub/Sub doc (v22.3) shows.
 * Pure message builders (vendor protocol, so they live with the normalizer); server/pbx does the I/O.
 * One topic per subscribe: every example in the doc has one, and whether the PBX accepts several
 * topics with different scopes (queues / extensions) in one command is not documented.
 */

export interface WsiAuth {
  readonly username?: string;
  readonly extension?: string;
  readonly password: string;
  /** SIP domain of the tenant; absent for the PBX system administrator. */
  readonly domain?: string;
}

export type TenantTopic = 'queue_management_events' | 'queue_events' | 'extension_events' | 'cdr_events';
export type GlobalTopic =
  | 'global_queue_management_events'
  | 'global_queue_events'
  | 'global_extension_events'
  | 'global_cdr_events';

export interface SubscribeCommand {
  readonly command: 'subscribe';
  readonly topics: readonly [TenantTopic | GlobalTopic];
  readonly queues?: readonly string[];
  readonly extensions?: readonly string[];
  readonly tenants?: readonly string[];
}

export interface AuthCommand {
  readonly command: 'auth';
  readonly username?: string;
  readonly extension_number?: string;
  readonly password: string;
  readonly domain?: string;
}

export type WsiCommand = AuthCommand | SubscribeCommand;

export function authCommand(auth: WsiAuth): AuthCommand {
  // The doc offers username/password or extension_number/password; a username wins if both are set.
  const who = auth.username
    ? { username: auth.username }
    : auth.extension
      ? { extension_number: auth.extension }
      : undefined;
  if (!who) throw new Error('WSI auth needs a username or an extension number');
  return {
    command: 'auth',
    ...who,
    password: auth.password,
    ...(auth.domain ? { domain: auth.domain } : {}),
  };
}

export function subscribeCommand(
  topic: TenantTopic | GlobalTopic,
  scope: { queues?: readonly string[]; extensions?: readonly string[]; tenants?: readonly string[] } = {},
): SubscribeCommand {
  return { command: 'subscribe', topics: [topic], ...scope };
}

/** Names a subscribe in logs and status details (replies are matched to subscribes in order). */
export function subscribeLabel(command: SubscribeCommand): string {
  const scope = command.queues ?? command.extensions ?? command.tenants;
  return `subscribe ${command.topics.join(',')}${scope ? ` [${scope.join(', ')}]` : ''}`;
}

/** In the order the tenant-level sequence uses: queues first, so their snapshots come first. */
const GLOBAL_TOPICS: readonly GlobalTopic[] = [
  'global_queue_management_events',
  'global_queue_events',
  'global_extension_events',
  'global_cdr_events',
];

/** The subscribes a session sends, by what they follow; the topic names stay here. */
export const subscribeTo = {
  /** Queue creation and deletion; the PBX answers with a queue_created burst of existing queues. */
  queueManagement: (): SubscribeCommand => subscribeCommand('queue_management_events'),
  queues: (queues: readonly string[]): SubscribeCommand => subscribeCommand('queue_events', { queues }),
  extensions: (extensions: readonly string[]): SubscribeCommand =>
    subscribeCommand('extension_events', { extensions }),
  cdrs: (): SubscribeCommand => subscribeCommand('cdr_events'),
  /** The PBX administrator's view of several tenants: one subscribe per global topic. */
  global: (tenants: readonly string[]): SubscribeCommand[] =>
    GLOBAL_TOPICS.map((topic) => subscribeCommand(topic, { tenants })),
};
