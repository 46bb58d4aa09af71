'use client';

import { useEffect, useState } from 'react';

/** A chime every few seconds while an alert sounds: long enough apart not to wear a floor down. */
const EVERY_MS = 4000;

export type ChimeState = 'off' | 'playing' | 'blocked';

/**
 * A two-note chime through Web Audio while `sounding` (a raised alert, not acknowledged or snoozed):
 * no audio file to fetch, nothing when it stops. Browsers start audio only after a user gesture,
 * unless the kiosk browser runs with `--autoplay-policy=no-user-gesture-required` (README, Kiosk);
 * until then the state is `blocked` and the first tap or key starts it.
 */
export function useChime(sounding: boolean, enabled: boolean): ChimeState {
  const [state, setState] = useState<ChimeState>('off');
  useEffect(() => {
    if (!sounding || !enabled) {
      setState('off');
      return;
    }
    const Ctx = globalThis.AudioContext as typeof AudioContext | undefined;
    if (!Ctx) {
      setState('blocked');
      return;
    }
    const ctx = new Ctx();
    const chime = () => {
      if (ctx.state !== 'running') {
        setState('blocked');
        void ctx.resume().then(() => setState(ctx.state === 'running' ? 'playing' : 'blocked'));
        return;
      }
      setState('playing');
      const t = ctx.currentTime;
      [880, 660].forEach((hz, i) => {
        const osc = ctx.createOscillator();
        const gain = ctx.createGain();
        osc.frequency.value = hz;
        gain.gain.setValueAtTime(0.0001, t + i * 0.35);
        gain.gain.exponentialRampToValueAtTime(0.3, t + i * 0.35 + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + i * 0.35 + 0.3);
        osc.connect(gain).connect(ctx.destination);
        osc.start(t + i * 0.35);
        osc.stop(t + i * 0.35 + 0.32);
      });
    };
    const unlock = () => void ctx.resume().then(chime);
    window.addEventListener('pointerdown', unlock);
    window.addEventListener('keydown', unlock);
    chime();
    const timer = setInterval(chime, EVERY_MS);
    return () => {
      clearInterval(timer);
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
      void ctx.close();
      setState('off');
    };
  }, [sounding, enabled]);
  return state;
}
