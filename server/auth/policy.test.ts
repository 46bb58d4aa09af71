import { describe, expect, it } from 'vitest';
import { type Action, can, type Resource } from './policy';
import type { Principal } from './principal';

const admin: Principal = { kind: 'user', role: 'admin', userId: 1 };
const supervisor: Principal = { kind: 'user', role: 'supervisor', userId: 2 };
const displayA: Principal = { kind: 'display', displayId: 1, boardId: 'a' };
const api: Principal = { kind: 'api' };
const anonymous: Principal = { kind: 'anonymous' };
const rejected: Principal = { kind: 'rejected' };

const ACTIONS: Action[] = [
  'state:read',
  'board:read',
  'board:write',
  'thresholds:write',
  'settings:read',
  'settings:write',
  'users:manage',
  'displays:manage',
  'deadLetters:read',
  'deadLetters:replay',
  'messages:post',
  'alerts:act',
];

// Every action × principal, on board "a" and unscoped; "Y" allowed, "." denied.
//                         state board bwrite thresh setR setW users disp dlR dlReplay msg alerts
const ON_BOARD_A: [string, Principal, string][] = [
  ['admin', admin, 'YYYYYYYYYYYY'],
  ['supervisor', supervisor, 'YY.Y......YY'],
  ['api', api, 'YYYYYY.YYYYY'],
  ['display A', displayA, 'YY..........'],
  ['anonymous', anonymous, '............'],
  ['rejected', rejected, '............'],
];
const ON_BOARD_B: [string, Principal, string][] = [
  ['display A', displayA, '............'],
  ['supervisor', supervisor, 'YY.Y......YY'],
];
const UNSCOPED: [string, Principal, string][] = [
  ['admin', admin, 'YYYYYYYYYYYY'],
  ['supervisor', supervisor, 'YY.Y......YY'],
  ['api', api, 'YYYYYY.YYYYY'],
  ['display A', displayA, '............'],
  ['anonymous', anonymous, '............'],
];

function row(principal: Principal, resource: Resource, publicBoards?: Set<string>): string {
  return ACTIONS.map((a) =>
    can(principal, a, resource, publicBoards ? { publicBoards } : {}) ? 'Y' : '.',
  ).join('');
}

describe('policy', () => {
  it.each(ON_BOARD_A)('%s on board a', (_name, principal, expected) => {
    expect(row(principal, { boardId: 'a' })).toBe(expected);
  });
  it.each(ON_BOARD_B)('%s on board b', (_name, principal, expected) => {
    expect(row(principal, { boardId: 'b' })).toBe(expected);
  });
  it.each(UNSCOPED)('%s unscoped', (_name, principal, expected) => {
    expect(row(principal, {})).toBe(expected);
  });

  it('lets anyone read a public board, and nothing more', () => {
    const demo = new Set(['demo']);
    expect(row(anonymous, { boardId: 'demo' }, demo)).toBe('YY..........');
    expect(row(anonymous, { boardId: 'other' }, demo)).toBe('............');
    expect(row(anonymous, {}, demo)).toBe('............');
    // Whoever may read anything may read a public board; a display still writes nothing.
    expect(row(displayA, { boardId: 'demo' }, demo)).toBe('YY..........');
    expect(row(displayA, { boardId: 'other' }, demo)).toBe('............');
  });

  it('gives a rejected credential (revoked token, ended session) not even the public board', () => {
    expect(row(rejected, { boardId: 'demo' }, new Set(['demo']))).toBe('............');
  });
});
