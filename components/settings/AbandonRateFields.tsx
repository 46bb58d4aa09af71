'use client';

import { FieldError, type FieldErrors, invalidProps } from './FieldError';

/**
 * The board's abandon-rate reading (lib/board/abandonRate.ts): whether short abandons count (it decides
 * what the number means: admins, so it sits with the locked fields) and the calls it needs before it
 * gets a level (a threshold: supervisors too).
 */
export function AbandonCounting({
  countShortAbandons,
  onChange,
}: {
  countShortAbandons: boolean;
  onChange: (countShortAbandons: boolean) => void;
}) {
  return (
    <>
      <label htmlFor="board-abandon-short">Abandon rate counting</label>
      <select
        id="board-abandon-short"
        value={countShortAbandons ? 'count' : 'exclude'}
        onChange={(e) => onChange(e.target.value === 'count')}
      >
        <option value="count">Short abandons count (default): abandoned ÷ offered</option>
        <option value="exclude">Short abandons excluded: (abandoned − short) ÷ (offered − short)</option>
      </select>
    </>
  );
}

/** A typed minimum as the schema reads it: a number, or the text as typed so the schema names it. */
export const minCallsOf = (typed: string): number | string => {
  const n = Number(typed);
  return typed.trim() !== '' && Number.isFinite(n) ? n : typed;
};

export function AbandonMinCalls({
  text,
  onChange,
  errors,
}: {
  text: string;
  onChange: (text: string) => void;
  errors: FieldErrors;
}) {
  return (
    <div className="form-grid">
      <label htmlFor="board-abandon-min">Abandon rate: level from (calls)</label>
      <span className="field">
        <input
          id="board-abandon-min"
          inputMode="numeric"
          size={6}
          value={text}
          onChange={(e) => onChange(e.target.value)}
          {...invalidProps(errors, 'abandonRate.minCalls', 'board-abandon-min')}
        />
        <FieldError errors={errors} path="abandonRate.minCalls" inputId="board-abandon-min" />
      </span>
    </div>
  );
}
