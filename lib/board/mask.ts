/**
 * Caller masking for boards with `maskCallers` (lib/board/model.ts). Pure, no locale data beyond the
 * ITU country-code lengths below.
 *
 * What is masked, and how:
 * - International numbers (`+…` or `00…`): the country code stays, then the first digit of the national
 *   number and its last three; every other digit becomes `•`. `+447912345123` → `+44 7••• ••• 123`.
 * - National numbers (7 digits or more, no country code): the first digit stays (two when the first is
 *   the trunk prefix 0) and the last three. `07912345123` → `07 ••• ••• 123`; `5551234` → `5••• 234`.
 * - Digits are grouped in threes from the right; a lone leading digit joins its neighbour.
 * - Extensions and short codes (at most 6 digits, no `+`) are internal, not personal: never masked.
 * - Formatting (spaces, dashes, dots, brackets) and `tel:`/`sip:` wrappers are ignored when reading.
 * - Anything that is not a number (a name, "anonymous") is returned as is by `maskCaller`;
 *   `maskCallerText` turns names into initials (`Mindy Ryan` → `M. R.`).
 * - At least three digits are always hidden; very short international numbers keep fewer digits.
 */

const DOT = '•';
const EXTENSION_MAX_DIGITS = 6;

/** Two-digit country calling codes (ITU-T E.164); 1 and 7 are the one-digit ones, the rest have three. */
const TWO_DIGIT_CODES = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

export function countryCodeLength(digits: string): number {
  if (digits.startsWith('1') || digits.startsWith('7')) return 1;
  return TWO_DIGIT_CODES.has(digits.slice(0, 2)) ? 2 : 3;
}

/** The digits of a phone number (with its leading `+`), or null if the text is not one. */
export function phoneDigits(text: string): string | null {
  let s = text.trim();
  const uri = /^(?:tel|sips?):([^@;]+)/i.exec(s);
  if (uri?.[1]) s = uri[1];
  s = s.replace(/[\s\-.()/]/g, '');
  if (!/^\+?\d+$/.test(s)) return null;
  return s.startsWith('00') ? `+${s.slice(2)}` : s;
}

/** Groups of three from the right; a single leftover digit joins the group after it. */
function group(chars: string): string {
  const groups: string[] = [];
  let end = chars.length;
  while (end > 0) {
    const start = Math.max(0, end - 3);
    groups.unshift(chars.slice(start, end));
    end = start;
  }
  if (groups.length > 1 && groups[0]?.length === 1) groups.splice(0, 2, `${groups[0]}${groups[1]}`);
  return groups.join(' ');
}

function hide(digits: string, keepHead: number): string {
  let head = keepHead;
  let tail = 3;
  if (digits.length - head - tail < 3) {
    head = 0;
    tail = Math.max(0, Math.min(3, digits.length - 3));
  }
  const hidden = digits.length - head - tail;
  return group(digits.slice(0, head) + DOT.repeat(hidden) + digits.slice(digits.length - tail));
}

/** Mask a caller number (see the rules above); null stays null, non-numbers are returned unchanged. */
export function maskCaller(caller: string): string;
export function maskCaller(caller: string | null): string | null;
export function maskCaller(caller: string | null): string | null {
  if (caller === null) return null;
  const digits = phoneDigits(caller);
  if (digits === null) return caller;
  if (digits.startsWith('+')) {
    const international = digits.slice(1);
    const cc = countryCodeLength(international);
    const national = international.slice(cc);
    if (national.length === 0) return `+${international}`;
    return `+${international.slice(0, cc)} ${hide(national, 1)}`;
  }
  if (digits.length <= EXTENSION_MAX_DIGITS) return caller;
  return hide(digits, digits.startsWith('0') ? 2 : 1);
}

/** A name as initials: "Mindy Ryan Jr." → "M. R. J." (at most three). */
export function maskName(name: string): string {
  const initials = name
    .trim()
    .split(/\s+/)
    .filter((w) => /\p{L}|\p{N}/u.test(w))
    .slice(0, 3)
    .map((w) => `${[...w][0]?.toUpperCase() ?? ''}.`);
  return initials.join(' ');
}

/** Text that may be a number or a name (an agent's current caller): numbers masked, names as initials. */
export function maskCallerText(text: string | null): string | null {
  if (text === null) return null;
  return phoneDigits(text) === null ? maskName(text) : maskCaller(text);
}

/** How a board shows a caller: masked when the board says so. */
export function showCaller(
  caller: string | null,
  callerName: string | null,
  mask: boolean,
): { name: string | null; number: string | null } {
  return mask
    ? { name: callerName === null ? null : maskName(callerName), number: maskCaller(caller) }
    : { name: callerName, number: caller };
}
