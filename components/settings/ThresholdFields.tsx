'use client';

import {
  type Board,
  THRESHOLD_FIGURE_INFO,
  THRESHOLD_FIGURES,
  type ThresholdFigure,
} from '../../lib/board/model';
import { FieldError, type FieldErrors, invalidProps } from './FieldError';

/** How each threshold figure is typed in: shares in %, times in seconds, counts as they are. */
const FIGURE = THRESHOLD_FIGURE_INFO;

/** What the editor holds while typing: each figure's warn / critical level as typed. */
export type ThresholdTexts = Record<ThresholdFigure, { warn: string; critical: string }>;

/**
 * A typed level as the schema reads it: empty is "no level" (null), a number is scaled to how it is
 * stored, and anything else is sent as typed so the schema says "must be a number" instead of
 * dropping it.
 */
const level = (text: string, scale: number): number | string | null => {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n / scale : text;
};
const show = (n: number | null | undefined, scale: number) =>
  n === null || n === undefined ? '' : String(Math.round(n * scale * 100) / 100);

export function thresholdTexts(thresholds: Board['thresholds']): ThresholdTexts {
  return Object.fromEntries(
    THRESHOLD_FIGURES.map((f) => [
      f,
      {
        warn: show(thresholds[f]?.warn, FIGURE[f].scale),
        critical: show(thresholds[f]?.critical, FIGURE[f].scale),
      },
    ]),
  ) as ThresholdTexts;
}

/** The board's `thresholds` from the typed texts: a figure with both levels empty is left out. */
export function thresholdsOf(texts: ThresholdTexts): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of THRESHOLD_FIGURES) {
    const warn = level(texts[f].warn, FIGURE[f].scale);
    const critical = level(texts[f].critical, FIGURE[f].scale);
    if (warn !== null || critical !== null) out[f] = { direction: FIGURE[f].direction, warn, critical };
  }
  return out;
}

export const THRESHOLD_PATHS = THRESHOLD_FIGURES.flatMap((f) => [
  `thresholds.${f}.warn`,
  `thresholds.${f}.critical`,
]);

/** Warn / critical level per board figure; admins and supervisors may change these. */
export function ThresholdFields({
  texts,
  onChange,
  errors,
}: {
  texts: ThresholdTexts;
  onChange: (next: ThresholdTexts) => void;
  errors: FieldErrors;
}) {
  return (
    <fieldset>
      <legend>Thresholds (empty: no level; admins and supervisors)</legend>
      <div className="form-grid">
        {THRESHOLD_FIGURES.map((f) => (
          <div key={f} className="threshold-row" style={{ display: 'contents' }}>
            <span>
              {FIGURE[f].label} ({FIGURE[f].direction === 'above' ? 'bad at or above' : 'bad below'},{' '}
              {FIGURE[f].unit})
            </span>
            <span className="form-actions">
              {(['warn', 'critical'] as const).map((which) => (
                <span key={which} className="field">
                  <input
                    id={`threshold-${f}-${which}`}
                    aria-label={`${FIGURE[f].label} ${which}`}
                    inputMode="decimal"
                    size={6}
                    value={texts[f][which]}
                    onChange={(e) => onChange({ ...texts, [f]: { ...texts[f], [which]: e.target.value } })}
                    placeholder={which}
                    {...invalidProps(errors, `thresholds.${f}.${which}`, `threshold-${f}-${which}`)}
                  />
                  <FieldError
                    errors={errors}
                    path={`thresholds.${f}.${which}`}
                    inputId={`threshold-${f}-${which}`}
                  />
                </span>
              ))}
            </span>
          </div>
        ))}
      </div>
    </fieldset>
  );
}
