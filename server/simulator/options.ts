import { z } from 'zod';
import { DEFAULT_DAILY_CURVE } from './curve';
import { ID_PATTERN } from './ids';

/**
 * Every knob of the simulator, validated once at the door (zod), with defaults that make a lively but
 * plausible demo: 3 queues of 13 agents, ~180 calls per queue per peak hour, a 20 s SLA.
 */

const seconds = (min: number, max: number, fallback: number) =>
  z.number().int().min(min).max(max).default(fallback);
const share = (fallback: number) => z.number().min(0).max(1).default(fallback);

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone');

export const modelOptionsSchema = z.object({
  /** Same seed and options → same calls, frames and ground truth. */
  seed: z.number().int().default(1),
  /** Simulated start (ms); rounded down to a whole second. Default: the injected clock's now. */
  startAt: z.number().int().nonnegative().optional(),
  /**
   * A run's own number (e.g. its start in unix seconds). When set, call, CDR and leg ids carry it and
   * callers and agents behave after a seed of their own, while queues, agents and their names stay
   * those of `seed`: the same call center restarted, whose calls never reuse an earlier run's id
   * (ids.ts). Unset: everything follows `seed`.
   */
  runId: z.number().int().min(0).max(9_999_999_999).optional(),
  tenantId: z.string().regex(ID_PATTERN, 'an 18-digit string').default('676398719834259456'),
  tenantName: z.string().min(1).default('Callboard Demo'),
  /** SIP domain: in extension URIs (sip:101@domain) and in the `domain` of `auth`. */
  domain: z.string().min(1).default('demo.callboard.local'),
  queues: z.number().int().min(1).max(50).default(3),
  agentsPerQueue: z.number().int().min(1).max(100).default(13),
  /** Arrivals per queue per hour at the curve's peak (one number for all queues, or one per queue). */
  callsPerHour: z.union([z.number().min(0), z.array(z.number().min(0)).min(1)]).default(180),
  /** Share of the peak rate per local hour 0–23. */
  dailyCurve: z
    .array(z.number().min(0))
    .length(24)
    .default([...DEFAULT_DAILY_CURVE]),
  timeZone: timeZone.default('UTC'),
  /** The queues' SLA: a caller still waiting after this is reported by queue_sla_breached. */
  slaSeconds: seconds(1, 3600, 20),
  /** For the ground truth's short-abandon count only (the PBX does not know this threshold). */
  shortAbandonSeconds: seconds(0, 600, 5),
  /** The queue's maximum wait: then the caller overflows to `overflowDestination`. */
  maxWaitSeconds: seconds(10, 7200, 300),
  overflowDestination: z.string().regex(/^\d+$/).default('9000'),
  patienceMeanSeconds: seconds(1, 7200, 120),
  /** Callers who hang up within a few seconds, whatever the wait (wrong number, changed their mind). */
  quickHangupShare: share(0.05),
  /** Of callers whose patience runs out after `callbackAfterSeconds`, those who ask for a callback. */
  callbackShare: share(0.2),
  callbackAfterSeconds: seconds(0, 3600, 30),
  ringMinSeconds: seconds(1, 60, 2),
  ringMaxSeconds: seconds(1, 60, 8),
  /** Offers the agent lets ring out: the agent is then set Not Ready for `missedCallPauseSeconds`. */
  noAnswerShare: share(0.03),
  ringTimeoutSeconds: seconds(2, 120, 15),
  missedCallPauseSeconds: seconds(1, 3600, 60),
  talkMeanSeconds: seconds(5, 7200, 180),
  /** 0: no wrap-up, agents go straight back to Ready. */
  wrapMeanSeconds: seconds(0, 3600, 20),
  breakShare: share(0.06),
  breakMeanSeconds: seconds(10, 7200, 300),
  logoutShare: share(0.01),
  logoutMeanSeconds: seconds(60, 14_400, 1200),
  /**
   * The PBX's clock: this far off the true time at the start (ms, negative = behind), drifting by
   * `pbxClockDriftMsPerMin`. Its timestamps follow it (in whole seconds); the ground truth does not.
   */
  pbxClockOffsetMs: z.number().int().min(-3_600_000).max(3_600_000).default(0),
  pbxClockDriftMsPerMin: z.number().min(-1000).max(1000).default(0),
});

export const simulatorOptionsSchema = modelOptionsSchema.extend({
  host: z.string().min(1).default('127.0.0.1'),
  /** 0 = any free port (tests). */
  port: z.number().int().min(0).max(65_535).default(0),
  username: z.string().min(1).default('admin'),
  password: z.string().min(1).default('admin'),
  /** Simulated ms per real ms: 60 = one simulated hour per real minute. */
  timeScale: z.number().positive().max(100_000).default(1),
  /** Tick on a real timer; false = time moves only through `advance(ms)`. */
  autoRun: z.boolean().default(true),
  tickMs: z.number().int().min(10).max(1000).default(200),
  /** The real clock (ms). Injected so tests and replays control it. */
  now: z
    .custom<() => number>((v) => typeof v === 'function', 'a function returning ms')
    .default(() => Date.now),
});

function checkRing(o: { ringMinSeconds: number; ringMaxSeconds: number }, ctx: z.RefinementCtx): void {
  if (o.ringMaxSeconds < o.ringMinSeconds) {
    ctx.addIssue({ code: 'custom', path: ['ringMaxSeconds'], message: 'below ringMinSeconds' });
  }
}

function checkRates(o: { callsPerHour: number | number[]; queues: number }, ctx: z.RefinementCtx): void {
  if (Array.isArray(o.callsPerHour) && o.callsPerHour.length !== o.queues) {
    ctx.addIssue({
      code: 'custom',
      path: ['callsPerHour'],
      message: `needs one rate per queue (${o.queues})`,
    });
  }
}

const checkedModel = modelOptionsSchema.superRefine(checkRing).superRefine(checkRates);
const checkedSimulator = simulatorOptionsSchema.superRefine(checkRing).superRefine(checkRates);

export type ModelOptions = z.input<typeof modelOptionsSchema>;
export type ModelSettings = z.output<typeof modelOptionsSchema>;
export type SimulatorOptions = z.input<typeof simulatorOptionsSchema>;
export type SimulatorSettings = z.output<typeof simulatorOptionsSchema>;

export function parseModelOptions(options: ModelOptions = {}): ModelSettings {
  return checkedModel.parse(options);
}

export function parseSimulatorOptions(options: SimulatorOptions = {}): SimulatorSettings {
  return checkedSimulator.parse(options);
}
