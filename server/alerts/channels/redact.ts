/**
 * Takes a channel's secret out of a text before it reaches the log or the browser. A Slack or Teams
 * URL is a secret as a whole, but also by its path (an error may quote the path without the host),
 * so both are removed.
 */
export function redact(text: string, secret: string | undefined): string {
  if (!secret) return text;
  let out = text.split(secret).join('[secret]');
  const path = pathOf(secret);
  if (path !== null && path.length >= 8) out = out.split(path).join('[secret]');
  return out;
}

function pathOf(maybeUrl: string): string | null {
  try {
    const u = new URL(maybeUrl);
    return `${u.pathname}${u.search}`;
  } catch {
    return null;
  }
}

/** At most `max` characters of a receiver's words on one line: a log line, not a copy of its page. */
export function shortText(text: string, max = 300): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
