import { subscribeTo } from '../../lib/sources/portsip/commands';
import { joinDetails, refusal, type Session, type SessionHooks } from './session';
import type { Timer } from './timers';
import type { WsiTiming } from './timing';

/**
 * The PBX administrator's view of several tenants: one subscribe per global topic, scoped by tenant
 * id. Kept simple on purpose: the doc does not say which snapshots a global subscribe pushes, so
 * there is nothing to count. The resync ends after a quiet period without snapshot frames (or at the
 * snapshot timeout if they keep coming).
 */
export function createGlobalSession(
  tenants: readonly string[],
  timing: WsiTiming,
  hooks: SessionHooks,
): Session {
  const refusals: string[] = [];
  let resynced = false;
  let quietTimer: Timer | null = null;
  let snapshotTimer: Timer | null = null;

  function finish(): void {
    if (resynced) return;
    resynced = true;
    hooks.timers.clear(quietTimer);
    hooks.timers.clear(snapshotTimer);
    hooks.report('connected', joinDetails(refusals));
  }

  function afterQuiet(): void {
    hooks.timers.clear(quietTimer);
    quietTimer = hooks.timers.after(timing.discoveryQuietMs, finish);
  }

  return {
    start() {
      for (const command of subscribeTo.global(tenants)) hooks.send(command);
      snapshotTimer = hooks.timers.after(timing.snapshotTimeoutMs, finish);
      afterQuiet();
    },
    onEvents(_events, snapshot) {
      if (!resynced && snapshot !== undefined) afterQuiet();
    },
    onReply(reply, label) {
      if (reply.ok) return;
      refusals.push(refusal(reply, label));
      hooks.logger.warn({ subscribe: label, error: reply.error }, 'WSI subscribe refused');
      if (resynced) hooks.report('connected', joinDetails(refusals));
    },
  };
}
