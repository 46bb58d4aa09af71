import WebSocket, { type RawData } from 'ws';
import type { TrackLost } from '../../lib/domain/events';
import type { SourceHealth } from '../../lib/protocol';
import { authCommand, type SubscribeCommand, subscribeLabel } from '../../lib/sources/portsip/commands';
import { fullJitterDelay } from './backoff';
import { type Connection, closeConnection, openConnection } from './connection';
import { type FrameOutcome, readFrame } from './frames';
import { createGapWatch } from './gapWatch';
import { startHeartbeat } from './heartbeat';
import type { LinkCounters, LinkHealth, LinkOptions } from './linkOptions';
import { describeAuth, redact, safeUrl } from './safeText';
import { createSelfCheck } from './selfCheck';
import { joinDetails, type SessionHooks, type WsiReply } from './session';
import { createTimerBag } from './timers';

export type { LinkCounters, LinkHealth, LinkOptions };

const TOO_BIG = 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH';
/** Labels the self-check's subscribes, so their replies go to it, not to the session. */
const CHECK = 'self-check: ';

/**
 * One WebSocket link to a PortSIP WSI server that never gives up: connect, authenticate, let the
 * session subscribe, watch the heartbeat, and reconnect with full-jitter backoff until stopped.
 */
export function createWsiLink(o: LinkOptions) {
  const t = o.timing;
  const log = o.logger;
  const linkTimers = createTimerBag(); // the reconnect timer lives here, not with a connection
  let conn: Connection | null = null;
  let stopped = true;
  let attempt = 0;
  let connects = 0;
  let health: LinkHealth = {
    status: 'disconnected',
    detail: 'not started',
    lastEventAt: null,
    lastProofOfLifeAt: null,
  };
  const stopWaiters: (() => void)[] = [];
  /** When each connection's resync began (server clock), until its snapshots are in. */
  const resyncs = new WeakMap<Connection, number>();
  // The status detail: the session's (missing snapshots, refusals) and the last self-check's failure.
  let sessionDetail: string | null = null;
  let checkDetail: string | null = null;
  const gaps = createGapWatch({ source: o.source, now: o.now });

  function setHealth(status: SourceHealth, detail: string | null): void {
    if (health.status === status && health.detail === detail) return;
    health = { ...health, status, detail };
    o.onHealthChange();
  }

  /** Recorded quietly: the connector reports it in steps (a pong every few seconds is no news). */
  function alive(at: number): void {
    health = { ...health, lastProofOfLifeAt: at };
  }

  function connect(): void {
    connects += 1;
    if (connects > 1) o.counters.reconnects += 1;
    o.clock.reset(); // a new connection may reach a PBX whose clock was set meanwhile
    sessionDetail = null;
    checkDetail = null;
    setHealth('connecting', null);
    log.info({ url: safeUrl(o.url), attempt }, 'WSI connecting');
    const c = openConnection(o.url, t, o.tlsInsecure);
    const ws = c.ws;
    conn = c;
    ws.on('open', () => onOpen(c));
    ws.on('message', (data, isBinary) => onMessage(c, data, isBinary));
    ws.on('error', (err: Error & { code?: string }) => onError(c, err));
    ws.on('close', (code, reason) => onClose(c, code, reason.toString()));
  }

  function onOpen(c: Connection): void {
    // A link that stays up this long is healthy again: the next failure backs off from the base.
    c.timers.after(t.stableMs, () => {
      attempt = 0;
    });
    startHeartbeat(c.ws, c.timers, {
      intervalMs: t.pingIntervalMs,
      missedPongs: t.missedPongs,
      onPong: () => {
        if (conn !== c) return;
        alive(o.now());
        o.onHealthChange(); // a quiet link's only news: the connector reports it in steps
      },
      onDead: (missed) => {
        c.lastError = `no pong for ${missed} ping intervals: link presumed dead`;
        log.warn({ missed }, 'WSI heartbeat lost: terminating the socket');
        c.ws.terminate();
      },
    });
    log.info({ as: describeAuth(o.auth) }, 'WSI connected: authenticating');
    c.ws.send(JSON.stringify(authCommand(o.auth)));
    c.authTimer = c.timers.after(t.snapshotTimeoutMs, () => {
      c.lastError = 'no answer to auth';
      log.warn('WSI auth unanswered: reconnecting');
      c.ws.terminate();
    });
  }

  function onMessage(c: Connection, data: RawData, isBinary: boolean): void {
    if (stopped) return; // frames still in flight during the close handshake: the hub has moved on
    o.counters.framesIn += 1;
    try {
      const receivedAt = o.now();
      alive(receivedAt);
      const frame = readFrame(data, isBinary, { source: o.source, receivedAt });
      if (frame.kind === 'bad') badFrame(frame.excerpt, frame.reason);
      else if (frame.kind === 'reply') onReply(c, frame.reply);
      else onAccepted(c, frame, receivedAt);
    } catch (err) {
      // A throwing consumer must not take the link down with it (ws would emit it as a socket error).
      log.error({ err }, 'WSI frame handling failed');
    }
  }

  function onAccepted(
    c: Connection,
    frame: Extract<FrameOutcome, { kind: 'accepted' }>,
    receivedAt: number,
  ): void {
    if (frame.ignored) log.debug({ reason: frame.ignored }, 'WSI frame ignored');
    if (frame.warnings) log.debug({ warnings: frame.warnings }, 'WSI frame partly skipped');
    if (frame.events.length === 0) return;
    // The latest frame's time, not the highest ever seen: one event from a PBX clock that was hours
    // ahead (still plausible) must not mask a silent source until that hour comes.
    let latest = Number.NEGATIVE_INFINITY;
    for (const e of frame.events) latest = Math.max(latest, e.at);
    health = { ...health, lastEventAt: latest };
    // A moved clock estimate goes first, journaled with the frame that moved it (replay = live).
    const estimate = o.clock.observe(receivedAt, frame.events);
    // A check's fact is journaled with the snapshot that answered it, after it (selfCheck.ts).
    const checked =
      conn === c && c.check && frame.snapshot ? c.check.onSnapshot(frame.events, receivedAt) : [];
    const before = estimate ? [estimate] : [];
    const batch =
      before.length + checked.length === 0 ? frame.events : [...before, ...frame.events, ...checked];
    o.onEvents(batch);
    if (conn === c) c.session?.onEvents(frame.events, frame.snapshot);
  }

  function onReply(c: Connection, reply: WsiReply): void {
    if (reply.command !== 'auth') {
      const label = c.unanswered.shift() ?? reply.command;
      // A refused check subscribe is told by its timeout; the session's refusals stay its own.
      if (label.startsWith(CHECK)) log.debug({ subscribe: label, ok: reply.ok }, 'WSI self-check reply');
      else c.session?.onReply(reply, label);
      return;
    }
    if (c.session || c.authRefused) return; // a repeated auth reply changes nothing
    c.timers.clear(c.authTimer);
    if (!reply.ok) {
      c.authRefused = true;
      const detail = `PBX refused login (${describeAuth(o.auth)}): ${redact(reply.error ?? 'no reason given', o.auth.password)}`;
      log.error({ detail, retryInMs: t.authRetryMs }, 'WSI auth failed');
      setHealth('error', detail);
      c.ws.close();
      return;
    }
    log.info('WSI authenticated: subscribing');
    setHealth('resyncing', null);
    resyncs.set(c, o.now());
    c.session = o.createSession(sessionHooks(c));
    c.session.start();
  }

  function sessionHooks(c: Connection): SessionHooks {
    return {
      send: (command) => send(c, command, ''),
      report(status, detail) {
        if (conn !== c) return;
        sessionDetail = detail;
        setHealth(status, joinDetails([detail, checkDetail]));
        if (status === 'connected') resynced(c);
      },
      timers: c.timers,
      logger: log,
    };
  }

  function send(c: Connection, command: SubscribeCommand, labelPrefix: string): void {
    if (conn !== c || c.ws.readyState !== WebSocket.OPEN) return;
    c.unanswered.push(labelPrefix + subscribeLabel(command));
    log.debug({ command }, 'WSI subscribe');
    c.ws.send(JSON.stringify(command));
  }

  /** Compare the board with the PBX's fresh picture, now and every intervalMs (docs/metrics.md, "Drift"). */
  function startCheck(c: Connection): void {
    const sc = o.selfCheck;
    const session = c.session;
    if (!sc || sc.intervalMs <= 0 || !session?.queues || c.check) return;
    c.check = createSelfCheck({
      source: o.source,
      intervalMs: sc.intervalMs,
      timeoutMs: t.snapshotTimeoutMs,
      queues: () => session.queues?.() ?? [],
      board: sc.board,
      ...(sc.rest ? { rest: sc.rest } : {}),
      send: (command) => send(c, command, CHECK),
      emit: (events) => {
        if (conn === c) o.onEvents(events);
      },
      onRound: (failed, answeredAt) => {
        if (conn !== c) return;
        if (answeredAt !== null) alive(answeredAt);
        checkDetail = failed;
        setHealth(health.status, joinDetails([sessionDetail, failed]));
        o.onHealthChange(); // a check is a proof of life: reported even when nothing else changed
      },
      now: o.now,
      timers: c.timers,
      logger: log.child({ part: 'self-check' }),
    });
    c.check.start();
  }

  /**
   * The fresh snapshots are in: what they no longer report of the time before this connection (a
   * call from before an outage or a restart) lost its track. Said as a journaled fact, so that a
   * replay closes the same entries (docs/metrics.md, "Lost track").
   */
  function resynced(c: Connection): void {
    const since = resyncs.get(c);
    if (since === undefined) return;
    resyncs.delete(c);
    const gap = gaps.back();
    if (gap) {
      log.warn({ from: gap.from, to: gap.to }, 'WSI link back: a gap recorded');
      o.onEvents([gap]);
      o.onGap?.(gap);
    }
    o.onResynced?.();
    startCheck(c);
    if (!o.closesLostOnResync) return;
    const event: TrackLost = {
      type: 'trackLost',
      source: o.source,
      origin: 'portsip-wsi',
      at: o.now(),
      atArrival: true,
      reason: 'resynced',
      quietSince: since,
    };
    o.onEvents([event]);
  }

  function badFrame(excerpt: string, reason: string): void {
    o.counters.badFrames += 1;
    log.warn({ frame: excerpt, reason }, 'WSI frame rejected');
  }

  function onError(c: Connection, err: Error & { code?: string }): void {
    if (err.code === TOO_BIG) badFrame(`<frame over ${t.maxPayloadBytes} bytes>`, err.message);
    c.lastError = c.lastError ?? err.message;
    log.warn({ err: err.message, code: err.code }, 'WSI socket error');
  }

  function onClose(c: Connection, code: number, reason: string): void {
    c.timers.clearAll();
    c.check?.stop();
    if (conn === c) conn = null;
    if (stopped) {
      setHealth('disconnected', 'stopped');
      for (const resolve of stopWaiters.splice(0)) resolve();
      return;
    }
    if (c.authRefused) {
      // Status stays 'error' with the PBX's reason until the next attempt.
      schedule(t.authRetryMs);
      return;
    }
    gaps.lost(health.lastProofOfLifeAt);
    const why = c.lastError ?? `closed by the PBX (code ${code}${reason ? `: ${reason}` : ''})`;
    setHealth('disconnected', why);
    schedule(fullJitterDelay(attempt, t.backoffBaseMs, t.backoffCapMs, o.random));
    attempt += 1;
  }

  function schedule(delayMs: number): void {
    log.info({ delayMs }, 'WSI reconnect scheduled');
    linkTimers.after(delayMs, () => {
      if (!stopped) connect();
    });
  }

  return {
    start(): void {
      if (!stopped) return;
      stopped = false;
      gaps.starting();
      connect();
    },
    stop(): Promise<void> {
      stopped = true;
      linkTimers.clearAll();
      const c = conn;
      if (!c) {
        setHealth('disconnected', 'stopped');
        return Promise.resolve();
      }
      const closed = new Promise<void>((resolve) => stopWaiters.push(resolve));
      closeConnection(c, t.closeGraceMs);
      return closed;
    },
    health: (): LinkHealth => health,
  };
}

export type WsiLink = ReturnType<typeof createWsiLink>;
