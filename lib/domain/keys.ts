import type { DomainEvent } from './events';

/**
 * Entity keys. A scope is the tenant where the PBX names one (so PortSIP's WSI link and its webhooks,
 * two sources, describe the same queues and calls), else the source id (3CX, VoIPstudio).
 */
export function scopeOf(event: Pick<DomainEvent, 'tenant' | 'source'>): string {
  return event.tenant ?? event.source;
}

export const queueKeyOf = (scope: string, number: string) => `${scope}/${number}`;
export const provisionalQueueKeyOf = (scope: string, id: string) => `${scope}/#${id}`;
export const extensionKeyOf = (scope: string, number: string) => `${scope}/${number}`;
export const callKeyOf = (scope: string, callId: string) => `${scope}/${callId}`;
export const visitKeyOf = (queueKey: string, callId: string) => `${queueKey}|${callId}`;
export const wrapKeyOf = (extensionKey: string, callId: string) => `${extensionKey}|${callId}`;
