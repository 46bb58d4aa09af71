import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SendersReport, SendersRequest } from './webhooksSenders';

/**
 * The webhook senders in a process of their own (webhooksSenders.ts), without this process's flags
 * (`--cpu-prof` must profile the server only): `report` resolves with their figures once the run ends.
 */
export function startSenders(request: SendersRequest): { report: Promise<SendersReport>; kill(): void } {
  const child = fork(fileURLToPath(new URL('./webhooksSenders.ts', import.meta.url)), [], {
    execArgv: ['--max-semi-space-size=64', '--import', 'tsx'],
  });
  const report = new Promise<SendersReport>((resolve, reject) => {
    child.once('message', (m) => resolve(m as SendersReport));
    child.once('exit', (code) => reject(new Error(`senders exited (${code}) without a report`)));
  });
  child.send(request);
  return { report, kill: () => child.kill() };
}
