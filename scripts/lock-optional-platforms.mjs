// Run after `npm install` whenever dependencies change: `node scripts/lock-optional-platforms.mjs`.
//
// Why: the npm registry reachable from our build machines does not serve some other platforms'
// native binaries (e.g. @biomejs/cli-darwin-arm64, @next/swc-win32-x64-msvc). npm then leaves them out
// of package-lock.json, and `npm ci` refuses a lockfile that lacks an optional dependency. This adds
// each missing optional platform package with the os/cpu/libc its name declares, so `npm ci` knows
// it and skips it on any machine whose platform does not match. Nothing is downloaded.
import { readFileSync, writeFileSync } from 'node:fs';

const OS = [
  'darwin',
  'linux',
  'win32',
  'android',
  'freebsd',
  'openbsd',
  'netbsd',
  'sunos',
  'aix',
  'openharmony',
];
const CPU = ['x64', 'arm64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'mips64el', 'wasm32'];

function platformOf(name) {
  const tokens = name.split('/').pop().split('-');
  const os = OS.find((o) => tokens.includes(o));
  const cpu = CPU.find((c) => tokens.includes(c));
  if (!cpu) return undefined;
  // Some binaries name only their CPU (e.g. …-wasm32-wasi): the cpu field alone keeps them off x64.
  const entry = os ? { os: [os], cpu: [cpu] } : { cpu: [cpu] };
  if (tokens.includes('musl')) entry.libc = ['musl'];
  else if (tokens.includes('gnu')) entry.libc = ['glibc'];
  return entry;
}

const lock = JSON.parse(readFileSync('package-lock.json', 'utf8'));
const added = [];
for (const [path, pkg] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(pkg.optionalDependencies ?? {})) {
    const key = `node_modules/${name}`;
    const nested = `${path}/node_modules/${name}`;
    if (lock.packages[key] || lock.packages[nested]) continue;
    const platform = platformOf(name);
    if (!platform || !/^\d+\.\d+\.\d+/.test(version)) continue;
    lock.packages[key] = { version, ...(pkg.dev ? { dev: true } : {}), optional: true, ...platform };
    added.push(`${name}@${version}`);
  }
}
lock.packages = Object.fromEntries(
  Object.entries(lock.packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync('package-lock.json', `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length ? `added ${added.length}: ${added.join(', ')}` : 'nothing missing');
