import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import next from 'next';
import { startCallboard } from './app';
import { ConfigError, loadConfig } from './config';
import { createLogger } from './logging';

/** Wiring only: configuration, logging, Next's pages, and the Callboard process (server/app.ts). */
let logger = createLogger();

function buildIdOf(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, '.next', 'BUILD_ID'), 'utf8').trim();
  } catch {
    return undefined;
  }
}

async function main(): Promise<void> {
  const config = loadConfig();
  logger = createLogger(config.logLevel);
  const dir = process.cwd();
  const app = next({ dev: !config.production, dir });
  const handleNext = app.getRequestHandler();
  await app.prepare();
  const handleUpgrade = app.getUpgradeHandler(); // only after prepare()

  const callboard = await startCallboard({
    config,
    logger,
    now: Date.now,
    fallback: (req, res) => void handleNext(req, res),
    upgradeFallback: (req, socket, head) => void handleUpgrade(req, socket, head),
    ...(config.production ? { buildId: buildIdOf(dir) } : {}),
  });
  logger.info(
    { url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${callboard.port}` },
    'Callboard is up',
  );

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await callboard.stop();
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
