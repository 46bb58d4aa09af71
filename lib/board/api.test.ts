import { describe, expect, it } from 'vitest';
import { authHeaders, boardUrl, readBoardList, readBoardResponse } from './api';
import { DEFAULT_BOARD } from './model';

describe('board API answers', () => {
  it('reads a board and fills in its defaults', () => {
    const r = readBoardResponse('sales', 200, { id: 'sales', board: { name: 'Sales', queues: ['t/8010'] } });
    expect(r.ok).toBe(true);
    if (r.ok) {
      expect(r.board.name).toBe('Sales');
      expect(r.board.rotationSeconds).toBe(DEFAULT_BOARD.rotationSeconds);
      expect(r.board.theme).toBe('dark');
    }
  });

  it('turns failures into words', () => {
    expect(readBoardResponse('x', 404, { error: 'no board "x"' })).toEqual({
      ok: false,
      status: 404,
      error: 'There is no board "x".',
    });
    expect(readBoardResponse('x', 401, {}).ok).toBe(false);
    expect(readBoardResponse('x', 500, null)).toMatchObject({ ok: false, error: 'The server answered 500.' });
    expect(readBoardResponse('x', 200, { board: { name: '' } }).ok).toBe(false);
  });

  it('reads the list, skipping junk', () => {
    expect(readBoardList({ boards: [{ id: 'a', name: 'A' }, { id: 1 }, null] })).toEqual([
      { id: 'a', name: 'A' },
    ]);
    expect(readBoardList(null)).toEqual([]);
  });

  it('urls and headers', () => {
    expect(boardUrl('all-queues')).toBe('/api/v1/boards/all-queues');
    expect(authHeaders('s3cret')).toEqual({ authorization: 'Bearer s3cret' });
    expect(authHeaders(null)).toEqual({});
  });
});
