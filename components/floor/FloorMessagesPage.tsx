'use client';

import Link from 'next/link';
import { useEffect, useState } from 'react';
import type { FloorSeverity } from '../../lib/protocol';
import { useMoment } from '../board/Formats';
import { AccountNav } from '../nav/AccountNav';
import { api } from '../settings/api';
import { FormError } from '../settings/FormError';
import { SignInNeeded } from '../settings/SignInNeeded';
import { useDraft } from '../settings/useDraft';
import { useSettingsList } from '../settings/useSettingsList';

interface Message {
  id: number;
  text: string;
  severity: FloorSeverity;
  boardIds: string[];
  postedAt: number;
  postedBy: string;
  expiresAt: number | null;
  removedAt: number | null;
  removedBy: string | null;
}

/** Expiry choices (the server counts from when it receives the message, on its own clock). */
const EXPIRIES: { label: string; seconds: number | null }[] = [
  { label: 'Until removed', seconds: null },
  { label: '15 minutes', seconds: 15 * 60 },
  { label: '1 hour', seconds: 3600 },
  { label: '4 hours', seconds: 4 * 3600 },
  { label: '1 day', seconds: 24 * 3600 },
];

const MAX_TEXT = 280;

/**
 * `/messages`: supervisors and admins post a message to the floor (one or more boards, a severity,
 * an expiry), see what shows now and remove it; below, the recent ones with who posted and removed
 * them and when (the audit). `?board=<id>` picks that board.
 */
export function FloorMessagesPage() {
  const moment = useMoment();
  const { load, refresh, denied } = useSettingsList<Message>('/api/v1/floor-messages', 'messages', 10_000);
  const [boards, setBoards] = useState<{ id: string; name: string }[]>([]);
  const [draft, patchDraft, setDraft] = useDraft({
    text: '',
    severity: 'info' as FloorSeverity,
    expiry: 0,
    boardIds: [] as string[],
  });
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const wanted = new URLSearchParams(window.location.search).get('board');
    void api<{ boards: { id: string; name: string }[] }>('GET', '/api/v1/boards').then((r) => {
      if (!r.ok) return;
      setBoards(r.body.boards);
      const first = r.body.boards.find((b) => b.id === wanted) ?? r.body.boards[0];
      if (first) setDraft((d) => (d.boardIds.length ? d : { ...d, boardIds: [first.id] }));
    });
  }, [setDraft]);

  async function post(e: React.FormEvent) {
    e.preventDefault();
    setError(null);
    const r = await api('POST', '/api/v1/floor-messages', {
      text: draft.text,
      severity: draft.severity,
      boardIds: draft.boardIds,
      expiresInSeconds: EXPIRIES[draft.expiry]?.seconds ?? null,
    });
    if (!r.ok) setError(r.error);
    else patchDraft({ text: '' });
    await refresh();
  }

  async function remove(m: Message) {
    setError(null);
    const r = await api('DELETE', `/api/v1/floor-messages/${m.id}`);
    if (!r.ok) setError(r.error);
    await refresh();
  }

  const toggle = (id: string) =>
    setDraft((d) => ({
      ...d,
      boardIds: d.boardIds.includes(id) ? d.boardIds.filter((b) => b !== id) : [...d.boardIds, id],
    }));
  const boardName = (id: string) => boards.find((b) => b.id === id)?.name ?? id;
  const list = load.state === 'ready' ? load.list : [];
  const showing = (m: Message) => m.removedAt === null && (m.expiresAt === null || m.expiresAt > Date.now());

  return (
    <div data-theme="dark" className="app">
      <header className="app-header">
        <div className="app-brand">
          <Link href="/" className="app-board-name">
            Callboard
          </Link>
          <span className="app-product">Messages</span>
        </div>
        <AccountNav />
      </header>
      <main id="main" className="app-main settings">
        <h1>Messages to the floor</h1>
        {denied !== null ? (
          <SignInNeeded status={denied} />
        ) : (
          <>
            <p className="settings-intro">
              A message shows as a banner on its boards’ TVs and pages within a second, until it expires or is
              removed.
            </p>
            <form className="settings-form" aria-label="New message" onSubmit={post}>
              <div className="form-grid">
                <label htmlFor="floor-text">Message</label>
                <input
                  id="floor-text"
                  required
                  maxLength={MAX_TEXT}
                  value={draft.text}
                  onChange={(e) => patchDraft({ text: e.target.value })}
                  placeholder="Fire drill at 14:00: leave by the east stairs"
                />
                <label htmlFor="floor-severity">Severity</label>
                <select
                  id="floor-severity"
                  value={draft.severity}
                  onChange={(e) => patchDraft({ severity: e.target.value as FloorSeverity })}
                >
                  <option value="info">Information</option>
                  <option value="warn">Warning</option>
                  <option value="critical">Critical</option>
                </select>
                <label htmlFor="floor-expiry">Shows</label>
                <select
                  id="floor-expiry"
                  value={draft.expiry}
                  onChange={(e) => patchDraft({ expiry: Number(e.target.value) })}
                >
                  {EXPIRIES.map((x, i) => (
                    <option key={x.label} value={i}>
                      {x.label}
                    </option>
                  ))}
                </select>
              </div>
              <fieldset>
                <legend>Boards</legend>
                {boards.map((b) => (
                  <label key={b.id} className="checkbox">
                    <input
                      type="checkbox"
                      checked={draft.boardIds.includes(b.id)}
                      onChange={() => toggle(b.id)}
                      data-testid={`floor-board-${b.id}`}
                    />{' '}
                    {b.name}
                  </label>
                ))}
              </fieldset>
              <FormError error={error} />
              <div className="form-actions">
                <button type="submit" className="primary" disabled={draft.boardIds.length === 0}>
                  Post
                </button>
              </div>
            </form>
            <h2>Showing now</h2>
            <ul className="settings-list" aria-label="Showing now" data-testid="floor-active">
              {list.filter(showing).length === 0 && <li className="notice">Nothing shows now.</li>}
              {list.filter(showing).map((m) => (
                <li key={m.id} data-testid={`floor-row-${m.id}`} data-severity={m.severity}>
                  <div>
                    <strong>{m.text}</strong>{' '}
                    <span className="muted">
                      {m.severity} · {m.boardIds.map(boardName).join(', ')} ·{' '}
                      {m.expiresAt ? `until ${moment(m.expiresAt)}` : 'until removed'}
                    </span>
                    <p className="muted">
                      posted {moment(m.postedAt)} by {m.postedBy}
                    </p>
                  </div>
                  <div className="form-actions">
                    <button type="button" onClick={() => void remove(m)}>
                      Remove
                    </button>
                  </div>
                </li>
              ))}
            </ul>
            <h2>Recent</h2>
            <ul className="settings-list" aria-label="Recent messages" data-testid="floor-history">
              {list
                .filter((m) => !showing(m))
                .map((m) => (
                  <li key={m.id} data-testid={`floor-past-${m.id}`}>
                    <div>
                      <strong>{m.text}</strong>{' '}
                      <span className="muted">
                        {m.severity} · {m.boardIds.map(boardName).join(', ')}
                      </span>
                      <p className="muted">
                        posted {moment(m.postedAt)} by {m.postedBy};{' '}
                        {m.removedAt !== null
                          ? `removed ${moment(m.removedAt)} by ${m.removedBy ?? 'someone'}`
                          : `expired ${m.expiresAt ? moment(m.expiresAt) : ''}`}
                      </p>
                    </div>
                  </li>
                ))}
            </ul>
          </>
        )}
      </main>
    </div>
  );
}
