import { LEVEL_SYMBOL, LEVEL_TEXT, type Level } from '../../lib/board/threshold';

/**
 * The shape beside a threshold colour (● ok, ▲ warn, ◆ critical), so the level never rests on colour
 * alone, with the words for screen readers. Nothing for 'none'.
 */
export function LevelMark({ level, className = '' }: { level: Level; className?: string }) {
  if (level === 'none') return null;
  return (
    <span className={`level-mark ${className}`} data-level={level}>
      <span aria-hidden="true">{LEVEL_SYMBOL[level]}</span>
      <span className="sr-only"> ({LEVEL_TEXT[level]})</span>
    </span>
  );
}

/** Classes that colour text and background by level (see app/globals.css). */
export function levelClass(level: Level): string {
  return level === 'none' ? '' : `lvl-${level}`;
}
