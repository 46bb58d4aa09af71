import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * The house rules (DEVELOPERS.md "Style"), checked on the source itself with TypeScript's own parser:
 * - `lib/domain` is pure: it imports only its own files and the pure libraries below, and never reads
 *   a clock, randomness, timers or the process;
 * - `process.env` is read in `server/config.ts` only (test support and tests aside);
 * - the top folders depend one way: `lib` on nothing of ours, `components`/`app` not on `server`,
 *   `server` not on `components`/`app`;
 * - vendor field names and event types live in `lib/sources/<source>/` and the simulator only: the
 *   rest of the product speaks domain events (tests and test support aside).
 * Each rule also has a case that must fail, so a checker that sees nothing cannot pass.
 */

const ROOT = resolve(import.meta.dirname, '..');
const TOP = ['lib', 'server', 'components', 'app', 'scripts', 'e2e'] as const;
type Top = (typeof TOP)[number];

/** What each top folder may import from the others (itself always). */
const MAY_IMPORT: Record<Top, readonly Top[]> = {
  lib: [],
  components: ['lib'],
  app: ['lib', 'components'],
  server: ['lib'],
  scripts: ['lib', 'server', 'components', 'app'],
  e2e: ['lib', 'server', 'components'],
};

/** Packages the pure core may use: data structures and nothing that touches the world. */
const DOMAIN_PACKAGES = new Set(['immutable']);
/** Identifiers that mean a clock, chance, time or the process inside the core. */
const IMPURE_MEMBERS = new Set(['Date.now', 'Math.random', 'performance.now']);
const IMPURE_GLOBALS = new Set(['process', 'setTimeout', 'setInterval', 'setImmediate', 'queueMicrotask']);

/**
 * Distinctive names from the vendors' payloads and protocols (compared case-insensitively, as whole
 * string literals or identifiers): PortSIP WSI / webhook / REST keys, event types and topics; 3CX
 * WebhooksApi keys and event names; VoIPstudio webhook keys. Generic words (`id`, `name`, `status`,
 * `user`, `event`) are left out on purpose: they would flag our own vocabulary. Written as
 * whitespace-separated groups, one per vocabulary.
 */
const VENDOR_NAMES = new Set(
  [
    // PortSIP keys
    'event_type tenant_id session_id call_status call_targets extension_number queue_number ' +
      'queue_id queue_name display_name agent_status updated_callers updated_agents removed_agents ' +
      'waiting_list agent_extension_number caller_number caller_name caller_display_name ' +
      'callee_display_name outbound_caller_id did_cid trunk_name ended_time answered_time ' +
      'end_reason ended_reason talk_duration ring_time total_callers_breached sla_time_secs ' +
      'waiting_callers presence_note cdr_id access_token expires_in refresh_token token_type',
    // PortSIP event types
    'call_cdr queue_status queue_caller_status queue_agent_status queue_sla_breached ' +
      'queue_created queue_updated queue_destroy queue_destroyed extension_status extension_call ' +
      'extension_presence extension_agent_status extension_created extnesion_created ' +
      'extension_updated extension_deleted extension_destroyed extension_voicemail cdr_target_add ' +
      'cdr_target_ringing cdr_target_answer cdr_target_end cdr_target_fail cdr_target_noanswer ' +
      'call_update_info',
    // PortSIP WSI topics
    'queue_management_events queue_events extension_events cdr_events ' +
      'global_queue_management_events global_queue_events global_extension_events global_cdr_events',
    // 3CX WebhooksApi keys and event names
    'callerid finishtype usertype incomingcall_started outgoingcall_started pickupincoming ' +
      'pickupoutgoing hangupincoming hangupoutgoing makecall',
    // VoIPstudio keys
    'event_name event_time call_id t_cause src_name dst_name connected_at local_user',
  ]
    .flatMap((group) => group.split(/\s+/))
    .map((n) => n.toLowerCase()),
);

