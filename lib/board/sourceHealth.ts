import type { SourceHealth, SourceStatus } from '../protocol';
import { isStandby, ownerNote } from './sourceOwner';

/**
 * What a source's chip says (components/board/SourceHealth.tsx). Pure: the caller brings the board's
 * liveness and the server's now.
 *
 * - A PBX connection (PortSIP WSI) has a link: connected / connecting / resyncing / down, and the age
 *   of its last event.
 * - A webhook source (PortSIP webhooks, 3CX, VoIPstudio) has no link to be "connected" over: its
 *   health is its last delivery and how long ago; before the first one it is waiting, not green.
 * - While the board itself is not live, no chip claims green: what it last heard may be stale.
 */
export type ChipLevel = 'ok' | 'warn' | 'critical' | 'unknown';

export interface SourceChip {
  readonly level: ChipLevel;
  readonly symbol: string;
  readonly label: string;
  /** The label where room is short (a kiosk's header); the full label is still read out. */
  readonly short?: string;
  /** Whether the age of the last event follows the label ("last delivery · 2 min ago"). */
  readonly showAge: boolean;
}

const LINK: Record<SourceHealth, Omit<SourceChip, 'showAge'>> = {
  connected: { level: 'ok', symbol: '●', label: 'connected' },
  connecting: { level: 'warn', symbol: '▲', label: 'connecting' },
  resyncing: { level: 'warn', symbol: '▲', label: 'resyncing' },
  disconnected: { level: 'critical', symbol: '◆', label: 'down' },
  error: { level: 'critical', symbol: '◆', label: 'down' },
};

/** Sources that receive pushes rather than hold a link to their PBX. */
export const isWebhookSource = (s: Pick<SourceStatus, 'kind'>): boolean => s.kind !== 'portsip-wsi';

export function sourceChip(
  s: Pick<SourceStatus, 'kind' | 'status' | 'lastEventAt' | 'owner'>,
  o: { readonly boardLive: boolean },
): SourceChip {
  // Another instance runs the link (issue #19): this one knows nothing of its health to claim.
  if (isStandby(s))
    return {
      level: 'unknown',
      symbol: '○',
      label: ownerNote(s) ?? 'standby',
      short: 'standby',
      showAge: false,
    };
  const base = LINK[s.status];
  const webhook = isWebhookSource(s) && s.status === 'connected';
  const own: SourceChip = webhook
    ? s.lastEventAt === null
      ? { level: 'warn', symbol: '▲', label: 'waiting for the first event', short: 'waiting', showAge: false }
      : { level: 'ok', symbol: '●', label: 'last delivery', showAge: true }
    : { ...base, showAge: s.lastEventAt !== null };
  if (o.boardLive || own.level !== 'ok') return own;
  // The board is not live: what the server last said about this source may no longer hold.
  return { ...own, level: 'unknown', symbol: '○', label: `${own.label} (not live)` };
}
