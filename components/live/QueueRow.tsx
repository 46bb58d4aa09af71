'use client';

import { formatDuration, formatPercent } from './format';
import { LongestWait } from './LongestWait';
import { useWallboard } from './StoreProvider';

export function QueueRow({ id }: { id: string }) {
  const q = useWallboard((s) => s.queues[id]);
  if (!q) return null;
  const t = q.today;
  const waiting = q.waiting;
  const normal = waiting?.filter((c) => c.kind === 'normal').length;
  const callbacks = waiting?.filter((c) => c.kind === 'callback').length;
  return (
    <tr className="border-b border-slate-800" data-queue={q.id}>
      <th scope="row" className="py-2 pr-4 text-left font-semibold">
        {q.name ?? q.number ?? q.id} <span className="text-slate-400">{q.name ? q.number : ''}</span>
      </th>
      <td data-figure="waiting">{waiting === null ? '—' : normal}</td>
      <td data-figure="callbacks">{waiting === null ? '—' : callbacks}</td>
      <td data-figure="longestWait">
        <LongestWait waiting={waiting} />
      </td>
      <td data-figure="offered">{t.offered}</td>
      <td data-figure="answered">{t.answered}</td>
      <td data-figure="abandoned">{t.abandoned}</td>
      <td data-figure="serviceLevel">{formatPercent(t.serviceLevel)}</td>
      <td data-figure="asa">{formatDuration(t.asaSeconds)}</td>
      <td data-figure="aht">{formatDuration(t.ahtSeconds)}</td>
    </tr>
  );
}
