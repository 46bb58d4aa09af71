'use client';

import { useEffect, useRef, useState } from 'react';
import { bannerPages, pageFrom, pageOfNew } from '../../lib/board/bannerPages';
import type { AlertView } from '../../lib/protocol';
import { AlertBanner } from '../alerts/AlertBanner';
import { byUrgency } from '../alerts/glass';
import { FloorMessageList, useFloorMessages } from '../floor/FloorBanner';
import { PageIndicator } from './KioskLists';

/**
 * Lines of notices a wall shows at once. Each is an alert or a floor message of up to two lines; more
 * would take a queue row or an agent card's room (portrait has the least to spare: three tiles a row
 * above, queues and agents stacked below).
 */
const SLOTS = { landscape: 3, portrait: 2 } as const;

/**
 * The kiosk's sounding alerts and floor messages together, alerts first, a page of SLOTS at a time:
 * more than fit take their turn at the board's rotation, with the page ("2/3") beside them, so every
 * message is read in turn and the board below keeps its room.
 */
export function KioskNotices({
  boardId,
  alerts,
  tick,
}: {
  boardId: string;
  alerts: readonly AlertView[];
  tick: number;
}) {
  const messages = useFloorMessages(boardId);
  const portrait = usePortrait();
  const pages = bannerPages(byUrgency(alerts), messages, portrait ? SLOTS.portrait : SLOTS.landscape);
  const keys = pages.map((p) => [
    ...p.alerts.map((a) => `alert ${a.id}`),
    ...p.messages.map((m) => `message ${m.id}`),
  ]);
  const signature = keys.map((k) => k.join(',')).join(';');
  // A notice that arrives is shown at once (within the second the issue asks), not after its turn:
  // the rotation goes on from its page.
  const known = useRef<ReadonlySet<string> | null>(null);
  const [anchor, setAnchor] = useState({ tick: 0, page: 0 });
  // biome-ignore lint/correctness/useExhaustiveDependencies: keys and tick are read when the notices change, as of then
  useEffect(() => {
    const before = known.current;
    known.current = new Set(keys.flat());
    const page = before === null ? null : pageOfNew(keys, before);
    if (page !== null) setAnchor({ tick, page });
  }, [signature]);
  if (pages.length === 0) return null;
  const page = pageFrom(anchor, tick, pages.length);
  const shown = pages[page] ?? pages[0];
  if (!shown) return null;
  return (
    <div className={`kiosk-notices ${pages.length > 1 ? 'is-paged' : ''}`} data-testid="kiosk-notices">
      <div className="kiosk-notices-list">
        <AlertBanner alerts={shown.alerts} count={alerts.length} className="kiosk-banner" />
        <FloorMessageList messages={shown.messages} />
      </div>
      {/* Beside the notices, not on a line of its own: a portrait wall has no line to spare. */}
      <PageIndicator list="notices" page={page} pages={pages.length} compact />
    </div>
  );
}

/** The screen stands on its side: matched by the same media query the kiosk's CSS uses. */
function usePortrait(): boolean {
  const [portrait, setPortrait] = useState(false);
  useEffect(() => {
    const query = window.matchMedia('(orientation: portrait)');
    const update = () => setPortrait(query.matches);
    update();
    query.addEventListener('change', update);
    return () => query.removeEventListener('change', update);
  }, []);
  return portrait;
}
