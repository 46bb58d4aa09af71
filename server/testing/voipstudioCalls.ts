import { fixtureText, flowFiles } from '../../lib/testing/support';

/**
 * Test support only: VoIPstudio queue calls (the constructed flows in fixtures/voipstudio: answered
 * with hold and wrap-up, or missed), each a distinct call `n` moved to start at `startAt` (ms).
 * Returns the webhook bodies with the time each is sent (its own event time).
 */
const FLOWS = {
  answered: flowFiles('voipstudio/queue-call-answered').map(fixtureText),
  missed: flowFiles('voipstudio/queue-call-missed').map(fixtureText),
};
const FLOW_START = { answered: Date.UTC(2021, 3, 28, 10, 0, 0), missed: Date.UTC(2021, 3, 28, 10, 10, 0) };

const stamp = (ms: number) => new Date(ms).toISOString().slice(0, 19).replace('T', ' ');

export function voipstudioCall(
  n: number,
  outcome: 'answered' | 'missed',
  startAt: number,
): { at: number; body: string }[] {
  const shift = Math.floor(startAt / 1000) * 1000 - FLOW_START[outcome];
  return FLOWS[outcome].map((text) => {
    let at = 0;
    const body = text
      .replace(/"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)"/g, (_m, t: string) => {
        const ms = Date.parse(`${t.replace(' ', 'T')}Z`) + shift;
        at = Math.max(at, ms);
        return `"${stamp(ms)}"`;
      })
      .replace(/"call_id": \d+/g, `"call_id": ${500_000_000 + n}`)
      .replace(/"id": "ev-([0-9a-f]+)"/g, (_m, id: string) => `"id": "ev-${n}-${id}"`);
    return { at, body };
  });
}
