import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { Fence } from '../cluster/fence';
import { type LinkClaim, type LinkOwnership, singleInstance } from '../cluster/linkOwnership';
import type { PortsipConfig } from '../config';
import { type FencingSink, startTenure, type Tenure } from './linkTenure';
import { type LinkRunOptions, type LinkSink, type RunningLink, startPortsipLink } from './portsipLink';

/**
 * The PBX links an admin configured, kept in step with the settings without a restart: `apply` starts
 * new connections, stops removed or disabled ones (and removes their source from the boards), and
 * restarts a changed one, so the connector re-authenticates and re-subscribes from fresh snapshots.
 * An unchanged connection keeps its socket.
 *
 * A link runs only while this instance owns it (`ownership`, server/cluster/linkOwnership.ts): at
 * once and for good on a single instance; with instances sharing PostgreSQL, while it holds the
 * link's lease. Lost, the connector is stopped on the spot and nothing more of it is journaled;
 * owned again (or taken over from a dead owner), a fresh connector logs in and subscribes, and its
 * snapshots heal the state. Each link's starts and stops run one after another.
 */
export interface ConfiguredLink {
  readonly id: string;
  readonly portsip: PortsipConfig;
}

export interface PbxLinks {
  apply(links: readonly ConfiguredLink[]): Promise<void>;
  ids(): string[];
  stop(): Promise<void>;
}

export interface PbxLinksOptions {
  readonly sink: FencingSink;
  readonly logger: Logger;
  /** Who runs which link (default: this process alone, named "local"). */
  readonly ownership?: LinkOwnership;
  /** The app's clock, injected into every link (arrival times, token expiry). */
  readonly now: () => number;
  /** What every link is run with (the self-check period). */
  readonly run?: LinkRunOptions;
  /** Replaceable for the demo, which starts its links the same way. */
  readonly start?: (
    id: string,
    portsip: PortsipConfig,
    sink: LinkSink,
    logger: Logger,
    now: () => number,
    run?: LinkRunOptions,
  ) => RunningLink;
}

/** A change of anything, the password included, restarts the link; the digest keeps it out of memory dumps. */
function fingerprint(portsip: PortsipConfig): string {
  return createHash('sha256').update(JSON.stringify(portsip)).digest('base64url');
}

interface Entry {
  readonly id: string;
  readonly fingerprint: string;
  readonly portsip: PortsipConfig;
  claim: LinkClaim | null;
  /** Bumped at every owned, lost and removal: a start queued under an older term is dropped. */
  term: number;
  /** This instance owns the link now. */
  held: boolean;
  running: { readonly link: RunningLink; readonly tenure: Tenure } | null;
  /** This link's starts and stops, one after another. */
  turn: Promise<void>;
  removed: boolean;
}

export function createPbxLinks(o: PbxLinksOptions): PbxLinks {
  const start = o.start ?? startPortsipLink;
  const ownership = o.ownership ?? singleInstance('local');
  const entries = new Map<string, Entry>();
  // Applies run one after another: a second save while the first is stopping sockets waits its turn.
  let queue: Promise<void> = Promise.resolve();

  /** Stops the entry's connector (after what is queued), its term already ended. */
  function stopRunning(e: Entry): Promise<void> {
    e.running?.tenure.end();
    e.turn = e.turn.then(async () => {
      const r = e.running;
      e.running = null;
      await r?.link
        .stop()
        .catch((err: unknown) => o.logger.warn({ err, source: e.id }, 'PBX link stop failed'));
    });
    return e.turn;
  }

  function owned(e: Entry, fence: Fence | null): void {
    e.term += 1;
    e.held = true;
    const term = e.term;
    e.turn = e.turn.then(() => {
      if (e.removed || e.term !== term) return;
      const tenure = startTenure(o.sink, e.id, fence, ownership.instance);
      try {
        e.running = { tenure, link: start(e.id, e.portsip, tenure.sink, o.logger, o.now, o.run) };
      } catch (err) {
        tenure.end();
        o.logger.error({ err, source: e.id }, 'PBX link could not start');
        return;
      }
      o.logger.info({ source: e.id, url: e.portsip.url, epoch: fence?.epoch }, 'PBX link started');
    });
  }

  function lost(e: Entry): void {
    e.term += 1;
    e.held = false;
    if (e.removed) return;
    // The term ends before the standby status goes out: the stopping connector's own is dropped.
    void stopRunning(e);
    standingBy(e, null);
    o.logger.warn({ source: e.id }, 'PBX link no longer owned here: stopped');
  }

  /** Another instance runs the link (or nobody, for now): what this instance's boards say of it. */
  function standingBy(e: Entry, holder: string | null): void {
    if (e.removed || e.held) return;
    o.sink.setSourceStatus({
      id: e.id,
      kind: 'portsip-wsi',
      status: 'connecting',
      lastEventAt: null,
      detail: holder === null ? 'standby: no instance holds the link yet' : `standby: held by ${holder}`,
      owner: { instance: holder, here: false },
    });
  }

  function claimed(id: string, portsip: PortsipConfig): Entry {
    const e: Entry = {
      id,
      portsip,
      fingerprint: fingerprint(portsip),
      claim: null,
      term: 0,
      held: false,
      running: null,
      turn: Promise.resolve(),
      removed: false,
    };
    e.claim = ownership.claim(id, {
      owned: (fence) => owned(e, fence),
      lost: () => lost(e),
      standby: (holder) => standingBy(e, holder),
    });
    return e;
  }

  async function remove(e: Entry): Promise<void> {
    e.removed = true;
    e.term += 1;
    // The connector first, the claim after: the link is let go only once nothing here writes for it.
    await stopRunning(e);
    await e.claim?.release();
  }

  async function applyNow(links: readonly ConfiguredLink[]): Promise<void> {
    const wanted = new Map(links.map((l) => [l.id, l]));
    for (const [id, e] of entries) {
      const next = wanted.get(id);
      if (next && fingerprint(next.portsip) === e.fingerprint) continue;
      entries.delete(id);
      await remove(e);
      if (!next) {
        o.sink.removeSource(id);
        o.logger.info({ source: id }, 'PBX link removed');
      }
    }
    for (const l of links) {
      if (entries.has(l.id)) continue;
      const e = claimed(l.id, l.portsip);
      entries.set(l.id, e);
      // A single instance owns it at once: its connector has started when apply resolves.
      await e.turn;
    }
  }

  return {
    apply(links) {
      const next = queue.then(() => applyNow(links));
      queue = next.catch(() => {});
      return next;
    },
    ids: () => [...entries.keys()],
    async stop() {
      await queue;
      const all = [...entries.values()];
      entries.clear();
      await Promise.all(all.map(remove));
    },
  };
}
