import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { Alert } from '../../lib/alerts/evaluate';
import { anAlert } from '../../lib/alerts/testing/anAlert';
import { alertView } from '../../lib/alerts/view';
import { AlertBanner } from './AlertBanner';

const raised = (id: number, severity: Alert['severity'], raisedAt: number, queue: string | null) =>
  alertView(
    anAlert({ id, ruleId: `r${id}`, queue, severity, limit: 3, raisedAt, value: 4 + id }),
    'Floor',
    queue,
  );

const lines = (html: string) =>
  [...html.matchAll(/<li[^>]*data-testid="alert-(\d+)"/g)].map((m) => Number(m[1]));

describe('the alert banner', () => {
  const alerts = [
    raised(1, 'warn', 1_000, 'Sales'),
    raised(2, 'critical', 3_000, 'Support'),
    raised(3, 'critical', 2_000, null),
  ];

  it('lists every sounding alert, critical first and oldest first, without the board’s name', () => {
    const html = renderToStaticMarkup(createElement(AlertBanner, { alerts }));
    expect(lines(html)).toEqual([3, 2, 1]);
    expect(html).toContain('Support: Waiting now 6 (critical ≥ 3)');
    expect(html).not.toContain('Floor');
  });

  it('says how many sound in all when it shows a page of them (the kiosk)', () => {
    const html = renderToStaticMarkup(createElement(AlertBanner, { alerts: alerts.slice(0, 2), count: 3 }));
    expect(lines(html)).toEqual([2, 1]);
    expect(html).toContain('data-count="3"');
  });

  it('shows nothing when nothing sounds', () => {
    expect(renderToStaticMarkup(createElement(AlertBanner, { alerts: [] }))).toBe('');
  });
});
