import { parseArgs } from 'node:util';
import { startSimulator } from '../server/simulator';

/**
 * `npm run sim`: the built-in PortSIP PBX simulator on its own, for demos and for pointing a
 * wallboard (or any WSI client) at. Prints the WebSocket URL and the credentials to log in with.
 */

const HELP = `Usage: npm run sim -- [options]
  --port <n>           port (default 8887; 0 = any free port)
  --host <addr>        address to bind (default 127.0.0.1)
  --seed <n>           random seed: same seed, same calls (default 1)
  --queues <n>         queues, 1-50 (default 3)
  --agents <n>         agents per queue, 1-100 (default 13)
  --calls-per-hour <n> arrivals per queue per peak hour (default 180)
  --time-scale <x>     simulated time per real time: 60 = an hour a minute (default 1)
  --username <name>    WSI login (default admin)
  --password <pw>      WSI password (default admin)
  --domain <domain>    tenant SIP domain (default demo.callboard.local)`;

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8887' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string', default: '1' },
    queues: { type: 'string', default: '3' },
    agents: { type: 'string', default: '13' },
    'calls-per-hour': { type: 'string', default: '180' },
    'time-scale': { type: 'string', default: '1' },
    username: { type: 'string', default: 'admin' },
    password: { type: 'string', default: 'admin' },
    domain: { type: 'string', default: 'demo.callboard.local' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  console.log(HELP);
  process.exit(0);
}

/** A flag's number; anything else ends the run with the flag named (zod checks the ranges). */
function numberFlag(name: keyof typeof values): number {
  const raw = values[name];
  const n = Number(raw);
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n)) {
    console.error(`--${name} must be a number (got ${JSON.stringify(raw)})\n\n${HELP}`);
    process.exit(2);
  }
  return n;
}

async function main(): Promise<void> {
  const sim = await startSimulator({
    port: numberFlag('port'),
    host: values.host,
    seed: numberFlag('seed'),
    queues: numberFlag('queues'),
    agentsPerQueue: numberFlag('agents'),
    callsPerHour: numberFlag('calls-per-hour'),
    timeScale: numberFlag('time-scale'),
    username: values.username,
    password: values.password,
    domain: values.domain,
  });
  const c = sim.credentials;
  console.log(`PortSIP WSI simulator listening on ${sim.url}`);
  console.log(`  login:   username "${c.username}", password "${c.password}", domain "${c.domain}"`);
  console.log(`  tenant:  ${sim.tenantId}`);
  console.log(`  queues:  ${sim.queues.map((q) => `${q.number} ${q.name}`).join(', ')}`);
  const ext = sim.extensions;
  console.log(`  agents:  extensions ${ext[0]}–${ext[ext.length - 1]} (${ext.length})`);
  console.log('Ctrl-C to stop.');
  const stop = () => {
    sim.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
