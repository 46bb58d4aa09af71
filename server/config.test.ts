import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactedUrl } from './config';

const error = (env: Record<string, string>) => {
  try {
    loadConfig(env);
  } catch (e) {
    if (e instanceof ConfigError) return { variable: e.variable, message: e.message };
    throw e;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('has working defaults', () => {
    expect(loadConfig({})).toEqual({
      port: 3000,
      host: '0.0.0.0',
      dataDir: './data',
      databaseUrl: null,
      production: false,
      portsip: null,
      apiToken: null,
      checkpoint: { everyMs: 300_000, everyEvents: 50_000 },
      metricsToken: null,
      publicUrl: null,
      timezone: 'UTC',
      slaSeconds: 20,
      shortAbandonSeconds: 5,
      clockWarnSeconds: 5,
      lostTrackHours: 4,
      reconcileSeconds: 300,
      demo: false,
      demoDay: 'today',
      demoBreakShare: 0.06,
      webhookToken: null,
      journal: { synchronous: 'full', retentionDays: 8, rawRetentionDays: 3, minFreeBytes: 16 * 1024 * 1024 },
      logLevel: 'info',
      access: { trustProxy: false, sessionIdleHours: 12, secretKey: null, adminSeed: null },
      instanceId: `${hostname()}:${process.pid}`.slice(-40),
    });
  });

  it('INSTANCE_ID names this instance; a name that cannot be shown as is is refused', () => {
    expect(loadConfig({ INSTANCE_ID: 'node-a.eu:1' }).instanceId).toBe('node-a.eu:1');
    expect(error({ INSTANCE_ID: 'node a' }).variable).toBe('INSTANCE_ID');
    expect(error({ INSTANCE_ID: 'x'.repeat(41) }).variable).toBe('INSTANCE_ID');
  });

  it('PUBLIC_URL: an http(s) URL, trailing slashes dropped; anything else named', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://wall.example.com/cb/' }).publicUrl).toBe(
      'https://wall.example.com/cb',
    );
    expect(error({ PUBLIC_URL: 'wall.example.com' }).variable).toBe('PUBLIC_URL');
    expect(error({ PUBLIC_URL: 'https://wall.example.com/?a=1' }).variable).toBe('PUBLIC_URL');
  });

  it('reads a PortSIP link with lists, flags and an extension login', () => {
    const c = loadConfig({
      PORTSIP_WSI_URL: 'wss://pbx.example.com:8887/wsi',
      PORTSIP_EXTENSION: '101',
      PORTSIP_PASSWORD: 's3cret',
      PORTSIP_DOMAIN: 'test.io',
      PORTSIP_QUEUES: '8001, 8002,,',
      PORTSIP_TLS_INSECURE: '1',
      WALLBOARD_TIMEZONE: 'Europe/London',
      SLA_SECONDS: '30',
      DEMO: 'true',
    });
    expect(c.portsip).toEqual({
      url: 'wss://pbx.example.com:8887/wsi',
      auth: { extension: '101', password: 's3cret', domain: 'test.io' },
      queues: ['8001', '8002'],
      extensions: [],
      tenants: [],
      tlsInsecure: true,
      rest: null,
    });
    expect(c).toMatchObject({ timezone: 'Europe/London', slaSeconds: 30, demo: true });
  });

  it('turns REST name enrichment on with a URL, and needs a username for it', () => {
    const base = { PORTSIP_WSI_URL: 'wss://pbx:8887/wsi', PORTSIP_PASSWORD: 'pw', PORTSIP_TENANTS: '6763' };
    expect(
      loadConfig({ ...base, PORTSIP_USERNAME: 'admin', PORTSIP_REST_URL: 'https://pbx:8887/api' }).portsip
        ?.rest,
    ).toEqual({
      url: 'https://pbx:8887/api',
      loginPath: '/login',
      tenant: '6763',
      refreshSeconds: 900,
    });
    expect(error({ ...base, PORTSIP_EXTENSION: '101', PORTSIP_REST_URL: 'https://pbx/api' }).variable).toBe(
      'PORTSIP_REST_URL',
    );
    expect(
      error({
        ...base,
        PORTSIP_USERNAME: 'a',
        PORTSIP_REST_URL: 'https://pbx/api',
        PORTSIP_REST_LOGIN_PATH: 'login',
      }).variable,
    ).toBe('PORTSIP_REST_LOGIN_PATH');
  });

  it('names the variable when a value is bad', () => {
    expect(error({ PORT: 'eighty' }).variable).toBe('PORT');
    expect(error({ PORT: '70000' }).variable).toBe('PORT');
    expect(error({ PORTSIP_WSI_URL: 'http://pbx' })).toEqual({
      variable: 'PORTSIP_WSI_URL',
      message: 'PORTSIP_WSI_URL: expected a ws:// or wss:// URL',
    });
    expect(error({ WALLBOARD_TIMEZONE: 'Mars/Olympus' }).variable).toBe('WALLBOARD_TIMEZONE');
    expect(error({ SLA_SECONDS: '-1' }).variable).toBe('SLA_SECONDS');
    expect(error({ DEMO: 'yes' }).variable).toBe('DEMO');
    expect(error({ DEMO_DAY: 'tomorrow' }).variable).toBe('DEMO_DAY');
    expect(loadConfig({ DEMO_BREAK_SHARE: '0.5' }).demoBreakShare).toBe(0.5);
    expect(error({ DEMO_BREAK_SHARE: '1.5' }).variable).toBe('DEMO_BREAK_SHARE');
    expect(error({ DEMO_BREAK_SHARE: 'many' }).variable).toBe('DEMO_BREAK_SHARE');
    expect(error({ API_TOKEN: 'short' }).variable).toBe('API_TOKEN');
    expect(error({ METRICS_TOKEN: 'short' }).variable).toBe('METRICS_TOKEN');
    expect(error({ WEBHOOK_TOKEN: 'has spaces in it, sixteen+' }).variable).toBe('WEBHOOK_TOKEN');
    expect(error({ JOURNAL_SYNC: 'sometimes' }).variable).toBe('JOURNAL_SYNC');
    expect(error({ JOURNAL_RETENTION_DAYS: '0' }).variable).toBe('JOURNAL_RETENTION_DAYS');
    expect(error({ CHECKPOINT_EVERY_SECONDS: '1' }).variable).toBe('CHECKPOINT_EVERY_SECONDS');
    expect(error({ CHECKPOINT_EVERY_EVENTS: 'many' }).variable).toBe('CHECKPOINT_EVERY_EVENTS');
    expect(
      loadConfig({ CHECKPOINT_EVERY_SECONDS: '60', CHECKPOINT_EVERY_EVENTS: '10000' }).checkpoint,
    ).toEqual({
      everyMs: 60_000,
      everyEvents: 10_000,
    });
    expect(error({ RECONCILE_SECONDS: '-5' }).variable).toBe('RECONCILE_SECONDS');
    expect(error({ RECONCILE_SECONDS: '1.5' }).variable).toBe('RECONCILE_SECONDS');
  });

  it('self-checks every RECONCILE_SECONDS; 0 turns them off', () => {
    expect(loadConfig({ RECONCILE_SECONDS: '60' }).reconcileSeconds).toBe(60);
    expect(loadConfig({ RECONCILE_SECONDS: '0' }).reconcileSeconds).toBe(0);
  });

  it('requires a complete PortSIP login when a URL is given, without echoing the password', () => {
    expect(error({ PORTSIP_WSI_URL: 'ws://pbx:8887' }).variable).toBe('PORTSIP_USERNAME');
    expect(error({ PORTSIP_WSI_URL: 'ws://pbx:8887', PORTSIP_USERNAME: 'a' }).variable).toBe(
      'PORTSIP_PASSWORD',
    );
    const both = error({
      PORTSIP_WSI_URL: 'ws://p',
      PORTSIP_USERNAME: 'a',
      PORTSIP_EXTENSION: '1',
      PORTSIP_PASSWORD: 'hunter2hunter2',
    });
    expect(both.variable).toBe('PORTSIP_EXTENSION');
    expect(both.message).not.toContain('hunter2');
  });

  it('reads access settings: proxy trust, idle hours, the secret key as hex or base64, the admin seed', () => {
    const key = Buffer.from('0123456789abcdef0123456789abcdef');
    const c = loadConfig({
      TRUST_PROXY: '1',
      SESSION_IDLE_HOURS: '8',
      SECRET_KEY: key.toString('hex'),
      ADMIN_EMAIL: ' Admin@Example.com ',
      ADMIN_PASSWORD: ' long enough ',
    });
    expect(c.access).toEqual({
      trustProxy: true,
      sessionIdleHours: 8,
      secretKey: key,
      adminSeed: { email: 'admin@example.com', password: ' long enough ' },
    });
    expect(loadConfig({ SECRET_KEY: key.toString('base64') }).access.secretKey).toEqual(key);
    expect(loadConfig({ SECRET_KEY: key.toString('base64url') }).access.secretKey).toEqual(key);
  });

  it('refuses a bad secret key or admin seed without echoing the values', () => {
    for (const bad of ['short', Buffer.alloc(31).toString('base64'), 'f'.repeat(63), 'g'.repeat(64)]) {
      const e = error({ SECRET_KEY: bad });
      expect(e.variable, bad).toBe('SECRET_KEY');
      expect(e.message).not.toContain(bad);
    }
    expect(error({ ADMIN_EMAIL: 'a@example.com' }).variable).toBe('ADMIN_PASSWORD');
    expect(error({ ADMIN_PASSWORD: 'long-enough-pw' }).variable).toBe('ADMIN_EMAIL');
    const short = error({ ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'hunter2' });
    expect(short.variable).toBe('ADMIN_PASSWORD');
    expect(short.message).not.toContain('hunter2');
    expect(error({ ADMIN_EMAIL: 'nobody', ADMIN_PASSWORD: 'long-enough-pw' }).variable).toBe('ADMIN_EMAIL');
    expect(error({ SESSION_IDLE_HOURS: '0' }).variable).toBe('SESSION_IDLE_HOURS');
    expect(error({ TRUST_PROXY: 'yes' }).variable).toBe('TRUST_PROXY');
  });

  it('DATABASE_URL: a postgres URL or nothing (one process); its password never echoed or logged', () => {
    expect(loadConfig({}).databaseUrl).toBeNull();
    const url = 'postgres://callboard:s3cret-pw@db.example:5432/callboard';
    expect(loadConfig({ DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/cb' }).databaseUrl).toBe('postgresql://db/cb');
    const bad = error({ DATABASE_URL: 'mysql://root:hunter2@db/cb' });
    expect(bad.variable).toBe('DATABASE_URL');
    expect(bad.message).not.toContain('hunter2');
    expect(redactedUrl(url)).toBe('postgres://callboard:***@db.example:5432/callboard');
    expect(redactedUrl('postgres://db/cb')).toBe('postgres://db/cb');
  });

  it('DEMO=1 with DATABASE_URL is refused: the demo is one process with its own simulated PBX', () => {
    const both = error({ DEMO: '1', DATABASE_URL: 'postgres://callboard:s3cret-pw@db/cb' });
    expect(both.variable).toBe('DEMO');
    expect(both.message).toContain('DATABASE_URL');
    expect(both.message).toContain('npm run demo:cluster');
    expect(both.message).not.toContain('s3cret-pw');
    // Either alone is fine; DEMO=0 beside a database too.
    expect(loadConfig({ DEMO: '1' }).demo).toBe(true);
    expect(loadConfig({ DEMO: '0', DATABASE_URL: 'postgres://db/cb' }).databaseUrl).toBe('postgres://db/cb');
  });
});
