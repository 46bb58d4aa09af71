import { afterEach, describe, expect, it } from 'vitest';
import { fixtureText } from '../../lib/testing/support';
import { getJson, startTestCallboard, type TestCallboard, WEBHOOK_TOKEN } from '../testing/callboard';

/**
 * The webhook sources API carries a source's agreement (`drift.agreement`) once another source feeds
 * the same PortSIP tenant, and nothing while none does (unknown, not "0 of 0"). Real process, real
 * webhook receiver; the other source's facts go in through the recorder, as a PBX link's do.
 */
let app: TestCallboard | null = null;
afterEach(async () => {
  await app?.close({ remove: true });
  app = null;
});

const TENANT = '798119491077668864'; // seed 001's call_start

async function postCallStart(url: string, at: number): Promise<number> {
  const body = JSON.parse(fixtureText('seeds/001-portsip-push-cdr/01-call-start.json')) as Record<
    string,
    unknown
  >;
  const res = await fetch(`${url}/api/webhooks/portsip`, {
    method: 'POST',
    headers: { authorization: `Bearer ${WEBHOOK_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ ...body, time: String(Math.floor(at / 1000)) }),
  });
  return res.status;
}

type Listing = { sources: { id: string; drift?: { agreement?: { comparedWith: string } } }[] };

describe('webhook sources API: agreement', () => {
  it('shows the agreement of a webhook paired with the PBX link of its tenant, and none before', async () => {
    const now = Date.now();
    app = await startTestCallboard({ now: () => now });
    expect(await postCallStart(app.url, now)).toBe(200);
    const hook = async () =>
      (await getJson<Listing>(app?.url ?? '', '/api/v1/webhook-sources')).sources.find(
        (s) => s.id === 'portsip-webhook',
      );
    expect((await hook())?.drift).toBeUndefined();

    app.recorder.ingest([
      {
        type: 'queueCreated',
        source: 'pbx-link',
        origin: 'portsip-wsi',
        tenant: TENANT,
        at: now,
        atArrival: true,
        queue: { tenant: TENANT, number: '8001' },
      },
    ]);
    expect((await hook())?.drift?.agreement).toMatchObject({
      comparedWith: 'pbx-link',
      bucketsDisagreeing: 0,
    });
  });
});
