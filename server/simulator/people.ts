import { chance, pick, type Rng, uniformInt } from './random';

/**
 * Who calls and who answers: display names, caller numbers and SIP Call-IDs, all drawn from the
 * seeded generator so a run's frames are the same every time.
 */

const FIRST = [
  'Thomas',
  'Emma',
  'Oliver',
  'Amelia',
  'Jack',
  'Isla',
  'Harry',
  'Ava',
  'Noah',
  'Mia',
  'Leo',
  'Grace',
];
const LAST = ['Young', 'Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans', 'Walker', 'Wright', 'Green'];

export function personName(rng: Rng): string {
  return `${pick(rng, FIRST)} ${pick(rng, LAST)}`;
}

/** A caller's display name; a third of callers withhold it (the CDR then has ""). */
export function callerName(rng: Rng): string {
  return chance(rng, 1 / 3) ? '' : personName(rng);
}

/** A national mobile or landline number, as a trunk presents it. */
export function callerNumber(rng: Rng): string {
  const prefix = pick(rng, ['07', '01', '02']);
  let digits = '';
  for (let i = 0; i < 9; i++) digits += String(uniformInt(rng, 0, 9));
  return prefix + digits;
}

const CALL_ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A SIP Call-ID in the shape of the Event Reference example ("b6PEEYEcn5speSovMAybCw.."). */
export function sipCallId(rng: Rng): string {
  let id = '';
  for (let i = 0; i < 22; i++) id += CALL_ID_CHARS.charAt(Math.floor(rng() * CALL_ID_CHARS.length));
  return `${id}..`;
}
