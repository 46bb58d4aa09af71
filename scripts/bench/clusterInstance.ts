import pino from 'pino';
import { startCallboard } from '../../server/app';
import { loadConfig } from '../../server/config';

/**
 * One Callboard instance for `bench:cluster` (cluster.ts), in a process of its own so that the bench
 * can SIGKILL it: the real `startCallboard` as server/index.ts wires it, minus Next's pages, configured
 * from the environment the bench gives it (DATABASE_URL, DATA_DIR, INSTANCE_ID, tokens, PORTSIP_*).
 * Tells the bench its port over IPC once listening.
 */
async function main(): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: config.logLevel });
  const app = await startCallboard({
    config,
    logger,
    now: Date.now,
    fallback: (_req, res) => {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end('{"error":"not found"}');
    },
  });
  process.send?.({ type: 'listening', port: app.port });
  // The bench owns this process: a clean stop when it says so, or when it goes.
  const stop = () => void app.stop().then(() => process.exit(0));
  process.on('message', (m: { type?: string }) => {
    if (m?.type === 'stop') stop();
  });
  process.on('disconnect', stop);
}

void main().catch((err) => {
  console.error(err);
  process.exit(1);
});
