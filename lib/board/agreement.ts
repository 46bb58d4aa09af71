import type { AgreementCounts, SourceAgreement } from '../protocol';

/**
 * What source health says of a source's agreement with the other source of its PBX (docs/metrics.md
 * "Drift — agreement"): "agrees with link-1: 12 of 12 quarter-hours", or, in the warning style,
 * "disagrees with link-1 in 3 of 12 quarter-hours · last 09:15 queue 8001 offered 14 vs 11". null
 * when the source is paired with none: unknown, so nothing is said. Pure: the caller brings the clock.
 */
export function agreementNote(
  agreement: SourceAgreement | undefined,
  clock: (at: number) => string,
): { readonly text: string; readonly warn: boolean } | null {
  if (!agreement) return null;
  const { comparedWith, bucketsCompared: compared, bucketsDisagreeing: disagreeing } = agreement;
  if (compared === 0)
    return { text: `compared with ${comparedWith} from the next closed quarter-hour`, warn: false };
  const of = `${compared} quarter-hour${compared === 1 ? '' : 's'}`;
  if (disagreeing === 0) return { text: `agrees with ${comparedWith}: ${compared} of ${of}`, warn: false };
  const last = agreement.last;
  const where = last
    ? ` · last ${clock(last.bucketStart)} queue ${queueNumber(last.queue)} ${firstDifference(last.ours, last.theirs)}`
    : '';
  return { text: `disagrees with ${comparedWith} in ${disagreeing} of ${of}${where}`, warn: true };
}

const FIGURES: readonly (keyof AgreementCounts)[] = ['offered', 'answered', 'unanswered'];

/** "offered 14 vs 11": the first count that differs, ours first. */
function firstDifference(ours: AgreementCounts, theirs: AgreementCounts): string {
  const figure = FIGURES.find((f) => ours[f] !== theirs[f]) ?? 'offered';
  return `${figure} ${ours[figure]} vs ${theirs[figure]}`;
}

/** A queue key is `scope/number` (lib/domain/keys.ts): the number is what people know. */
function queueNumber(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}
