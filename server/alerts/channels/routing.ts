import type { AlertChannel } from '../../../lib/settings/alertChannels';
import type { AlertNotification } from '../notification';

/**
 * Whether a channel takes a notification: enabled, its severity at least the channel's minimum, and
 * its board among the channel's (a notification about no one board reaches only "all boards" channels).
 */
export function takes(channel: AlertChannel, n: AlertNotification): boolean {
  if (!channel.enabled) return false;
  if (channel.minSeverity === 'critical' && n.severity !== 'critical') return false;
  if (channel.boards === 'all') return true;
  return n.boardId !== null && channel.boards.includes(n.boardId);
}
