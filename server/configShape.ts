import type { AccessConfig } from './accessConfig';

/**
 * What the server is configured with: the shape `loadConfig` (config.ts, the one reader of
 * process.env) returns after validating every variable. Apart so the shape reads on its own.
 */

export interface PortsipConfig {
  readonly url: string;
  readonly auth: {
    readonly username?: string;
    readonly extension?: string;
    readonly password: string;
    readonly domain?: string;
  };
  readonly queues: readonly string[];
  readonly extensions: readonly string[];
  readonly tenants: readonly string[];
  readonly tlsInsecure: boolean;
  /** Optional REST enrichment (agent names); null = off. */
  readonly rest: {
    readonly url: string;
    readonly loginPath: string;
    readonly tenant: string | null;
    readonly refreshSeconds: number;
  } | null;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  readonly production: boolean;
  readonly portsip: PortsipConfig | null;
  readonly apiToken: string | null;
  /** METRICS_TOKEN: a Bearer token that reads `GET /metrics` and nothing else (a Prometheus scraper's). */
  readonly metricsToken: string | null;
  /**
   * PUBLIC_URL: where people reach this Callboard (https://wallboard.example.com), so alert messages
   * (Slack, Teams, e-mail, webhooks) can link to it; null: messages carry no link.
   */
  readonly publicUrl: string | null;
  readonly timezone: string;
  readonly slaSeconds: number;
  readonly shortAbandonSeconds: number;
  /** A PBX clock further off than this from the server's is flagged in source health (default 5 s). */
  readonly clockWarnSeconds: number;
  /** A waiting caller or open call with no news for this long is closed as lost track (default 4 h). */
  readonly lostTrackHours: number;
  /**
   * How often each PortSIP link checks the board against the PBX's fresh picture (seconds, default
   * 300; 0: never). It also checks after every (re)connect (docs/metrics.md, "Drift").
   */
  readonly reconcileSeconds: number;
  readonly demo: boolean;
  /**
   * DEMO_DAY: `today` opens the demo on the day so far (played in fast-forward), `empty` starts it
   * live, `yesterday` plays yesterday too (so history and reports have a closed day).
   */
  readonly demoDay: 'today' | 'empty' | 'yesterday';
  /**
   * DEMO_BREAK_SHARE: the share of calls after which a simulated agent goes on a break (Not Ready,
   * presence "Break"); default 0.06. A higher share shows a floor where breaks are common (and lets a
   * browser test find one at once instead of waiting for the dice).
   */
  readonly demoBreakShare: number;
  /** Seeds the secret of every webhook source (the settings page manages one per source later). */
  readonly webhookToken: string | null;
  readonly journal: {
    /** 'full': a commit survives power loss; 'normal': it survives a process crash (SIGKILL). */
    readonly synchronous: 'full' | 'normal';
    readonly retentionDays: number;
    readonly rawRetentionDays: number;
    /**
     * Free space (bytes) the journal leaves on DATA_DIR's disk: below it, webhooks get 503 and
     * /readyz says why, before SQLite runs out of room mid-checkpoint. 0: no reserve.
     */
    readonly minFreeBytes: number;
  };
  /** Restart checkpoints of the reduced state (server/checkpoints.ts): taken at whichever comes first. */
  readonly checkpoint: { readonly everyMs: number; readonly everyEvents: number };
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  /** Accounts, sessions, proxy trust and the secret key (server/accessConfig.ts). */
  readonly access: AccessConfig;
  /** INSTANCE_ID: this process among instances sharing a database (link owners); default hostname:pid. */
  readonly instanceId: string;
  /**
   * DATABASE_URL (postgres://…): instances on one PostgreSQL share their Socket.IO messages (revoke,
   * reload, settings and board changes, floor messages, alert actions) through
   * `@socket.io/postgres-adapter`; null: one process, the in-memory adapter. Holds a password: never
   * log it (`redactedUrl`).
   */
  readonly databaseUrl: string | null;
}
