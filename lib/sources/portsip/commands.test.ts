import { describe, expect, it } from 'vitest';
import { authCommand, subscribeLabel, subscribeTo } from './commands';

/** The commands we send, as the WSI Pub/Sub doc (v22.3) shows them: one topic per subscribe. */
describe('WSI commands', () => {
  it('auth: username or extension number, a username winning; the domain only for a tenant', () => {
    expect(authCommand({ username: 'admin', extension: '101', password: 'pw', domain: 't.io' })).toEqual({
      command: 'auth',
      username: 'admin',
      password: 'pw',
      domain: 't.io',
    });
    expect(authCommand({ extension: '101', password: 'pw' })).toEqual({
      command: 'auth',
      extension_number: '101',
      password: 'pw',
    });
    expect(() => authCommand({ password: 'pw' })).toThrow(/username or an extension number/);
  });

  it('tenant subscribes name their scope', () => {
    expect(subscribeTo.queueManagement()).toEqual({
      command: 'subscribe',
      topics: ['queue_management_events'],
    });
    expect(subscribeTo.queues(['8001'])).toEqual({
      command: 'subscribe',
      topics: ['queue_events'],
      queues: ['8001'],
    });
    expect(subscribeTo.extensions(['101', '102'])).toEqual({
      command: 'subscribe',
      topics: ['extension_events'],
      extensions: ['101', '102'],
    });
    expect(subscribeTo.cdrs()).toEqual({ command: 'subscribe', topics: ['cdr_events'] });
  });

  it('global subscribes: one per topic, queues first, each scoped by tenant', () => {
    const commands = subscribeTo.global(['t1', 't2']);
    expect(commands.map((c) => c.topics[0])).toEqual([
      'global_queue_management_events',
      'global_queue_events',
      'global_extension_events',
      'global_cdr_events',
    ]);
    for (const c of commands) expect(c.tenants).toEqual(['t1', 't2']);
    expect(subscribeLabel(commands[1] as (typeof commands)[number])).toBe(
      'subscribe global_queue_events [t1, t2]',
    );
  });
});
