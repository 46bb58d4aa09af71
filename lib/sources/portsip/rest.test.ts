import { describe, expect, it } from 'vitest';
import {
  extensionNamed,
  loginBody,
  queueListPaths,
  readCallQueuesPage,
  readLoginReply,
  readQueueAgents,
  readQueueWaiting,
  readUsersPage,
  usersQuery,
} from './rest';

/** PortSIP REST messages (v22.0 OpenAPI; v22.2 login reply), as server/pbx/restNames.ts sends and reads them. */
describe('PortSIP REST login', () => {
  it('sends the OpenAPI login body (no domain for the system administrator)', () => {
    expect(JSON.parse(loginBody({ username: 'admin', password: 'pw', domain: 't.example.com' }))).toEqual({
      username: 'admin',
      password: 'pw',
      domain: 't.example.com',
    });
    expect(JSON.parse(loginBody({ username: 'admin', password: 'pw' }))).toEqual({
      username: 'admin',
      password: 'pw',
    });
  });

  it('reads the v22.0 access_token and the v22.2 token, with the lifetime', () => {
    const guide = '{"access_token":"abc","expires_in":3600,"refresh_token":"r","token_type":"Bearer"}';
    expect(readLoginReply(guide)).toEqual({ token: 'abc', expiresInSeconds: 3600 });
    expect(readLoginReply('{"token":" xyz "}')).toEqual({ token: 'xyz' });
  });

  it('has no token for a reply without one, an empty one or a non-JSON one; ignores a zero lifetime', () => {
    expect(readLoginReply('{"expires_in":3600}')).toEqual({ expiresInSeconds: 3600 });
    expect(readLoginReply('{"access_token":"  "}')).toEqual({});
    expect(readLoginReply('<html>')).toEqual({});
    expect(readLoginReply('{"token":"t","expires_in":0}')).toEqual({ token: 't' });
  });
});

describe('PortSIP REST users', () => {
  it('pages with skip and top', () => {
    expect(usersQuery(200, 100)).toEqual({ skip: 200, top: 100 });
  });

  it('keeps users with both a number and a name; counts every item', () => {
    const page = readUsersPage(
      JSON.stringify({
        count: 4,
        items: [
          { extension_number: '101', display_name: 'Ann Smith', email: 'ann@example.com' },
          { extension_number: 102, display_name: 'Bob Jones' },
          { extension_number: '103', display_name: null },
          { extension_number: null, display_name: 'No Extension' },
        ],
      }),
    );
    expect(page).toEqual({
      size: 4,
      count: 4,
      first: '{"extension_number":"101","display_name":"Ann Smith","email":"ann@example.com"}',
      names: [
        ['101', { name: 'Ann Smith', email: 'ann@example.com' }],
        ['102', { name: 'Bob Jones' }],
      ],
    });
  });

  it('refuses a reply that is not a page of items', () => {
    expect(readUsersPage('{"users":[]}')).toBeUndefined();
    expect(readUsersPage('not json')).toBeUndefined();
    expect(readUsersPage('{"items":[]}')).toEqual({ size: 0, first: undefined, names: [] });
  });
});

describe('extensionNamed', () => {
  it('is an arrival-stamped extensionUpdated in the tenant scope', () => {
    const fact = { source: 'pbx', tenant: 't1', at: 1_700_000_000_000 };
    expect(extensionNamed('101', { name: 'Ann' }, fact)).toStrictEqual({
      type: 'extensionUpdated',
      source: 'pbx',
      origin: 'portsip-wsi',
      tenant: 't1',
      at: 1_700_000_000_000,
      atArrival: true,
      extension: { number: '101', tenant: 't1' },
      profile: { name: 'Ann' },
    });
  });
});

/** The self-check's REST lists (v22.0 OpenAPI: listCallQueues, getQueueWaitingList, listQueueAgents). */
describe('PortSIP REST queue lists', () => {
  it('maps queue numbers to REST ids from a GET /call_queues page', () => {
    const page = JSON.stringify({
      count: 2,
      items: [
        {
          id: 'NzAwNTUxOTA5NzczMTQ4MTYw',
          name: 'Sales',
          extension_number: '8001',
          polling_strategy: 'RING_ALL',
        },
        { id: 'NzAwNTUxOTA5NzczMTQ4MTYx', name: 'No number' },
      ],
    });
    expect(readCallQueuesPage(page)).toMatchObject({
      size: 2,
      count: 2,
      ids: [['8001', 'NzAwNTUxOTA5NzczMTQ4MTYw']],
    });
    expect(readCallQueuesPage('{"items":"no"}')).toBeUndefined();
  });

  it('reads the waiting callers’ session ids and the agents’ numbers; anything else is no list', () => {
    const waiting = JSON.stringify({
      items: [
        {
          session_id: '6763987198342',
          extension_number: '5550100',
          display_name: 'Thomas Young',
          waiting_time: 12,
        },
        { extension_number: '5550101' }, // no session id: not comparable
      ],
    });
    expect(readQueueWaiting(waiting)).toEqual(['6763987198342']);
    expect(
      readQueueAgents('{"items":[{"extension_number":"101","display_name":"Ann","skill_level":1}]}'),
    ).toEqual(['101']);
    expect(readQueueWaiting('<html>')).toBeUndefined();
    expect(readQueueAgents('{"count":1}')).toBeUndefined();
  });

  it('puts the queue id in the path, escaped', () => {
    expect(queueListPaths('a/b')).toEqual({
      waiting: '/call_queues/a%2Fb/waiting',
      agents: '/call_queues/a%2Fb/agents',
    });
  });
});
