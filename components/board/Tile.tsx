import { type CSSProperties, memo, type ReactNode } from 'react';
import type { Level } from '../../lib/board/threshold';
import { ALERT_GLYPH, type AlertMark } from '../alerts/glass';
import { LevelMark, levelClass } from './LevelMark';

export interface TileProps {
  /** The tile's name in tests: `tile-<name>`. */
  readonly name: string;
  readonly label: string;
  readonly value: ReactNode;
  readonly level: Level;
  /** Not live: greyed, and says so. */
  readonly stale: boolean;
  /** Small print: the formula, the threshold, the parts. */
  readonly detail?: ReactNode;
  readonly threshold?: string | null;
  readonly children?: ReactNode;
  readonly size?: 'normal' | 'kiosk';
  /** The value's length in characters when it is not a plain string (the kiosk sizes it to fit). */
  readonly valueChars?: number;
  /** Beside the label: how old the figure is when its source went quiet (ProofAge). */
  readonly age?: ReactNode;
  /** An open alert on this tile's figure (issue #18): a frame and a corner badge, not colour alone. */
  readonly alert?: AlertMark | undefined;
}

/**
 * One KPI tile: label, big number with its level shape, small print. Memoised: it re-renders only when
 * its own figures change, not when another tile's do.
 */
export const Tile = memo(function Tile({
  name,
  label,
  value,
  level,
  stale,
  detail,
  threshold,
  children,
  size = 'normal',
  valueChars,
  age,
  alert,
}: TileProps) {
  const id = `tile-label-${name}`;
  // The kiosk's number shrinks with its length so the longest ("1:02:03", "100 %") fits the tile.
  const chars = typeof value === 'string' ? value.length : (valueChars ?? 4);
  const fit = size === 'kiosk' ? ({ '--chars': chars } as CSSProperties) : undefined;
  return (
    <section
      aria-labelledby={id}
      data-testid={`tile-${name}`}
      data-level={level}
      data-stale={stale ? 'true' : 'false'}
      data-alert={alert ?? 'none'}
      className={`tile tile-${size} ${levelClass(level)} ${stale ? 'is-stale' : ''} ${alert ? `has-alert alert-${alert}` : ''}`}
    >
      {/* The badge sits in the label's line, wrapping under it when the tile is narrow: never over it. */}
      <div className="tile-head">
        <h3 id={id} className="tile-label">
          {label}
          {stale && <span className="stale-tag"> · not live</span>}
          {age}
        </h3>
        {alert && (
          <span className="tile-alert" data-testid={`tile-alert-${name}`}>
            <span aria-hidden="true">{ALERT_GLYPH}</span> {alert === 'raised' ? 'ALERT' : 'ACK'}
            <span className="sr-only">
              {alert === 'raised' ? ' (alert raised)' : ' (alert acknowledged)'}
            </span>
          </span>
        )}
      </div>
      <div className="tile-body">
        <p className="tile-value tabular-nums" style={fit}>
          {value}
          <LevelMark level={level} className="tile-mark" />
        </p>
        {children}
      </div>
      {detail && <p className="tile-detail">{detail}</p>}
      {threshold && <p className="tile-detail tile-threshold">{threshold}</p>}
    </section>
  );
});
