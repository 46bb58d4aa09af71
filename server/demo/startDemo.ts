import type { Logger } from 'pino';
import type { DomainState } from '../../lib/domain/state';
import { dayWindow } from '../../lib/domain/time';
import { DEMO_PBX_ID } from '../../lib/settings/pbx';
import type { Config } from '../config';
import { DEFAULT_DAILY_CURVE } from '../simulator/curve';
import type { GroundTruth } from '../simulator/groundTruth';
import { CallCenterModel } from '../simulator/model';
import { parseSimulatorOptions } from '../simulator/options';
import { type SimulatorHandle, serveModel } from '../simulator/server';
import { feedModelOptions, SourceFeed } from '../simulator/webhooks/feed';
import { startWebhookFeeder, type WebhookFeeder } from '../simulator/webhooks/feeder';
import { WEBHOOK_KINDS } from '../simulator/webhooks/types';
import { type Accept, type DemoPbxs, playUntil, skipUntil, startEntries } from './fastForward';
import { type DemoDayPlan, demoDailyCurve, planDemoDay } from './plan';

/**
 * The demo's simulated PBXs (DEMO=1): the WSI simulator and the three webhook feeds, played in
 * fast-forward from the planned start (plan.ts) to now through the recorder, then served live: the
 * WSI simulator on a loopback WebSocket for the demo link, the feeds posting to this process.
 */

export const DEMO_AUTH = { username: 'admin', password: 'admin', domain: 'demo.callboard.local' };
/** The demo link's source id: its saved connection's (demoConnection.ts). */
export const DEMO_PBX_SOURCE = DEMO_PBX_ID;

export interface DemoDay {
  readonly plan: DemoDayPlan;
  readonly sim: SimulatorHandle;
  readonly feeder: WebhookFeeder | null;
  /** What each simulated PBX really did this run, by the source id it reports as. */
  truth(): Record<string, GroundTruth>;
  stop(): Promise<void>;
}

export interface DemoDayOptions {
  readonly config: Config;
  /** The replayed state: the board's day and what the journal already holds of earlier runs. */
  readonly state: () => DomainState;
  /** The recorder's door for arrivals stamped with their own receivedAt (journal, then hub). */
  readonly accept: Accept;
  /** The demo webhooks' endpoint and secret; without a secret, the WSI simulator only. */
  readonly webhooks: { readonly baseUrl: string; readonly token: string | null };
  readonly logger: Logger;
  readonly now: () => number;
}

/** Caught up once the simulated PBXs are this close to now (the rest is played live). */
const CAUGHT_UP_MS = 1000;

export async function startDemoDay(o: DemoDayOptions): Promise<DemoDay> {
  const settings = o.state().settings;
  const dailyCurve = demoDailyCurve(DEFAULT_DAILY_CURVE);
  const kinds = o.webhooks.token ? WEBHOOK_KINDS : [];
  const sources = [DEMO_PBX_SOURCE, ...kinds];
  const seen = sources.flatMap((s) => o.state().sources[s] ?? []);
  const lastDemoEventAt = seen.length > 0 ? Math.max(...seen) : null;
  const today = dayWindow(o.now(), settings.timezone, settings.dayStartsAt);
  const plan = planDemoDay({
    now: o.now(),
    mode: o.config.demoDay,
    // DEMO_DAY=yesterday: the day before is played too, and closes into history (app.ts).
    dayStart:
      o.config.demoDay === 'yesterday'
        ? dayWindow(today.start - 1, settings.timezone, settings.dayStartsAt).start
        : today.start,
    lastDemoEventAt,
  });
  // The run's number is its start in seconds, past every earlier run's last event even if the clock
  // was set back: its call ids are its own (simulator/ids.ts).
  const runId = Math.max(plan.startAt / 1000, Math.floor((lastDemoEventAt ?? 0) / 1000) + 1);
  const shared = { timeZone: settings.timezone, slaSeconds: o.config.slaSeconds, dailyCurve, runId };
  const model = new CallCenterModel({
    ...shared,
    domain: DEMO_AUTH.domain,
    startAt: plan.startAt,
    breakShare: o.config.demoBreakShare,
  });
  const feeds = kinds.map(
    (kind) =>
      new SourceFeed({
        kind,
        token: o.webhooks.token ?? '',
        model: {
          ...feedModelOptions(kind, { seed: 1, startAt: plan.startAt, ...shared }),
          ...shared,
        },
      }),
  );
  const pbxs: DemoPbxs = { wsi: { model, source: DEMO_PBX_SOURCE }, feeds };

  await playDaySoFar(pbxs, plan, o);

  const sim = await serveModel(
    parseSimulatorOptions({ ...DEMO_AUTH, host: '127.0.0.1', port: 0, now: o.now }),
    model,
  );
  o.logger.info({ url: sim.url }, 'demo: built-in PBX simulator started');
  const feeder =
    o.webhooks.token && feeds.length > 0
      ? startWebhookFeeder({
          baseUrl: o.webhooks.baseUrl,
          token: o.webhooks.token,
          timeZone: settings.timezone,
          slaSeconds: o.config.slaSeconds,
          feeds,
          now: o.now,
          logger: o.logger.child({ part: 'demo-webhooks' }),
        })
      : null;

  return {
    plan,
    sim,
    feeder,
    truth: () => ({
      [DEMO_PBX_SOURCE]: model.groundTruth(),
      ...Object.fromEntries(feeds.map((f) => [f.sourceId, f.model.groundTruth()])),
    }),
    async stop() {
      await feeder?.stop();
      await sim.stop();
    },
  };
}

/**
 * The start entries, then the day so far; the play itself takes time, so it plays again until the
 * PBXs stand at now. A journal that cannot take it (storage down) must not keep the demo from going
 * live: the rest is skipped, and the PBXs go on from now.
 */
async function playDaySoFar(pbxs: DemoPbxs, plan: DemoDayPlan, o: DemoDayOptions): Promise<void> {
  const began = o.now();
  let entered = 0;
  let refused = 0;
  try {
    await Promise.all(startEntries(pbxs, plan.startAt).map((entry) => o.accept(entry)));
    while (o.now() - pbxs.wsi.model.now >= CAUGHT_UP_MS) {
      const played = await playUntil(pbxs, o.now(), o.accept);
      entered += played.entered;
      refused += played.refused;
    }
  } catch (err) {
    o.logger.error({ err }, 'demo: the day so far could not be journaled; going live from now');
    skipUntil(pbxs, o.now());
  }
  if (refused > 0) o.logger.warn({ refused }, 'demo: the webhook ingest refused played arrivals');
  if (plan.fastForwardMs > 0) {
    o.logger.info(
      { from: new Date(plan.startAt).toISOString(), arrivals: entered, ms: o.now() - began },
      'demo: the day so far played in fast-forward',
    );
  }
}
