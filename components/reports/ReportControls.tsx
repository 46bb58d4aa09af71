'use client';

import {
  INTERVAL_LABELS,
  intervalRefusal,
  REPORT_INTERVALS,
  type ReportInterval,
} from '../../lib/reports/intervals';
import { PRESET_LABELS, PRESETS, type Preset } from '../../lib/reports/ranges';
import { QueueScopePicker } from './QueueScopePicker';
import type { ReportChoice } from './reportQuery';

/**
 * The report's question: a range (presets in the configured timezone, or custom days), the queues,
 * and the granularity. A granularity the API would refuse for the range is disabled, with the reason
 * beside it (the same limits as the API, lib/reports/intervals.ts). Hidden on paper.
 */
export function ReportControls({
  choice,
  onChange,
  days,
  interval,
  boards,
  queues,
}: {
  choice: ReportChoice;
  onChange: (c: ReportChoice) => void;
  /** Days in the chosen range (null while it is not a valid range). */
  days: number | null;
  /** The granularity the report uses (the chosen one, or the range's default). */
  interval: ReportInterval | null;
  boards: readonly { id: string; name: string }[];
  queues: readonly { id: string; label: string }[];
}) {
  return (
    <form
      className="settings-form report-controls print:hidden"
      aria-label="Report"
      onSubmit={(e) => e.preventDefault()}
    >
      <fieldset className="report-presets">
        <legend>Range</legend>
        {PRESETS.map((p) => (
          <label key={p} className="check">
            <input
              type="radio"
              name="report-range"
              value={p}
              checked={choice.preset === p}
              onChange={() => onChange({ ...choice, preset: p as Preset })}
            />
            {PRESET_LABELS[p]}
          </label>
        ))}
      </fieldset>
      {choice.preset === 'custom' && (
        <div className="form-grid">
          <label htmlFor="report-from">From</label>
          <input
            id="report-from"
            type="date"
            value={choice.custom.from}
            onChange={(e) => onChange({ ...choice, custom: { ...choice.custom, from: e.target.value } })}
          />
          <label htmlFor="report-to">To</label>
          <input
            id="report-to"
            type="date"
            value={choice.custom.to}
            onChange={(e) => onChange({ ...choice, custom: { ...choice.custom, to: e.target.value } })}
          />
        </div>
      )}
      <QueueScopePicker
        scope={choice.scope}
        onChange={(scope) => onChange({ ...choice, scope })}
        boards={boards}
        queues={queues}
      />
      <fieldset className="report-intervals">
        <legend>Granularity</legend>
        {REPORT_INTERVALS.map((i) => {
          const refused = days === null ? null : intervalRefusal(i, days);
          return (
            <label key={i} className="check" title={refused ?? undefined}>
              <input
                type="radio"
                name="report-interval"
                value={i}
                checked={interval === i}
                disabled={refused !== null}
                aria-describedby={refused ? `report-interval-why-${i}` : undefined}
                onChange={() => onChange({ ...choice, interval: i })}
              />
              {INTERVAL_LABELS[i]}
              {refused && (
                <span id={`report-interval-why-${i}`} className="muted report-why">
                  ({refused})
                </span>
              )}
            </label>
          );
        })}
      </fieldset>
    </form>
  );
}
