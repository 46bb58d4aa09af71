import type { DomainEvent } from '../../../lib/domain/events';

/**
 * For the cluster tests of the one alert evaluator: a PortSIP queue `number` (tenant `t`) created
 * with one caller waiting, now. A rule "waiting above 0" crosses on it.
 */
export function crossed(number: string): DomainEvent[] {
  const queue = { tenant: 't', number };
  const wsi = { source: 'pbx-t', origin: 'portsip-wsi', tenant: 't' } as const;
  const at = Date.now();
  return [
    { ...wsi, type: 'queueCreated', at, queue, name: `Queue ${number}` },
    {
      ...wsi,
      type: 'callerQueued',
      at,
      queue,
      caller: { sessionId: `s${number}`, kind: 'normal', since: at },
    },
  ];
}

/** Polls `what` every `everyMs` until it is truthy (its value), or throws after `ms`. */
export async function until<T>(
  what: () => T | undefined | null | false | Promise<T>,
  ms = 5000,
  everyMs = 20,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A rule that fires at once on one caller waiting (above 1) and clears at once, 10 min cooldown. */
export const waitingRule = (id: string) => ({
  id,
  figure: 'waiting',
  level: 'own',
  limit: 1,
  direction: 'above',
  severity: 'critical',
  holdSeconds: 0,
  clearSeconds: 0,
  cooldownSeconds: 600,
});
