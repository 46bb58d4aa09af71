'use client';

import { useEffect, useState } from 'react';
import { QrCode } from '../settings/QrCode';

/** The TV asks whether it was paired this often (the server allows 90 a minute per address). */
const POLL_MS = 2000;
const KEY = 'callboard:pairing';

interface Pairing {
  code: string;
  secret: string;
  expiresAt: number;
  pairPath: string;
}

type View =
  | { state: 'asking' }
  | { state: 'showing'; pairing: Pairing }
  | { state: 'paired' }
  | { state: 'waiting'; reason: string; retryMs: number };

/** "ABCDEF" → "ABC DEF": easier to read across a room and to type. */
const spaced = (code: string) => `${code.slice(0, 3)} ${code.slice(3)}`;

/** A pairing kept across a reload of this tab (the same code until it expires), never elsewhere. */
function saved(): Pairing | null {
  try {
    const p = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Pairing | null;
    return p && typeof p.secret === 'string' ? p : null;
  } catch {
    return null;
  }
}

/**
 * `/pair` on a TV (no login): shows a short code and a QR code of the Displays page with that code
 * filled in; an admin enters it (or scans it) and picks a board. Meanwhile the page asks the server,
 * with a secret only this page holds, whether it was paired; once it was, it opens its kiosk URL
 * (the display token inside), and nobody typed a token. A code that expires is replaced by itself.
 */
export function PairPage() {
  const [view, setView] = useState<View>({ state: 'asking' });
  const [origin, setOrigin] = useState('');

  useEffect(() => {
    setOrigin(window.location.origin);
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const later = (fn: () => Promise<void>, ms: number) => {
      if (!stopped) timer = setTimeout(() => void fn(), ms);
    };

    async function start(): Promise<void> {
      const kept = saved();
      if (kept && kept.expiresAt > Date.now() + 5000) {
        setView({ state: 'showing', pairing: kept });
        return poll(kept);
      }
      setView({ state: 'asking' });
      try {
        const res = await fetch('/api/v1/pairings', { method: 'POST' });
        if (res.status === 429) {
          const wait = Number(res.headers.get('retry-after') ?? 30) * 1000;
          setView({ state: 'waiting', reason: 'Too many codes asked for from here.', retryMs: wait });
          return later(start, wait);
        }
        if (!res.ok) throw new Error(String(res.status));
        const pairing = (await res.json()) as Pairing;
        sessionStorage.setItem(KEY, JSON.stringify(pairing));
        setView({ state: 'showing', pairing });
        return later(() => poll(pairing), POLL_MS);
      } catch {
        setView({ state: 'waiting', reason: 'Callboard cannot be reached.', retryMs: 5000 });
        return later(start, 5000);
      }
    }

    async function poll(p: Pairing): Promise<void> {
      try {
        const res = await fetch('/api/v1/pairings/collect', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ secret: p.secret }),
        });
        if (res.status === 404) {
          // Expired, or a single server restarted (it keeps pending pairings in memory): a new code.
          sessionStorage.removeItem(KEY);
          return start();
        }
        if (res.ok) {
          const body = (await res.json()) as { status: string; kioskPath?: string };
          if (body.status === 'paired' && body.kioskPath) {
            sessionStorage.removeItem(KEY);
            setView({ state: 'paired' });
            window.location.replace(body.kioskPath);
            return;
          }
        }
      } catch {
        // The server is away a moment: ask again.
      }
      later(() => poll(p), POLL_MS);
    }

    void start();
    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    };
  }, []);

  return (
    <div data-theme="dark" className="kiosk pair" data-kiosk="">
      <main className="kiosk-body pair-body">
        {view.state === 'showing' ? (
          <>
            <h1 className="pair-title">Pair this screen</h1>
            <p className="pair-help">
              In Callboard, open Settings → Displays, “Pair a TV”, and enter this code:
            </p>
            <p className="pair-code" data-testid="pair-code" data-code={view.pairing.code}>
              {spaced(view.pairing.code)}
            </p>
            {origin && (
              <div className="pair-qr">
                <QrCode
                  text={`${origin}${view.pairing.pairPath}`}
                  label="QR code of the Displays page with this code filled in"
                />
              </div>
            )}
            <p className="pair-help pair-small">
              The code works once, for 10 minutes; a new one then shows by itself.
            </p>
          </>
        ) : view.state === 'paired' ? (
          <p role="status" className="kiosk-message" data-testid="pair-done">
            Paired. Opening the board…
          </p>
        ) : view.state === 'waiting' ? (
          <p role="status" className="kiosk-message" data-testid="pair-waiting">
            {view.reason} Trying again in {Math.ceil(view.retryMs / 1000)} s…
          </p>
        ) : (
          <p role="status" className="kiosk-message">
            Asking Callboard for a code…
          </p>
        )}
      </main>
    </div>
  );
}
