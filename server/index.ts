import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import next from 'next';
import pino from 'pino';
import { Server } from 'socket.io';
import { ConfigError, loadConfig } from './config';
import { createApi } from './http/api';
import { createHub } from './hub/hub';
import { attachWallboard } from './realtime/socketio';
import { startSources } from './sources';

/** Wiring only: each concern lives in its own module. */
const REDACT = {
  paths: ['password', '*.password', 'token', '*.token', 'apiToken', 'auth'],
  censor: '[secret]',
};
let logger = pino({ redact: REDACT });

async function main(): Promise<void> {
  const config = loadConfig();
  logger = pino({ level: config.logLevel, redact: REDACT });
  let ready = false;

  const hub = createHub({
    settings: {
      timezone: config.timezone,
      defaults: { slaSeconds: config.slaSeconds, shortAbandonSeconds: config.shortAbandonSeconds },
    },
    now: Date.now,
    epoch: randomUUID(),
  });

  const app = next({ dev: !config.production, dir: process.cwd() });
  const handleNext = app.getRequestHandler();
  await app.prepare();

  const api = createApi({
    snapshot: hub.snapshot,
    now: Date.now,
    apiToken: config.apiToken,
    ready: () => ready,
  });
  const server = createServer((req, res) => {
    if (!api(req, res)) void handleNext(req, res);
  });
  // Socket.IO handles its own path; other upgrades (Next's dev reload socket) are Next's.
  const io = new Server(server, { serveClient: false, destroyUpgrade: false });
  const handleUpgrade = app.getUpgradeHandler();
  server.on('upgrade', (req, socket, head) => {
    if (!req.url?.startsWith('/socket.io')) void handleUpgrade(req, socket, head);
  });
  attachWallboard(io, hub, { apiToken: config.apiToken, logger });

  server.on('error', (err) => {
    logger.fatal({ err }, 'HTTP server error');
    process.exit(1);
  });
  await new Promise<void>((resolve) => server.listen(config.port, config.host, resolve));
  const sources = await startSources(config, hub, logger);
  ready = true;
  logger.info(
    { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port}` },
    'Callboard is up',
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await sources.stop();
    hub.flush();
    hub.stop();
    await new Promise<void>((resolve) => io.close(() => resolve()));
    await app.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((err) => {
  if (err instanceof ConfigError) logger.fatal(`configuration: ${err.message}`);
  else logger.fatal({ err }, 'start-up failed');
  process.exit(err instanceof ConfigError ? 2 : 1);
});
