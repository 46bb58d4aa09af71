import type { CallState } from '../state';

/**
 * Hold time from hold/resume facts taken in time order, whatever order they arrived in: each hold
 * counts until the next resume after it. A hold still open has no end yet and adds nothing.
 */
export function holdState(holds: CallState['holds']): { seconds: number; heldSince?: number } {
  let seconds = 0;
  let heldSince: number | undefined;
  const times = Object.keys(holds)
    .map(Number)
    .sort((a, b) => a - b);
  for (const at of times) {
    if (holds[at] === 'held') heldSince ??= at;
    else if (heldSince !== undefined) {
      seconds += (at - heldSince) / 1000;
      heldSince = undefined;
    }
  }
  return heldSince === undefined ? { seconds } : { seconds, heldSince };
}
