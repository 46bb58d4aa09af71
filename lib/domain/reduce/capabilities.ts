import type { SourceKind } from '../events';

/**
 * What each kind of source can see. 3CX's add-on and VoIPstudio report calls, not the PBX's queue
 * lists, so a queue fed only by them has an unknown (null) waiting list and agent list, never a fake
 * empty one. PortSIP's webhook carries CDR events only.
 */
const CAN_SEE_QUEUE_LISTS: Record<SourceKind, boolean> = {
  'portsip-wsi': true,
  'portsip-webhook': false,
  '3cx': false,
  voipstudio: false,
};

export const canSeeWaitingList = (kind: SourceKind) => CAN_SEE_QUEUE_LISTS[kind];
export const canSeeAgents = (kind: SourceKind) => CAN_SEE_QUEUE_LISTS[kind];
