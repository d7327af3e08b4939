// Line numbers → the one pseudonym mamoru knows a line by. The SMS module pseudonymises the sender's normalised
// form (classifySender(...).normalized, E.164 for a phone number), so the directory and the consent registry use
// exactly that normalisation: "090-1234-5678", "09012345678", "+819012345678" and "819012345678" are one line.
import { AppError, createPseudonymizer, type Pseudonymizer } from '../core/index.js';
import { classifySender } from '../text/index.js';

// Dashes people type inside numbers that NFKC leaves alone (the katakana prolonged sound mark above all), and
// parentheses around the area code; made into what classifySender reads (it ignores hyphens). The result is the
// same E.164 form classifySender gives the SMS sender, so the pseudonyms match.
const DASHES = /[ー－−‐‑‒–—―]/g;
const PARENS = /[()]/g;

/**
 * The E.164 form of a Japanese mobile line (070/080/090), or null for anything else: fixed, IP-phone, free-dial,
 * 0005 and foreign numbers are not lines a mobile carrier's subscriber directory holds.
 */
export function normalizeLine(raw: string): string | null {
  if (typeof raw !== 'string' || raw.length > 40) return null;
  const info = classifySender(raw.normalize('NFKC').replace(DASHES, '-').replace(PARENS, ''));
  if (info.type !== 'phone' || info.phone?.country !== 'JP' || info.phone.kind !== 'mobile') return null;
  return info.normalized;
}

export interface LineId {
  /** E.164. */
  line: string;
  /** Keyed-HMAC pseudonym of `line` (p1:…), the senderKey of SMS verdict events. */
  lineKey: string;
}

/** Turns a line number in any accepted form into its E.164 form and pseudonym. */
export class LineKeys {
  private readonly pseudonymize: Pseudonymizer;

  constructor(pseudonymKey: string) {
    this.pseudonymize = createPseudonymizer(pseudonymKey);
  }

  /** Throws INVALID_LINE for anything that is not a Japanese mobile number. The message never repeats the input. */
  of(raw: string): LineId {
    const line = normalizeLine(raw);
    if (line === null) throw new AppError('INVALID_LINE', 'not a Japanese mobile number (070/080/090 and 8 digits, or +81 and 10 digits)');
    return { line, lineKey: this.pseudonymize(line) };
  }

  /** The pseudonym of an already normalised E.164 line. */
  keyOf(e164: string): string {
    return this.pseudonymize(e164);
  }
}
