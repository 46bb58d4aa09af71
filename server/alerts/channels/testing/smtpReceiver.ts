import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/**
 * A real SMTP server on 127.0.0.1:0 (the `smtp-server` package) for the e-mail channel's tests:
 * keeps every message it accepts with its envelope and login. `tls: 'implicit'` speaks TLS from the
 * first byte; otherwise STARTTLS is offered unless `starttls: false`. Both use the package's own
 * self-signed certificate.
 */
export interface ReceivedMail {
  readonly from: string | null;
  readonly to: string[];
  readonly user: string | null;
  /** Whether the session was encrypted when the message came (implicit TLS or after STARTTLS). */
  readonly secure: boolean;
  readonly raw: string;
}

export interface SmtpReceiver {
  readonly port: number;
  readonly mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function startSmtpReceiver(
  o: {
    readonly tls?: 'implicit' | 'starttls' | 'off';
    /** user → password; absent: no login needed. */
    readonly users?: Readonly<Record<string, string>>;
    /** Answer each DATA with this error instead of accepting it (e.g. a 451 for a transient failure). */
    readonly refuse?: (index: number) => { code: number; message: string } | null;
  } = {},
): Promise<SmtpReceiver> {
  const mails: ReceivedMail[] = [];
  let index = 0;
  const tls = o.tls ?? 'off';
  const server = new SMTPServer({
    secure: tls === 'implicit',
    ...(tls === 'off' ? { disabledCommands: ['STARTTLS'] } : {}),
    authOptional: o.users === undefined,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      const ok = o.users !== undefined && o.users[auth.username ?? ''] === auth.password;
      if (!ok) return callback(new Error('Invalid username or password'));
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const refusal = o.refuse?.(index++) ?? null;
        if (refusal) {
          const err = new Error(refusal.message) as Error & { responseCode: number };
          err.responseCode = refusal.code;
          return callback(err);
        }
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: typeof session.user === 'string' ? session.user : null,
          secure: session.secure,
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback(null, 'Message queued as test-1');
      });
    },
  });
  // A client that hangs up mid-handshake (a refused certificate) is the test's point, not a crash.
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.server.address() as AddressInfo;
  return {
    port: address.port,
    mails,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
