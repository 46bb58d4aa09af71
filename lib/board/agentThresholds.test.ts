import { describe, expect, it } from 'vitest';
import { AGENT_STATES } from '../domain/events';
import { agentLevel, agentLimitOf, agentThresholdsSchema, DEFAULT_AGENT_THRESHOLDS } from './agentThresholds';
import { boardSchema } from './model';

describe('agent level by time in state', () => {
  const limits = {
    talkingSeconds: { warn: 600, critical: 1200 },
    wrapUpSeconds: { warn: 60, critical: null },
    notReadySeconds: { warn: 300, critical: 900 },
  };

  it('warn from the warn time on, critical from the critical time on', () => {
    expect(agentLevel(limits, 'notReady', 0)).toBe('ok');
    expect(agentLevel(limits, 'notReady', 299)).toBe('ok');
    expect(agentLevel(limits, 'notReady', 300)).toBe('warn');
    expect(agentLevel(limits, 'notReady', 899)).toBe('warn');
    expect(agentLevel(limits, 'notReady', 900)).toBe('critical');
  });

  it('a long call is a long call, queue call or other call', () => {
    expect(agentLevel(limits, 'queueCall', 1200)).toBe('critical');
    expect(agentLevel(limits, 'otherCall', 600)).toBe('warn');
    expect(agentLevel(limits, 'queueCall', 599)).toBe('ok');
  });

  it('a missing level is skipped; a state without a limit, or an unknown time, has no level', () => {
    expect(agentLevel(limits, 'wrapUp', 10_000)).toBe('warn');
    for (const s of ['ready', 'loggedOut', 'offline'] as const) {
      expect(agentLimitOf(limits, s)).toBeNull();
      expect(agentLevel(limits, s, 100_000)).toBe('none');
    }
    expect(agentLevel(limits, 'notReady', null)).toBe('none');
    expect(agentLevel({ talkingSeconds: limits.talkingSeconds }, 'notReady', 100_000)).toBe('none');
  });

  it('every state that has a limit has exactly one', () => {
    const judged = AGENT_STATES.filter((s) => agentLimitOf(DEFAULT_AGENT_THRESHOLDS, s) !== null);
    expect(judged).toEqual(['queueCall', 'otherCall', 'wrapUp', 'notReady']);
  });
});

describe('agent thresholds schema', () => {
  it('a board stored before they existed reads the defaults', () => {
    expect(boardSchema.parse({ name: 'Old' }).agentThresholds).toEqual(DEFAULT_AGENT_THRESHOLDS);
  });

  it('says in plain words what is wrong, at the field', () => {
    const r = agentThresholdsSchema.safeParse({
      talkingSeconds: { warn: 600, critical: 600 },
      wrapUpSeconds: { warn: 1.5, critical: 'soon' },
      notReadySeconds: { warn: null, critical: 100_000 },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual(
      expect.arrayContaining([
        ['talkingSeconds.critical', 'Critical time must be longer than the warn time'],
        ['wrapUpSeconds.warn', 'Warn time must be whole seconds'],
        ['wrapUpSeconds.critical', 'Critical time must be a number of seconds'],
        ['notReadySeconds.critical', 'Critical time must be at most 24 hours (86400 s)'],
      ]),
    );
  });
});
