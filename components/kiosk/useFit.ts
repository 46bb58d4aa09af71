'use client';

import { type RefObject, useLayoutEffect, useState } from 'react';

/**
 * Re-measure whenever any of the elements changes size (the viewport, the banner appearing, a font
 * loading). `measure` reads the DOM and returns a number; the result is state.
 */
export function useMeasure(
  refs: readonly RefObject<HTMLElement | null>[],
  measure: () => number,
  initial: number,
): number {
  const [value, setValue] = useState(initial);
  // biome-ignore lint/correctness/useExhaustiveDependencies: measure reads the refs; they are stable
  useLayoutEffect(() => {
    const run = () => {
      const v = measure();
      setValue((old) => (old === v ? old : v));
    };
    run();
    const ro = new ResizeObserver(run);
    for (const r of refs) if (r.current) ro.observe(r.current);
    window.addEventListener('resize', run);
    return () => {
      ro.disconnect();
      window.removeEventListener('resize', run);
    };
  }, []);
  return value;
}

export function heightOf(ref: RefObject<HTMLElement | null>): number {
  return ref.current?.getBoundingClientRect().height ?? 0;
}

export function widthOf(ref: RefObject<HTMLElement | null>): number {
  return ref.current?.getBoundingClientRect().width ?? 0;
}
