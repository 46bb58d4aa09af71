import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The process logger. Secrets must never reach a log line: code never logs them on purpose, and
 * these paths are censored in case an object carrying one is logged whole.
 */
export const REDACT = {
  paths: ['password', '*.password', 'token', '*.token', 'apiToken', 'auth', 'secret', '*.secret', 'secrets'],
  censor: '[secret]',
};

export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return destination ? pino({ level, redact: REDACT }, destination) : pino({ level, redact: REDACT });
}
