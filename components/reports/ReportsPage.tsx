'use client';

import { useEffect, useMemo, useState } from 'react';
import { queueLabel } from '../../lib/board/queues';
import { INTERVAL_LABELS } from '../../lib/reports/intervals';
import type { QueueScope } from '../../lib/reports/query';
import { PRESET_LABELS, todayIn } from '../../lib/reports/ranges';
import { useMe } from '../nav/useMe';
import { api } from '../settings/api';
import { AgentReportView } from './AgentReportView';
import { QueueReportView } from './QueueReportView';
import { ReportControls } from './ReportControls';
import { ReportsFrame } from './ReportsFrame';
import { rangeText } from './rangeText';
import { choiceFromSearch, type ReportChoice, resolveQuery, searchOfChoice } from './reportQuery';
import './reports.css';

/**
 * `/reports`: history per queue (and per agent) for a range, each period against the previous range,
 * with CSV of every report and a print layout for A4. For signed-in admins and supervisors; the
 * server checks every request anyway (displays get 403), this keeps others from a page of refusals.
 */
export function ReportsPage() {
  const me = useMe();
  if (me.state === 'loading')
    return (
      <ReportsFrame>
        <p role="status" className="notice">
          Loading…
        </p>
      </ReportsFrame>
    );
  if (me.state === 'signed-out')
    return (
      <ReportsFrame>
        <p role="alert" className="notice" data-testid="sign-in-needed">
          Sign in to read reports. <a href="/login?next=%2Freports">Sign in</a>
        </p>
      </ReportsFrame>
    );
  if (me.state !== 'user')
    return (
      <ReportsFrame>
        <p role="alert" className="form-error" data-testid="not-allowed">
          Reports are for signed-in admins and supervisors, not for displays.
        </p>
      </ReportsFrame>
    );
  return (
    <ReportsFrame>
      <ReportsBody />
    </ReportsFrame>
  );
}

interface Where {
  readonly timezone: string;
  readonly dayStartsAt: string;
}

function ReportsBody() {
  const [where, setWhere] = useState<Where | null>(null);
  const [boards, setBoards] = useState<{ id: string; name: string }[]>([]);
  const [queues, setQueues] = useState<{ id: string; label: string }[]>([]);
  const [now, setNow] = useState(() => Date.now());
  const [choice, setChoice] = useState<ReportChoice | null>(null);
  const [tab, setTab] = useState<'queues' | 'agents'>('queues');

  useEffect(() => {
    void api<{ settings: Where }>('GET', '/api/v1/settings/general').then((r) => {
      // Without the settings (should not happen to a signed-in person): the browser's zone, said below.
      setWhere(
        r.ok
          ? r.body.settings
          : { timezone: Intl.DateTimeFormat().resolvedOptions().timeZone, dayStartsAt: '00:00' },
      );
    });
    void api<{ boards: { id: string; name: string }[] }>('GET', '/api/v1/boards').then(
      (r) => r.ok && setBoards(r.body.boards),
    );
    void api<{ queues: { id: string; name: string | null; number: string | null }[] }>(
      'GET',
      '/api/v1/state',
    ).then((r) => r.ok && setQueues(r.body.queues.map((q) => ({ id: q.id, label: queueLabel(q) }))));
    // "Today" moves at the day's start: look again every minute.
    const timer = setInterval(() => setNow(Date.now()), 60_000);
    return () => clearInterval(timer);
  }, []);

  const today = where ? todayIn(now, where.timezone, where.dayStartsAt) : null;
  useEffect(() => {
    if (today && choice === null) setChoice(choiceFromSearch(window.location.search, today));
  }, [today, choice]);
  const names = useMemo(() => new Map(queues.map((q) => [q.id, q.label])), [queues]);

  if (!where || !today || !choice)
    return (
      <p role="status" className="notice">
        Loading…
      </p>
    );
  const change = (c: ReportChoice) => {
    setChoice(c);
    window.history.replaceState(null, '', searchOfChoice(c));
  };
  const q = resolveQuery(choice, today);
  const scopeText = scopeTextOf(choice.scope, boards, names);

  return (
    <>
      <ReportControls
        choice={choice}
        onChange={change}
        days={q.ok ? q.days : null}
        interval={q.ok ? q.interval : null}
        boards={boards}
        queues={queues}
      />
      {!q.ok ? (
        <p role="alert" className="form-error" data-testid="report-choice-error">
          {q.error}
        </p>
      ) : (
        <>
          <p className="report-heading" data-testid="report-heading">
            {PRESET_LABELS[choice.preset]}: {rangeText(q.range)} · per{' '}
            {INTERVAL_LABELS[q.interval].toLowerCase()} · {scopeText} · {where.timezone}
            {q.live ? ' · today live' : ''} · against {rangeText(q.previous)}
          </p>
          {q.refused && (
            <p role="status" className="notice print:hidden" data-testid="report-interval-fallback">
              {q.refused}: shown per {INTERVAL_LABELS[q.interval].toLowerCase()} instead.
            </p>
          )}
          <div role="tablist" aria-label="Report" className="report-tabs print:hidden">
            {(['queues', 'agents'] as const).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                id={`report-tab-${t}`}
                aria-selected={tab === t}
                aria-controls={`report-panel-${t}`}
                onClick={() => setTab(t)}
              >
                {t === 'queues' ? 'Queues' : 'Agents'}
              </button>
            ))}
          </div>
          <div role="tabpanel" id={`report-panel-${tab}`} aria-labelledby={`report-tab-${tab}`}>
            {tab === 'queues' ? (
              <QueueReportView
                range={q.range}
                previous={q.previous}
                interval={q.interval}
                scope={choice.scope}
                live={q.live}
                queueName={(k) => names.get(k) ?? k}
              />
            ) : (
              <AgentReportView
                key={`${q.range.from}/${q.range.to}`}
                range={q.range}
                interval={q.interval}
                scope={choice.scope}
                live={q.live}
                agents={choice.agents ?? []}
                onAgents={(agents) => change({ ...choice, agents })}
              />
            )}
          </div>
        </>
      )}
    </>
  );
}

/** "all queues", "board Sales", or the chosen queues' names. */
function scopeTextOf(
  scope: QueueScope,
  boards: readonly { id: string; name: string }[],
  names: ReadonlyMap<string, string>,
): string {
  if (scope.kind === 'board') return `board ${boards.find((b) => b.id === scope.board)?.name ?? scope.board}`;
  if (scope.kind === 'queues' && scope.queues.length > 0)
    return scope.queues.map((k) => names.get(k) ?? k).join(', ');
  return 'all queues';
}
