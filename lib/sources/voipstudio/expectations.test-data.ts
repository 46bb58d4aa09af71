import type { CallParties, DomainEvent } from '../../domain/events';
import { accepted, ignored, type Normalized } from '../types';

/**
 * What each constructed fixture in fixtures/voipstudio/ must normalize to. Kept apart from the tests
 * so the table reads as one call flow per folder.
 */

export const SOURCE = 'vs-main';

/** A fact's common fields at 2021-04-28 `hms` UTC (the fixtures' date). */
export function fact(callId: string, hms: string) {
  return { source: SOURCE, origin: 'voipstudio' as const, at: Date.parse(`2021-04-28T${hms}Z`), callId };
}

export const QUEUE_500 = { leg: 'QUEUE:500', target: '500', targetKind: 'queue' } as const;
export const USER_1001 = { leg: 'LOCAL_USER:1001', target: '1001', targetKind: 'extension' } as const;

const ANSWERED = '139543232';
const MISSED = '139543298';
const TIMED_OUT = '139543311';

const callerA: CallParties = { direction: 'inbound', caller: '+442035141598', callerName: '442035141598' };
const callerB: CallParties = { direction: 'inbound', caller: '+441632960123', callerName: '441632960123' };
const toQueue: CallParties = { callee: '500', calleeName: 'Sales Queue' };
const toJohn: CallParties = { callee: '1001', calleeName: 'John Smith' };

function events(...list: DomainEvent[]): Normalized {
  return accepted(list);
}

export const EXPECTED: Readonly<Record<string, Normalized>> = {
  'queue-call-answered/01-call-initial.json': events(
    { type: 'callStarted', ...fact(ANSWERED, '10:00:00'), parties: { ...callerA, ...toQueue } },
    { type: 'callLegAdded', ...fact(ANSWERED, '10:00:00'), ...QUEUE_500 },
  ),
  'queue-call-answered/02-call-ringing.json': events(
    { type: 'callStarted', ...fact(ANSWERED, '10:00:12'), parties: { ...callerA, ...toJohn } },
    { type: 'callLegRinging', ...fact(ANSWERED, '10:00:12'), ...USER_1001 },
  ),
  'queue-call-answered/03-call-connected.json': events(
    { type: 'callStarted', ...fact(ANSWERED, '10:00:14'), parties: { ...callerA, ...toJohn } },
    { type: 'callLegAnswered', ...fact(ANSWERED, '10:00:14'), ...USER_1001 },
  ),
  'queue-call-answered/04-call-hold.json': events({
    type: 'callHeld',
    ...fact(ANSWERED, '10:01:00'),
    extension: '1001',
  }),
  'queue-call-answered/05-call-unhold.json': events({
    type: 'callResumed',
    ...fact(ANSWERED, '10:01:20'),
    extension: '1001',
  }),
  'queue-call-answered/06-call-hangup.json': events(
    { type: 'callLegEnded', ...fact(ANSWERED, '10:03:14'), ...USER_1001, talkSeconds: 180 },
    { type: 'callEnded', ...fact(ANSWERED, '10:03:14'), answered: true, reason: 'Normal Clearing' },
  ),
  'queue-call-answered/07-queue-wrapup-start.json': events({
    type: 'wrapUpStarted',
    ...fact(ANSWERED, '10:03:14'),
    extension: '1001',
  }),
  'queue-call-answered/08-queue-wrapup-end.json': events({
    type: 'wrapUpEnded',
    ...fact(ANSWERED, '10:03:44'),
    extension: '1001',
    timedOut: false,
  }),

  'queue-call-missed/01-call-initial.json': events(
    { type: 'callStarted', ...fact(MISSED, '10:10:00'), parties: { ...callerB, ...toQueue } },
    { type: 'callLegAdded', ...fact(MISSED, '10:10:00'), ...QUEUE_500 },
  ),
  'queue-call-missed/02-call-ringing.json': events(
    { type: 'callStarted', ...fact(MISSED, '10:10:05'), parties: { ...callerB, ...toJohn } },
    { type: 'callLegRinging', ...fact(MISSED, '10:10:05'), ...USER_1001 },
  ),
  'queue-call-missed/03-call-missed.json': events(
    { type: 'callLegNotAnswered', ...fact(MISSED, '10:10:50'), ...QUEUE_500 },
    { type: 'callEnded', ...fact(MISSED, '10:10:50'), answered: false, reason: 'Originator Cancel' },
  ),

  'misc/01-call-dtmf.json': ignored('DTMF digits: not a wallboard fact'),
  'misc/02-sms-received.json': ignored('SMS: not a wallboard fact'),
  'misc/03-queue-wrapup-timeout.json': events({
    type: 'wrapUpEnded',
    ...fact(TIMED_OUT, '10:20:30'),
    extension: '1002',
    timedOut: true,
  }),
};
