import { portsipWebhookSample } from '../../lib/sources/portsip/sample';
import { threeCxSample } from '../../lib/sources/threecx/sample';
import { voipstudioSample } from '../../lib/sources/voipstudio/sample';
import type { WebhookKind } from './types';

/**
 * One payload per vendor for "Send test event", each the first event of a seed flow (the shapes the
 * scenario tests prove), moved to `now`: PortSIP and VoIPstudio stamp their events, and the edge
 * refuses times far from the arrival time. 3CX sends no time. The ids stay the seeds' own; a test
 * event is never journaled, so they cannot collide with a real call. The payloads themselves live
 * with their normalizers (lib/sources/<source>/sample.ts): vendor names stay there.
 */
export interface SamplePayload {
  readonly contentType: string;
  readonly body: string;
}

export function samplePayload(kind: WebhookKind, now: number): SamplePayload {
  const payload =
    kind === 'portsip-webhook'
      ? portsipWebhookSample(now)
      : kind === '3cx'
        ? threeCxSample()
        : voipstudioSample(now);
  return { contentType: 'application/json', body: JSON.stringify(payload) };
}
