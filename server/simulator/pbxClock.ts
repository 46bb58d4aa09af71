import { unix } from './wsiMessages';

/**
 * The simulated PBX's own clock: `offsetMs` off the true time at the start and drifting by
 * `driftMsPerMin` from there, as a PBX whose NTP is broken. Every time the simulator publishes is
 * read off this clock and written in whole seconds, as PortSIP does; the ground truth keeps the true
 * time, so a test can check that the wallboard puts the PBX's times back where they belong.
 */
export interface PbxClockSettings {
  readonly startAt: number;
  /** PBX time − true time at the start (ms); negative = behind. */
  readonly offsetMs: number;
  readonly driftMsPerMin: number;
}

/** Keys of the WSI and CDR messages that hold a time (unix seconds as a string; "0" = never). */
const TIME_KEYS = new Set(['timestamp', 'time', 'start_time', 'ring_time', 'answered_time', 'ended_time']);

export class PbxClock {
  constructor(private readonly s: PbxClockSettings) {}

  /** True (simulated) time → the PBX's clock, ms. */
  read(trueMs: number): number {
    return trueMs + this.s.offsetMs + ((trueMs - this.s.startAt) * this.s.driftMsPerMin) / 60_000;
  }

  get exact(): boolean {
    return this.s.offsetMs === 0 && this.s.driftMsPerMin === 0;
  }

  /**
   * A message as the PBX's clock stamps it: each time field (written from the true time, which is
   * always a whole second) re-read off the PBX clock. The same object when the clock is exact.
   */
  stamp<T>(message: T): T {
    return this.exact ? message : (this.restamp(message) as T);
  }

  private restamp(value: unknown, key?: string): unknown {
    if (Array.isArray(value)) return value.map((v) => this.restamp(v));
    if (value !== null && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[k] = this.restamp(v, k);
      return out;
    }
    if (key !== undefined && TIME_KEYS.has(key) && typeof value === 'string' && /^[1-9]\d*$/.test(value))
      return unix(this.read(Number(value) * 1000));
    return value;
  }
}
