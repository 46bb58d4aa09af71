import { SourceClock } from '../lib/sources/clockOffset';
import type { JournalEntry } from './storage/types';

/**
 * Each webhook source's PBX clock is estimated where every one of its arrivals passes (a recorder);
 * a moved estimate is journaled in the same entry as the payload that moved it
 * (lib/sources/clockOffset.ts). A live link estimates its own: it knows when it reconnects, and what
 * it hands over as an entry (a gap's calls from the PBX's CDRs) is hours-old records, no sample of
 * its clock.
 */
export function createClockStamp(): <E extends JournalEntry>(entry: E) => E {
  const clocks = new Map<string, SourceClock>();
  return <E extends JournalEntry>(entry: E): E => {
    if (entry.events.length === 0 || entry.kind === 'portsip-wsi') return entry;
    let clock = clocks.get(entry.source);
    if (!clock) {
      clock = new SourceClock(entry.source, entry.kind);
      clocks.set(entry.source, clock);
    }
    const estimate = clock.observe(entry.receivedAt, entry.events);
    return estimate ? { ...entry, events: [estimate, ...entry.events] } : entry;
  };
}
