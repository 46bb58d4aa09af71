import { describe, expect, it } from 'vitest';
import { SERVICE_LEVEL_FORMULAS } from '../domain/figures';
import { boardSchema, DEFAULT_BOARD } from './model';

describe('board service-level formula', () => {
  it('a board stored before the field existed reads as today’s definition', () => {
    expect(boardSchema.parse({ name: 'Old board' }).serviceLevelFormula).toBe('excludeShortAbandons');
    expect(DEFAULT_BOARD.serviceLevelFormula).toBe('excludeShortAbandons');
  });

  it('takes every formula lib/domain/figures.ts defines, and nothing else', () => {
    for (const formula of Object.keys(SERVICE_LEVEL_FORMULAS))
      expect(boardSchema.parse({ name: 'b', serviceLevelFormula: formula }).serviceLevelFormula).toBe(
        formula,
      );
    const wrong = boardSchema.safeParse({ name: 'b', serviceLevelFormula: 'averageOfQueues' });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues[0]?.path).toEqual(['serviceLevelFormula']);
  });
});
