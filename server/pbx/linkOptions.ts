import type { Logger } from 'pino';
import type { DomainEvent, SourceGapRecorded } from '../../lib/domain/events';
import type { DomainState } from '../../lib/domain/state';
import type { SourceHealth } from '../../lib/protocol';
import type { SourceClock } from '../../lib/sources/clockOffset';
import type { WsiAuth } from '../../lib/sources/portsip/commands';
import type { RestQueueLists } from './restQueueLists';
import type { Session, SessionHooks } from './session';
import type { WsiTiming } from './timing';

/** What one WSI link (wsiLink.ts) is given and what it reports. */
export interface LinkCounters {
  framesIn: number;
  badFrames: number;
  reconnects: number;
}

export interface LinkOptions {
  readonly source: string;
  readonly url: string;
  readonly auth: WsiAuth;
  readonly tlsInsecure: boolean;
  readonly timing: WsiTiming;
  readonly now: () => number;
  /** The PBX's clock as the source's frames show it (shared by a source's connections). */
  readonly clock: SourceClock;
  readonly random: () => number;
  readonly logger: Logger;
  readonly counters: LinkCounters;
  readonly createSession: (hooks: SessionHooks) => Session;
  /**
   * Once resynced, say what the fresh snapshots no longer report is lost (trackLost). Only for the
   * link whose snapshots list the queues and extensions (the tenant link): another one's resync
   * proves nothing about them.
   */
  readonly closesLostOnResync?: boolean;
  /**
   * Self-checks against the PBX once resynced and then every `intervalMs` (0: none): only for the link
   * whose session follows queues by number (the tenant link).
   */
  readonly selfCheck?: {
    readonly intervalMs: number;
    readonly board: () => DomainState;
    readonly rest?: RestQueueLists;
  };
  readonly onEvents: (events: readonly DomainEvent[]) => void;
  /** A gap was recorded (and handed to onEvents): the link was down and is back, snapshots in. */
  readonly onGap?: (gap: SourceGapRecorded) => void;
  /** The link's fresh snapshots are in (every (re)connect), after any gap it closed was said. */
  readonly onResynced?: () => void;
  /** Called on every change of status or detail; read them back with health(). */
  readonly onHealthChange: () => void;
}

export interface LinkHealth {
  readonly status: SourceHealth;
  readonly detail: string | null;
  readonly lastEventAt: number | null;
  /** Server time of the last frame or pong from the PBX: its last proof of life. */
  readonly lastProofOfLifeAt: number | null;
}