interface SourceFile {
  readonly path: string; // relative to ROOT, with '/'
  readonly text: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function sources(): SourceFile[] {
  return TOP.flatMap((top) =>
    walk(join(ROOT, top)).map((full) => ({
      path: relative(ROOT, full).split(sep).join('/'),
      text: readFileSync(full, 'utf8'),
    })),
  );
}

const isTest = (path: string) => /\.(test|spec)\.tsx?$/.test(path) || /\/testing\//.test(path);

/** Every module specifier a file names: imports, re-exports, dynamic imports and require(). */
function specifiersOf(file: SourceFile): string[] {
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    )
      out.push(node.moduleSpecifier.text);
    else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments[0] &&
      ts.isStringLiteralLike(node.arguments[0])
    )
      out.push(node.arguments[0].text);
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** `process.env` read as a property (comments and strings do not count). */
function readsProcessEnv(file: SourceFile): boolean {
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  let found = false;
  const visit = (node: ts.Node): void => {
    if (
      ts.isPropertyAccessExpression(node) &&
      ts.isIdentifier(node.expression) &&
      node.expression.text === 'process' &&
      node.name.text === 'env'
    )
      found = true;
    else ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Uses of a clock, chance, timers or the process, by name, outside comments and strings. */
function impurities(file: SourceFile): string[] {
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && IMPURE_GLOBALS.has(node.text)) {
      const parent = node.parent;
      // `x.process` or a declaration named `process` is not the global.
      const isMember = parent && ts.isPropertyAccessExpression(parent) && parent.name === node;
      const isDeclaration = parent && 'name' in parent && (parent as { name?: ts.Node }).name === node;
      if (!isMember && !isDeclaration) out.push(node.text);
    }
    if (ts.isPropertyAccessExpression(node) && IMPURE_MEMBERS.has(node.getText(sf)))
      out.push(node.getText(sf));
    // `new Date()` without arguments reads the clock; `new Date(ms)` only formats a given time.
    if (ts.isNewExpression(node) && node.expression.getText(sf) === 'Date' && !node.arguments?.length)
      out.push('new Date()');
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

function topOf(path: string): Top | null {
  const first = path.split('/')[0];
  return (TOP as readonly string[]).includes(first ?? '') ? (first as Top) : null;
}

/** The top folder a relative or '@/' specifier lands in, or null for a package. */
function targetTop(from: string, spec: string): Top | null {
  if (spec.startsWith('@/')) return topOf(spec.slice(2));
  if (!spec.startsWith('.')) return null;
  const target = relative(ROOT, resolve(ROOT, from, '..', spec))
    .split(sep)
    .join('/');
  return topOf(target);
}

function layerViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const top = topOf(file.path);
    if (!top || isTest(file.path)) continue;
    for (const spec of specifiersOf(file)) {
      const to = targetTop(file.path, spec);
      if (to && to !== top && !MAY_IMPORT[top].includes(to)) out.push(`${file.path} → ${spec}`);
    }
  }
  return out;
}

function domainViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    if (!file.path.startsWith('lib/domain/') || isTest(file.path)) continue;
    for (const spec of specifiersOf(file)) {
      const local = spec.startsWith('.');
      const inDomain =
        local &&
        relative(ROOT, resolve(ROOT, file.path, '..', spec))
          .split(sep)
          .join('/')
          .startsWith('lib/domain');
      if (local ? !inDomain : !DOMAIN_PACKAGES.has(spec)) out.push(`${file.path} imports ${spec}`);
    }
    for (const use of impurities(file)) out.push(`${file.path} uses ${use}`);
  }
  return out;
}

function envViolations(files: readonly SourceFile[]): string[] {
  return files
    .filter((f) => !isTest(f.path) && f.path !== 'server/config.ts' && topOf(f.path) !== 'e2e')
    .filter((f) => !f.path.startsWith('scripts/'))
    .filter(readsProcessEnv)
    .map((f) => f.path);
}

/** Where vendor names belong: the normalizers and the simulator (which plays the PBX). */
const mayNameVendorFields = (path: string) =>
  path.startsWith('lib/sources/') || path.startsWith('server/simulator/');
const PRODUCT: readonly Top[] = ['lib', 'server', 'components', 'app'];

/** Vendor names used as string literals or identifiers (property names included) in product code. */
function vendorNameViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const top = topOf(file.path);
    if (!top || !PRODUCT.includes(top) || isTest(file.path) || mayNameVendorFields(file.path)) continue;
    const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
    const found = new Set<string>();
    const visit = (node: ts.Node): void => {
      const name =
        ts.isIdentifier(node) || ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
          ? node.text
          : undefined;
      if (name !== undefined && VENDOR_NAMES.has(name.toLowerCase())) found.add(name);
      ts.forEachChild(node, visit);
    };
    visit(sf);
    for (const name of found) out.push(`${file.path}: ${name}`);
  }
  return out;
}

/**
 * React state set from a spread of the rendered value (`setDraft({ ...draft, text })`): an update
 * queued since that render (a fetch's default, another field in the same tick) is undone. Merge
 * into the latest value instead: `setDraft((d) => ({ ...d, text }))`, or useDraft's `patch`.
 */
