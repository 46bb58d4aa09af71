/**
 * `bench:cluster`'s many viewers (part 3), in a process of their own (forked by clusterFanout.ts, driven
 * over IPC) so that receiving for thousands of them does not run on the instances' or the senders'
 * event loops. Each is a clusterViewer (socket.io-client, the browser's `receive`); the board here is
 * small (one queue of three agents), so applying a patch costs little.
 */
import { type ClusterViewer, clusterViewer } from './clusterViewer';

export type ToClients =
  | { type: 'connect'; urls: string[]; perUrl: number; token: string; linkId: string }
  | { type: 'mark' }
  | { type: 'report'; sentAt: number[] }
  | { type: 'close' };

export interface ClientsReport {
  readonly viewers: number;
  readonly samples: number;
  /** Receipts not seen (each counts as later than any seen). */
  readonly missing: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  /** This process's CPU while measuring, % of one core. */
  readonly cpu: number;
}

export type FromClients =
  | { type: 'connected'; viewers: number; failed: number }
  | { type: 'marked' }
  | { type: 'report'; report: ClientsReport }
  | { type: 'closed' };

const viewers: ClusterViewer[] = [];
let base: number[] = [];
let cpuMark = process.cpuUsage();
let wallMark = performance.now();

const send = (m: FromClients) => process.send?.(m);

process.on('message', (m: ToClients) => {
  if (m.type === 'connect') {
    void (async () => {
      let failed = 0;
      for (const url of m.urls) {
        for (let i = 0; i < m.perUrl; i += 50) {
          const batch = await Promise.all(
            Array.from({ length: Math.min(50, m.perUrl - i) }, () =>
              clusterViewer(url, m.token, m.linkId).catch(() => null),
            ),
          );
          for (const v of batch) if (v) viewers.push(v);
          failed += batch.filter((v) => !v).length;
        }
      }
      send({ type: 'connected', viewers: viewers.length, failed });
    })();
  } else if (m.type === 'mark') {
    base = viewers.map((v) => v.offered());
    cpuMark = process.cpuUsage();
    wallMark = performance.now();
    send({ type: 'marked' });
  } else if (m.type === 'report') {
    const expected = viewers.length * m.sentAt.length;
    const lat: number[] = [];
    viewers.forEach((v, k) => {
      m.sentAt.forEach((t, i) => {
        const at = v.offeredAt.get((base[k] ?? 0) + i + 1);
        if (at !== undefined) lat.push(at - t);
      });
    });
    lat.sort((a, b) => a - b);
    // Ranks over every expected receipt: one never seen is later than any that was.
    const rank = (p: number) => {
      const k = Math.min(expected - 1, Math.floor(p * expected));
      return k < lat.length ? (lat[k] ?? Number.NaN) : Number.POSITIVE_INFINITY;
    };
    const cpu = process.cpuUsage(cpuMark);
    send({
      type: 'report',
      report: {
        viewers: viewers.length,
        samples: lat.length,
        missing: expected - lat.length,
        p50: rank(0.5),
        p99: rank(0.99),
        max: rank(1),
        cpu: ((cpu.user + cpu.system) / 1000 / (performance.now() - wallMark)) * 100,
      },
    });
  } else if (m.type === 'close') {
    for (const v of viewers.splice(0)) v.close();
    send({ type: 'closed' });
  }
});
process.on('disconnect', () => process.exit(0));
