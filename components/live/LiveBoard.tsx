'use client';

import { QueueRow } from './QueueRow';
import { SourceHealth } from './SourceHealth';
import { useWallboard } from './StoreProvider';
import { useWallboardLink } from './useWallboardLink';

const HEADINGS = [
  'Queue',
  'Waiting',
  'Callbacks',
  'Longest wait',
  'Offered',
  'Answered',
  'Abandoned',
  'Service level',
  'ASA',
  'AHT',
];

/** The first live board: every queue with today's figures. The full boards come with issue #5. */
export function LiveBoard() {
  useWallboardLink();
  const hasView = useWallboard((s) => s.view !== null);
  const link = useWallboard((s) => s.link);
  const queueIds = useWallboard((s) => s.queueIds);
  return (
    <main className="min-h-screen bg-slate-950 p-6 text-slate-100">
      <header className="mb-6 flex items-center justify-between">
        <h1 className="text-2xl font-bold">Callboard</h1>
        <SourceHealth />
      </header>
      {!hasView ? (
        <p role="status" className="text-xl text-slate-300">
          {link === 'refused' ? 'Not allowed: this board needs a valid token.' : 'Connecting to Callboard…'}
        </p>
      ) : (
        <>
          {link !== 'live' && (
            <p role="alert" className="mb-4 rounded bg-amber-900 p-3">
              Connection lost: these figures are not live. Reconnecting…
            </p>
          )}
          <table className="w-full text-right tabular-nums">
            <thead className="text-slate-400">
              <tr>
                {HEADINGS.map((h, i) => (
                  <th key={h} scope="col" className={i === 0 ? 'text-left' : ''}>
                    {h}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {queueIds.map((id) => (
                <QueueRow key={id} id={id} />
              ))}
            </tbody>
          </table>
          {queueIds.length === 0 && <p className="mt-4 text-slate-400">No queues reported yet.</p>}
        </>
      )}
    </main>
  );
}
