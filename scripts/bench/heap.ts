/**
 * The heap after full garbage collections: what the process really holds, not what it happens not
 * to have collected yet. Needs `node --expose-gc` (the bench scripts that use it pass the flag).
 */

const gc = (globalThis as { gc?: () => void }).gc;

export const canCollect = gc !== undefined;

/** heapUsed after full GCs, or the raw heapUsed (garbage included) when gc is not exposed. */
export function heapAfterGc(): number {
  for (let i = 0; gc && i < 4; i++) gc();
  return process.memoryUsage().heapUsed;
}
