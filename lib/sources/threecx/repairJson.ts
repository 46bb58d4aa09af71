/**
 * The one JSON repair the 3CX normalizer makes, for a defect the WebhooksApi doc itself shows:
 * `"Callerid": 05552221133"`, a string value whose opening quote was dropped.
 *
 * Rule: a run of digits (optionally led by '+') that stands where a value is expected (after ':' and
 * optional JSON whitespace) and is directly followed by '"' and then optional whitespace and ',' or
 * '}' gets its opening quote back. It is a string, so leading zeros stay.
 *
 * Anything else is left alone on purpose: `"Id": 30307135611_31-1"` is not digits only, and its
 * content is damaged too (the leading '2' is lost), so guessing would hand the reducer a wrong call id.
 *
 * Well-formed string literals are matched first and passed through untouched, so a digit run that sits
 * inside a string value (`"Note": "ratio: 5", …`) is never mistaken for a bare value, and the scan
 * stays in step with the quotes after each repair (the repaired match consumes its closing quote).
 */
const STRING_OR_UNQUOTED_DIGITS = /"(?:[^"\\]|\\[\s\S])*"|(:[ \t\r\n]*)(\+?\d+)"(?=[ \t\r\n]*[,}])/g;

export interface JsonRepair {
  readonly text: string;
  /** One per inserted quote, with the 0-based offset of the digits in the original text. */
  readonly warnings: readonly string[];
}

/** The repaired text, or undefined when the rule found nothing to repair. Callers re-parse it. */
export function repairMissingOpeningQuotes(text: string): JsonRepair | undefined {
  const warnings: string[] = [];
  const repaired = text.replace(
    STRING_OR_UNQUOTED_DIGITS,
    (match: string, prefix: string | undefined, digits: string | undefined, offset: number) => {
      if (prefix === undefined || digits === undefined) return match; // a well-formed string literal
      warnings.push(`repaired missing opening quote before ${digits} at position ${offset + prefix.length}`);
      return `${prefix}"${digits}"`;
    },
  );
  return warnings.length > 0 ? { text: repaired, warnings } : undefined;
}
