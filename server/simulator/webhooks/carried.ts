import type { GroundTruth } from '../groundTruth';
import type { WebhookKind } from './types';

/**
 * What a board fed only by one vendor's webhooks can show of what really happened: the ground truth
 * of one queue, folded the way that vendor's payloads fold it. One definition, used by the tests that
 * compare the reduced figures with the model's truth (and readable as the capability table).
 *
 * | figure              | PortSIP webhook            | 3CX add-on                  | VoIPstudio                  |
 * |---------------------|----------------------------|-----------------------------|-----------------------------|
 * | offered, answered   | yes                        | yes                         | yes                         |
 * | answered within SLA | yes                        | yes                         | yes                         |
 * | ASA                 | yes                        | yes (arrival times)         | yes                         |
 * | short abandoned     | yes                        | yes (arrival times)         | yes                         |
 * | overflowed          | yes (the call's next leg)  | no: counted as abandoned    | no: counted as abandoned    |
 * | callbacks           | no: counted as abandoned   | no: counted as abandoned    | no: counted as abandoned    |
 * | AHT                 | talk only (no wrap-up)     | talk only (no wrap-up)      | talk + wrap-up              |
 * | SLA breaches        | none reported              | none reported               | none reported               |
 * | waiting, agents     | unknown (null)             | unknown (null)              | unknown (null)              |
 */
export interface CarriedFigures {
  readonly offered: number;
  readonly answered: number;
  readonly abandoned: number;
  readonly shortAbandoned: number;
  readonly overflowed: number;
  readonly callbacks: number;
  readonly answeredWithinSla: number;
  readonly asaSeconds: number | null;
  readonly ahtSeconds: number | null;
  readonly slaBreaches: number;
}

export function carriedFigures(kind: WebhookKind, truth: GroundTruth, queue: string): CarriedFigures {
  const t = truth.queues[queue];
  if (!t) throw new Error(`no queue ${queue} in the ground truth`);
  const talks = truth.visits.flatMap((v) =>
    v.queue === queue && v.outcome === 'answered' && v.talkSeconds !== undefined ? [v.talkSeconds] : [],
  );
  const meanTalk = talks.length > 0 ? talks.reduce((a, b) => a + b, 0) / talks.length : null;
  const overflowCarried = kind === 'portsip-webhook';
  return {
    offered: t.offered,
    answered: t.answered,
    abandoned: t.abandoned + t.callbacks + (overflowCarried ? 0 : t.overflowed),
    shortAbandoned: t.shortAbandoned,
    overflowed: overflowCarried ? t.overflowed : 0,
    callbacks: 0,
    answeredWithinSla: t.answeredWithinSla,
    asaSeconds: t.asaSeconds,
    ahtSeconds: kind === 'voipstudio' ? t.ahtSeconds : meanTalk,
    slaBreaches: 0,
  };
}
