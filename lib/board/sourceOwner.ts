import type { SourceStatus } from '../protocol';

/**
 * Which instance runs a PBX link, in words (components/board/SourceHealth.tsx): "owned by <instance>"
 * on the instance that runs it, "standby: held by <instance>" on the others. null for a source
 * without a link (a webhook source). Pure.
 */
export function ownerNote(s: Pick<SourceStatus, 'owner'>): string | null {
  const owner = s.owner;
  if (!owner) return null;
  if (owner.here) return `owned by ${owner.instance ?? 'this instance'}`;
  return owner.instance === null ? 'standby: no instance holds it yet' : `standby: held by ${owner.instance}`;
}

/** This instance stands by for the link: what it says of the link is another instance's business. */
export const isStandby = (s: Pick<SourceStatus, 'owner'>): boolean => s.owner !== undefined && !s.owner.here;
