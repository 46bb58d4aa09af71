'use client';

import { useEffect, useState } from 'react';

/** The kiosk owns the whole window: no scrollbars on html/body while it is mounted. */
export function useKioskDocument(): void {
  useEffect(() => {
    const html = document.documentElement;
    html.classList.add('kiosk-mode');
    return () => html.classList.remove('kiosk-mode');
  }, []);
}

/** The cursor hides after `ms` without moving (and comes back when it moves). */
export function useIdleCursor(ms = 3000): boolean {
  const [idle, setIdle] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    const wake = () => {
      setIdle(false);
      if (timer !== null) clearTimeout(timer);
      timer = setTimeout(() => setIdle(true), ms);
    };
    wake();
    const events = ['mousemove', 'mousedown', 'touchstart', 'keydown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, wake, { passive: true });
    return () => {
      if (timer !== null) clearTimeout(timer);
      for (const e of events) window.removeEventListener(e, wake);
    };
  }, [ms]);
  return idle;
}

export type WakeLockStatus = 'unsupported' | 'pending' | 'held' | 'released' | 'denied';

/**
 * Keep the screen on (Screen Wake Lock API) where the browser has it. The browser drops the lock when
 * the page is hidden; it is taken again when the page becomes visible.
 */
export function useWakeLock(): WakeLockStatus {
  const [status, setStatus] = useState<WakeLockStatus>('pending');
  useEffect(() => {
    const wakeLock = (navigator as Navigator & { wakeLock?: WakeLock }).wakeLock;
    if (!wakeLock) {
      setStatus('unsupported');
      return;
    }
    let sentinel: WakeLockSentinel | null = null;
    let stopped = false;
    const acquire = async () => {
      if (stopped || sentinel !== null || document.visibilityState !== 'visible') return;
      try {
        const s = await wakeLock.request('screen');
        if (stopped) {
          void s.release();
          return;
        }
        sentinel = s;
        setStatus('held');
        s.addEventListener('release', () => {
          sentinel = null;
          if (!stopped) setStatus('released');
        });
      } catch {
        if (!stopped) setStatus('denied');
      }
    };
    const onVisibility = () => {
      if (document.visibilityState === 'visible') void acquire();
    };
    void acquire();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stopped = true;
      document.removeEventListener('visibilitychange', onVisibility);
      if (sentinel) void sentinel.release();
    };
  }, []);
  return status;
}

/** A counter that goes up every `seconds`: the kiosk's page rotation. */
export function useRotation(seconds: number): number {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), Math.max(1, seconds) * 1000);
    return () => clearInterval(timer);
  }, [seconds]);
  return tick;
}
