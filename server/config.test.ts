import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

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
      production: false,
      portsip: null,
      apiToken: null,
      timezone: 'UTC',
      slaSeconds: 20,
      shortAbandonSeconds: 5,
      demo: false,
      webhookToken: null,
      journal: { synchronous: 'full', retentionDays: 8, rawRetentionDays: 3 },
      logLevel: 'info',
    });
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
    expect(error({ API_TOKEN: 'short' }).variable).toBe('API_TOKEN');
    expect(error({ WEBHOOK_TOKEN: 'has spaces in it, sixteen+' }).variable).toBe('WEBHOOK_TOKEN');
    expect(error({ JOURNAL_SYNC: 'sometimes' }).variable).toBe('JOURNAL_SYNC');
    expect(error({ JOURNAL_RETENTION_DAYS: '0' }).variable).toBe('JOURNAL_RETENTION_DAYS');
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
});
