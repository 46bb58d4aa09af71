'use client';

import { useEffect, useState } from 'react';
import type { DeliveryLogEntry } from '../../lib/settings/alertChannels';
import { useMoment } from '../board/Formats';
import { api } from './api';
import { FormError } from './FormError';

/** The log's outcome as words and a shape (never colour alone). */
export const OUTCOME_TEXT: Readonly<Record<DeliveryLogEntry['outcome'], string>> = {
  delivered: '✓ delivered',
  retrying: '◇ failed, will retry',
  failed: '◆ failed',
  dropped: '◆ dropped',
};

/**
 * A channel's delivery log (`GET /api/v1/alert-channels/<id>/log`): each attempt's time, outcome,
 * the receiver's status and words. Reloaded when `version` changes (after a Send test).
 */
export function AlertChannelLog({ channelId, version }: { channelId: string; version: number }) {
  const moment = useMoment();
  const [entries, setEntries] = useState<readonly DeliveryLogEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` is the trigger: a Send test bumps it and the log is read again.
  useEffect(() => {
    let live = true;
    void api<{ entries: DeliveryLogEntry[] }>(
      'GET',
      `/api/v1/alert-channels/${encodeURIComponent(channelId)}/log?limit=50`,
    ).then((r) => {
      if (!live) return;
      if (r.ok) setEntries(r.body.entries);
      else setError(r.error);
    });
    return () => {
      live = false;
    };
  }, [channelId, version]);
  if (error) return <FormError error={error} />;
  if (entries === null) return <p className="notice">Loading…</p>;
  if (entries.length === 0) return <p className="muted">Nothing sent yet.</p>;
  return (
    <table className="data-table" data-testid={`channel-log-${channelId}`}>
      <caption className="muted">Newest first ({entries.length} shown)</caption>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">What</th>
          <th scope="col">Try</th>
          <th scope="col">Outcome</th>
          <th scope="col">Status</th>
          <th scope="col">Reply or error</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e, i) => (
          // Rows have no id of their own; the order is the log's and never changes under a render.
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <tr key={i} data-outcome={e.outcome}>
            <td>{moment(e.at)}</td>
            <td>{e.notificationKind}</td>
            <td className="num">{e.attempt || '—'}</td>
            <td>{OUTCOME_TEXT[e.outcome]}</td>
            <td className="num">{e.status ?? '—'}</td>
            <td>
              {e.detail ?? ''}
              {e.ms !== null ? <span className="muted"> ({e.ms} ms)</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
