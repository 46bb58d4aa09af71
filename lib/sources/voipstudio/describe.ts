/**
 * A short, safe rendering of a payload value for error messages ("event_time \"yesterday\" is not …").
 * Never throws, whatever the value; long values are cut so one bad payload cannot flood the log.
 */
export function describeValue(value: unknown, max = 60): string {
  try {
    const json = value === undefined ? undefined : JSON.stringify(value);
    const shown = json ?? String(value);
    return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** "array", "null", "string", … — for "payload is not an object (got array)". */
export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}
