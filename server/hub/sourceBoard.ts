import { type SourceAgreement, sourceAgreements } from '../../lib/domain/agreement';
import type { DomainState } from '../../lib/domain/state';
import type { PatchOp, SourceStatus } from '../../lib/protocol';
import { sourceStatusOf } from './sourceStatus';

/**
 * The sources' side of the hub: each link's own status (set by its connector or the webhook
 * settings) and what the state knows of its source (sourceStatus.ts), published as `sources` patch
 * operations only when a status as shown has changed. Agreement readings are worked out once per
 * state and second however many statuses ask.
 */
export function createSourceBoard(o: { readonly now: () => number; readonly clockWarnMs: number }) {
  const links = new Map<string, SourceStatus>();
  let published = new Map<string, SourceStatus>();
  let publishedJson = new Map<string, string>();
  let memo: { state: DomainState | null; second: number; read: Readonly<Record<string, SourceAgreement>> } = {
    state: null,
    second: Number.NaN,
    read: {},
  };

  function agreementOf(state: DomainState, id: string): SourceAgreement | undefined {
    const now = o.now();
    const second = Math.floor(now / 1000);
    if (memo.state !== state || memo.second !== second) {
      memo = { state, second, read: state.agreement ? sourceAgreements(state, now) : {} };
    }
    return memo.read[id];
  }

  /** Every source's status as of now (not yet necessarily published). */
  function current(state: DomainState): Map<string, SourceStatus> {
    const m = new Map<string, SourceStatus>();
    for (const [id, s] of links)
      m.set(id, sourceStatusOf(state, id, s, agreementOf(state, id), o.clockWarnMs));
    return m;
  }

  function markPublished(now: Map<string, SourceStatus>): void {
    published = now;
    publishedJson = new Map([...now].map(([id, s]) => [id, JSON.stringify(s)]));
  }

  return {
    set(status: SourceStatus): void {
      links.set(status.id, status);
    },
    remove(id: string): void {
      links.delete(id);
    },
    current,
    /** What changed since the last publication, as patch operations; it is then the published view. */
    publish(state: DomainState): PatchOp[] {
      const now = current(state);
      const ops: PatchOp[] = [];
      for (const [id, value] of now) {
        if (JSON.stringify(value) !== publishedJson.get(id)) {
          ops.push({ op: 'upsert', collection: 'sources', id, value });
        }
      }
      for (const id of published.keys()) {
        if (!now.has(id)) ops.push({ op: 'remove', collection: 'sources', id });
      }
      markPublished(now);
      return ops;
    },
    /** A rebuild publishes the whole view at once: this is now what every viewer has. */
    republish(state: DomainState): void {
      markPublished(current(state));
    },
    published: (): SourceStatus[] => [...published.values()],
  };
}
