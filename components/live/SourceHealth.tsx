'use client';

import { useWallboard } from './StoreProvider';

const LABEL = {
  connected: 'connected',
  connecting: 'connecting',
  resyncing: 'resyncing',
  disconnected: 'down',
  error: 'error',
};

export function SourceHealth() {
  const sources = useWallboard((s) => s.sources);
  return (
    <ul className="flex gap-3 text-sm" aria-label="PBX sources">
      {sources.map((s) => (
        <li key={s.id} data-source={s.id} data-status={s.status} className="rounded bg-slate-800 px-2 py-1">
          {s.id}: {LABEL[s.status]}
          {s.detail ? ` (${s.detail})` : ''}
        </li>
      ))}
    </ul>
  );
}
