import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import type { PortsipConfig } from '../config';
import { type LinkRunOptions, type LinkSink, type RunningLink, startPortsipLink } from './portsipLink';

/**
 * The PBX links an admin configured, kept in step with the settings without a restart: `apply` starts
 * new connections, stops removed or disabled ones (and removes their source from the boards), and
 * restarts a changed one, so the connector re-authenticates and re-subscribes from fresh snapshots.
 * An unchanged connection keeps its socket.
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
  readonly sink: LinkSink & { removeSource(id: string): void };
  readonly logger: Logger;
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

export function createPbxLinks(o: PbxLinksOptions): PbxLinks {
  const start = o.start ?? startPortsipLink;
  const running = new Map<string, { fingerprint: string; link: RunningLink }>();
  // Applies run one after another: a second save while the first is stopping sockets waits its turn.
  let queue: Promise<void> = Promise.resolve();

  async function applyNow(links: readonly ConfiguredLink[]): Promise<void> {
    const wanted = new Map(links.map((l) => [l.id, l]));
    for (const [id, r] of running) {
      const next = wanted.get(id);
      if (next && fingerprint(next.portsip) === r.fingerprint) continue;
      running.delete(id);
      await r.link.stop();
      if (!next) {
        o.sink.removeSource(id);
        o.logger.info({ source: id }, 'PBX link removed');
      }
    }
    for (const l of links) {
      if (running.has(l.id)) continue;
      running.set(l.id, {
        fingerprint: fingerprint(l.portsip),
        link: start(l.id, l.portsip, o.sink, o.logger, o.now, o.run),
      });
      o.logger.info({ source: l.id, url: l.portsip.url }, 'PBX link started');
    }
  }

  return {
    apply(links) {
      const next = queue.then(() => applyNow(links));
      queue = next.catch(() => {});
      return next;
    },
    ids: () => [...running.keys()],
    async stop() {
      await queue;
      const all = [...running.values()];
      running.clear();
      await Promise.all(all.map((r) => r.link.stop()));
    },
  };
}
