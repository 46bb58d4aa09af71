'use client';

import { useSyncExternalStore } from 'react';
import { useWallboard } from './StoreProvider';

/**
 * One shared second ticker for every ticking leaf (clocks, waits, time in state). It runs only while
 * something listens, ticks on the second boundary so all numbers change together, and is not state:
 * the figures live in the per-app store. Components that show a ticking number subscribe here; their
 * parents do not, so only the leaf re-renders each second.
 */
const listeners = new Set<() => void>();
let current = 0;
let timer: ReturnType<typeof setTimeout> | null = null;

function tick(): void {
  current = Date.now();
  for (const l of listeners) l();
  timer = setTimeout(tick, 1000 - (Date.now() % 1000) + 2);
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (timer === null) {
    current = Date.now();
    timer = setTimeout(tick, 1000 - (current % 1000) + 2);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer !== null) {
      clearTimeout(timer);
      timer = null;
    }
  };
}

function getSnapshot(): number {
  if (current === 0) current = Date.now();
  return current;
}
const getServerSnapshot = () => null;

/** This screen's clock, ms, once per second; null while rendering on the server. */
export function useNow(): number | null {
  return useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot);
}

/** The server's clock (this screen's, corrected by the offset the messages tell): for PBX times. */
export function useServerNow(): number | null {
  const now = useNow();
  const offset = useWallboard((s) => s.clockOffset);
  return now === null ? null : now + offset;
}

/** Whole seconds since a PBX timestamp, ticking; null on the server. */
export function useElapsed(since: number | null): number | null {
  const now = useServerNow();
  if (now === null || since === null) return null;
  return Math.max(0, Math.floor((now - since) / 1000));
}
