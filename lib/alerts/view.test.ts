import { describe, expect, it } from 'vitest';
import { anAlert } from './testing/anAlert';
import { alertLine, alertTitle, alertView } from './view';

const alert = anAlert;

describe('an alert in words', () => {
  it('on a board’s own screen: the queue and what crossed, not the board it is on', () => {
    expect(alertLine(alert(), 'Sales')).toBe('Sales: Waiting now 7 (critical ≥ 6)');
    expect(alertLine(alert(), null)).toBe('Waiting now 7 (critical ≥ 6)');
  });

  it('in a list of many boards (chat, mail, the alerts page): the board first', () => {
    expect(alertTitle(alert(), 'Floor', 'Sales')).toBe('Floor · Sales: Waiting now 7 (critical ≥ 6)');
    expect(alertView(alert(), 'Floor', null).title).toBe('Floor: Waiting now 7 (critical ≥ 6)');
  });

  it('a figure that went under its limit, in its own unit', () => {
    const sl = alert({
      figure: 'serviceLevel',
      direction: 'below',
      severity: 'warn',
      limit: 0.8,
      value: 0.725,
    });
    expect(alertLine(sl, null)).toMatch(/^Service level 72\.5 % \(warn < 80 %\)$/);
    const wait = alert({ figure: 'longestWaitSeconds', limit: 120, value: 185 });
    expect(alertLine(wait, 'Support')).toMatch(/^Support: .* 3:05 \(critical ≥ 2:00\)$/);
  });
});
