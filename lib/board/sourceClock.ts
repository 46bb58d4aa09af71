import type { SourceStatus } from '../protocol';

/**
 * What a source's chip says of its PBX's clock: "PBX clock 20 s behind" once it is a second or more
 * off ours (in the chip's tooltip; on the chip itself, in the warning style, beyond the configured
 * bound); a 3CX source says it sends no times
 * (its events are timed on arrival, so its clock cannot be off). null: nothing worth showing.
 */
export function clockNote(
  s: Pick<SourceStatus, 'kind' | 'clockOffsetMs' | 'clockWarning'>,
): { readonly text: string; readonly warn: boolean } | null {
  if (s.kind === '3cx') return { text: 'sends no times: timed on arrival', warn: false };
  const offset = s.clockOffsetMs;
  if (offset === null || offset === undefined) return null;
  const seconds = Math.round(Math.abs(offset) / 1000);
  if (seconds < 1) return null;
  const size = seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`;
  return { text: `PBX clock ${size} ${offset > 0 ? 'behind' : 'ahead'}`, warn: s.clockWarning === true };
}
