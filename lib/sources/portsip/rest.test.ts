import { describe, expect, it } from 'vitest';
import { extensionNamed, loginBody, readLoginReply, readUsersPage, usersQuery } from './rest';

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