function staleSpreadViolations(files: readonly SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    const top = topOf(file.path);
    if ((top !== 'components' && top !== 'app') || isTest(file.path)) continue;
    const setters = new Map<string, string>();
    for (const m of file.text.matchAll(/const \[(\w+), (set\w+)\] = use(?:State|Draft)\b/g))
      setters.set(m[2] as string, m[1] as string);
    for (const m of file.text.matchAll(/\b(set\w+)\(\{\s*\.\.\.(\w+)\b/g))
      if (setters.get(m[1] as string) === m[2]) out.push(`${file.path}: ${m[1]}({ ...${m[2]}`);
  }
  return out;
}

describe('house rules', () => {
  const all = sources();

  it('reads the whole tree', () => {
    expect(all.some((f) => f.path === 'lib/domain/reduce.ts')).toBe(true);
    expect(all.some((f) => f.path === 'server/config.ts')).toBe(true);
    expect(all.length).toBeGreaterThan(200);
  });

  it('lib/domain is pure: its own files and pure packages only, no clock, chance, timers or process', () => {
    expect(domainViolations(all)).toEqual([]);
  });

  it('process.env is read in server/config.ts only', () => {
    expect(readsProcessEnv(all.find((f) => f.path === 'server/config.ts') as SourceFile)).toBe(true);
    expect(envViolations(all)).toEqual([]);
  });

  it('top folders depend one way (lib on nothing of ours; server and the pages never on each other)', () => {
    expect(layerViolations(all)).toEqual([]);
  });

  it('vendor field names and event types stay in lib/sources and the simulator', () => {
    expect(vendorNameViolations(all)).toEqual([]);
  });

  it('React state is updated from its latest value, not from a spread of the rendered one', () => {
    expect(staleSpreadViolations(all)).toEqual([]);
  });

  it('each checker catches what it is for', () => {
    const domain: SourceFile = {
      path: 'lib/domain/bad.ts',
      text: [
        "import { readFileSync } from 'node:fs';",
        "import { x } from '../board/model';",
        "import { y } from './state';",
        '// Date.now() in a comment is fine',
        'export const t = () => Date.now() + Math.random() + new Date().getTime();',
        'export const p = process.argv;',
        'setTimeout(() => {}, 1);',
      ].join('\n'),
    };
    expect(domainViolations([domain])).toEqual([
      'lib/domain/bad.ts imports node:fs',
      'lib/domain/bad.ts imports ../board/model',
      'lib/domain/bad.ts uses Date.now',
      'lib/domain/bad.ts uses Math.random',
      'lib/domain/bad.ts uses new Date()',
      'lib/domain/bad.ts uses process',
      'lib/domain/bad.ts uses setTimeout',
    ]);
    const env: SourceFile = { path: 'server/hub/x.ts', text: '// process.env\nconst a = process.env.PORT;' };
    const comment: SourceFile = { path: 'server/hub/y.ts', text: '// reads process.env? no' };
    expect(envViolations([env, comment])).toEqual(['server/hub/x.ts']);
    const layers: SourceFile[] = [
      { path: 'lib/board/a.ts', text: "import { s } from '../../server/config';" },
      { path: 'components/b.tsx', text: "export { c } from '@/server/app';" },
      { path: 'server/c.ts', text: "const m = await import('../components/live/store');" },
      { path: 'server/d.ts', text: "import { ok } from '../lib/protocol';" },
    ];
    expect(layerViolations(layers)).toEqual([
      'lib/board/a.ts → ../../server/config',
      'components/b.tsx → @/server/app',
      'server/c.ts → ../components/live/store',
    ]);
    const vendor: SourceFile[] = [
      {
        path: 'server/pbx/bad.ts',
        text: [
          '// an event_type in a comment is fine, and so is "the event type" in prose',
          "const label = 'the event type';",
          "if (frame.event_type === 'extension_status') send({ topics: [`queue_events`] });",
          'const { Callerid: caller } = fields;',
        ].join('\n'),
      },
      { path: 'components/live/bad.tsx', text: "const k = row['agent_extension_number'];" },
      { path: 'lib/sources/portsip/fine.ts', text: "const t = p.event_type === 'queue_status';" },
      { path: 'server/simulator/fine.ts', text: 'const f = { event_type: "call_cdr" };' },
      { path: 'server/pbx/fine.test.ts', text: "const f = { event_type: 'call_cdr' };" },
    ];
    expect(vendorNameViolations(vendor)).toEqual([
      'server/pbx/bad.ts: event_type',
      'server/pbx/bad.ts: extension_status',
      'server/pbx/bad.ts: queue_events',
      'server/pbx/bad.ts: Callerid',
      'components/live/bad.tsx: agent_extension_number',
    ]);
    const spreads: SourceFile[] = [
      {
        path: 'components/settings/Bad.tsx',
        text: [
          'const [draft, setDraft] = useState({ a: 1 });',
          'const [other, setOther] = useState({ b: 2 });',
          'const onA = () => setDraft({ ...draft, a: 2 });',
          'const onB = () => setOther((o) => ({ ...o, b: 3 }));',
          'const reset = () => setOther({ ...DEFAULTS, b: 0 });',
        ].join('\n'),
      },
    ];
    expect(staleSpreadViolations(spreads)).toEqual(['components/settings/Bad.tsx: setDraft({ ...draft']);
  });
});
