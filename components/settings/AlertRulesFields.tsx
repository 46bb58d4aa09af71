'use client';

import {
  ALERT_FIGURE_INFO,
  ALERT_FIGURES,
  type AlertFigure,
  type AlertRule,
  alertRuleSchema,
  WEEKDAYS,
  type Weekday,
} from '../../lib/alerts/rules';
import { FieldError, type FieldErrors, invalidProps } from './FieldError';

/**
 * A board's alert rules in the board editor (issue #18; lib/alerts/rules.ts): for each, the figure and
 * where (the board's total or one queue), the level (the board's warn / critical threshold, or its
 * own), the hold before it fires, how it clears (a clear level, a time held clear), the cooldown,
 * optional active hours per weekday, and whether supervisors may snooze. Plus whether the board's
 * kiosk chimes. Admins only: a supervisor's save keeps the stored rules (server/http/boards.ts).
 */
export function AlertRulesFields({
  rules,
  chime,
  queues,
  onChange,
  onChime,
  errors,
  disabled,
}: {
  rules: readonly AlertRule[];
  chime: boolean;
  queues: readonly { id: string; label: string }[];
  onChange: (rules: AlertRule[]) => void;
  onChime: (chime: boolean) => void;
  errors: FieldErrors;
  disabled: boolean;
}) {
  const set = (i: number, patch: Partial<AlertRule>) =>
    onChange(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  function add() {
    let n = rules.length + 1;
    while (rules.some((r) => r.id === `rule-${n}`)) n++;
    onChange([...rules, alertRuleSchema.parse({ id: `rule-${n}`, figure: 'waiting', level: 'critical' })]);
  }
  return (
    <fieldset className="alert-rules" disabled={disabled} data-testid="alert-rules">
      <legend>Alert rules</legend>
      <p className="help">
        An alert is raised when a figure stays past its level for the hold time, shows on this board’s screens
        and goes to the alert channels; it clears once the figure is back (past the clear level, if set) for
        the clear time. Within the cooldown after a clear, a new alert is shown but not sent again.
      </p>
      <label className="check">
        <input type="checkbox" checked={chime} onChange={(e) => onChime(e.target.checked)} /> The kiosk chimes
        while an alert is raised and not acknowledged
      </label>
      {rules.map((r, i) => (
        <RuleFields
          key={r.id}
          rule={r}
          index={i}
          queues={queues}
          errors={errors}
          onChange={(patch) => set(i, patch)}
          onRemove={() => onChange(rules.filter((_, j) => j !== i))}
        />
      ))}
      <button type="button" onClick={add} data-testid="add-alert-rule">
        Add alert rule
      </button>
    </fieldset>
  );
}

/** A stored value as typed (shares in %), and back; empty is null. */
const typed = (figure: AlertFigure, v: number | null) =>
  v === null ? '' : String(Math.round(v * ALERT_FIGURE_INFO[figure].scale * 1000) / 1000);
const stored = (figure: AlertFigure, text: string) =>
  text.trim() === '' ? null : Number(text) / ALERT_FIGURE_INFO[figure].scale;

function RuleFields({
  rule: r,
  index: i,
  queues,
  errors,
  onChange,
  onRemove,
}: {
  rule: AlertRule;
  index: number;
  queues: readonly { id: string; label: string }[];
  errors: FieldErrors;
  onChange: (patch: Partial<AlertRule>) => void;
  onRemove: () => void;
}) {
  const info = ALERT_FIGURE_INFO[r.figure];
  const id = (f: string) => `rule-${i}-${f}`;
  const path = (f: string) => `alerts.${i}.${f}`;
  const field = (f: string) => ({ id: id(f), ...invalidProps(errors, path(f), id(f)) });
  const seconds = (f: 'holdSeconds' | 'clearSeconds' | 'cooldownSeconds', label: string) => (
    <>
      <label htmlFor={id(f)}>{label} (s)</label>
      <span className="field">
        <input
          {...field(f)}
          inputMode="numeric"
          size={6}
          value={String(r[f])}
          onChange={(e) => onChange({ [f]: Number(e.target.value) })}
        />
        <FieldError errors={errors} path={path(f)} inputId={id(f)} />
      </span>
    </>
  );
  const setDay = (day: Weekday, span: { from: string; to: string } | null) => {
    const hours = { ...(r.activeHours ?? {}) };
    if (span) hours[day] = span;
    else delete hours[day];
    onChange({ activeHours: hours });
  };
  return (
    <div className="alert-rule form-grid" data-testid={`alert-rule-${r.id}`}>
      <label htmlFor={id('figure')}>Rule {r.id}: figure</label>
      <select
        {...field('figure')}
        value={r.figure}
        onChange={(e) => {
          const figure = e.target.value as AlertFigure;
          const own = ALERT_FIGURE_INFO[figure].threshold === null;
          onChange({ figure, limit: null, clearLimit: null, ...(own ? { level: 'own' } : {}) });
        }}
      >
        {ALERT_FIGURES.map((f) => (
          <option key={f} value={f}>
            {ALERT_FIGURE_INFO[f].label}
          </option>
        ))}
      </select>
      <label htmlFor={id('queue')}>Of</label>
      <select
        {...field('queue')}
        value={r.queue ?? ''}
        onChange={(e) => onChange({ queue: e.target.value || null })}
      >
        <option value="">The board’s total</option>
        {queues.map((q) => (
          <option key={q.id} value={q.id}>
            {q.label}
          </option>
        ))}
      </select>
      <label htmlFor={id('level')}>Level</label>
      <span className="field">
        <select
          {...field('level')}
          value={r.level}
          onChange={(e) => onChange({ level: e.target.value as AlertRule['level'] })}
        >
          {info.threshold !== null && <option value="critical">The board’s critical threshold</option>}
          {info.threshold !== null && <option value="warn">The board’s warn threshold</option>}
          <option value="own">Its own limit</option>
        </select>
        <FieldError errors={errors} path={path('level')} inputId={id('level')} />
      </span>
      {r.level === 'own' && (
        <>
          <label htmlFor={id('limit')}>Limit ({info.unit})</label>
          <span className="field">
            <select
              aria-label="Which way is bad"
              value={r.direction ?? info.direction}
              onChange={(e) => onChange({ direction: e.target.value as 'above' | 'below' })}
            >
              <option value="above">at or above</option>
              <option value="below">below</option>
            </select>{' '}
            <input
              {...field('limit')}
              inputMode="decimal"
              size={6}
              value={typed(r.figure, r.limit)}
              onChange={(e) => onChange({ limit: stored(r.figure, e.target.value) })}
            />{' '}
            <select
              aria-label="Severity"
              value={r.severity}
              onChange={(e) => onChange({ severity: e.target.value as 'warn' | 'critical' })}
            >
              <option value="critical">critical</option>
              <option value="warn">warn</option>
            </select>
            <FieldError errors={errors} path={path('limit')} inputId={id('limit')} />
          </span>
        </>
      )}
      {seconds('holdSeconds', 'Hold before raising')}
      <label htmlFor={id('clearLimit')}>Clears at ({info.unit}, optional)</label>
      <span className="field">
        <input
          {...field('clearLimit')}
          inputMode="decimal"
          size={6}
          placeholder="back past the level"
          value={typed(r.figure, r.clearLimit)}
          onChange={(e) => onChange({ clearLimit: stored(r.figure, e.target.value) })}
        />
        <FieldError errors={errors} path={path('clearLimit')} inputId={id('clearLimit')} />
      </span>
      {seconds('clearSeconds', 'Held clear for')}
      {seconds('cooldownSeconds', 'Cooldown')}
      <label htmlFor={id('hours')}>Active</label>
      <span className="field">
        <select
          id={id('hours')}
          value={r.activeHours === null ? 'always' : 'hours'}
          onChange={(e) =>
            onChange({
              activeHours:
                e.target.value === 'always'
                  ? null
                  : Object.fromEntries(WEEKDAYS.slice(0, 5).map((d) => [d, { from: '08:00', to: '18:00' }])),
            })
          }
        >
          <option value="always">Always</option>
          <option value="hours">At these hours (board’s timezone)</option>
        </select>
        {r.activeHours !== null && (
          <span className="alert-hours">
            {WEEKDAYS.map((d) => {
              const span = r.activeHours?.[d];
              return (
                <span key={d} className="alert-day">
                  <label>
                    <input
                      type="checkbox"
                      checked={span !== undefined}
                      onChange={(e) => setDay(d, e.target.checked ? { from: '08:00', to: '18:00' } : null)}
                    />{' '}
                    {d}
                  </label>
                  {span && (
                    <>
                      <input
                        aria-label={`${d} from`}
                        size={5}
                        value={span.from}
                        onChange={(e) => setDay(d, { ...span, from: e.target.value })}
                      />
                      –
                      <input
                        aria-label={`${d} to`}
                        size={5}
                        value={span.to}
                        onChange={(e) => setDay(d, { ...span, to: e.target.value })}
                      />
                    </>
                  )}
                </span>
              );
            })}
          </span>
        )}
      </span>
      <label className="check">
        <input
          type="checkbox"
          checked={r.supervisorsMaySnooze}
          onChange={(e) => onChange({ supervisorsMaySnooze: e.target.checked })}
        />{' '}
        Supervisors may snooze
      </label>
      <button type="button" onClick={onRemove}>
        Remove rule {r.id}
      </button>
    </div>
  );
}

/** The form paths the rules show under their fields (the rest go to the form's error line). */
export function alertRulePaths(rules: readonly AlertRule[]): string[] {
  return rules.flatMap((_, i) =>
    ['figure', 'queue', 'level', 'limit', 'holdSeconds', 'clearLimit', 'clearSeconds', 'cooldownSeconds'].map(
      (f) => `alerts.${i}.${f}`,
    ),
  );
}
