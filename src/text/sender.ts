// SMS originator classification: what kind of sender an SMS claims to come from, in one normalised form.
import { japaneseInfo, parsePhone, type PhoneInfo } from './phone.js';

export type SenderType = 'phone' | 'common' | 'alphanumeric' | 'shortcode' | 'absent' | 'invalid';

export interface SenderInfo {
  type: SenderType;
  /** E.164 for phone numbers, the national digits for 0005 common numbers, the digits of a short code, the
   * upper-cased id for alphanumeric senders; null for absent and invalid. */
  normalized: string | null;
  /** Set for 'phone' and 'common'. */
  phone: PhoneInfo | null;
}

// GSM 03.38 alphanumeric originator: up to 11 characters. Letters, digits, space and the punctuation
// aggregators actually pass; at least one letter (an all-digit value is a number or short code).
const ALPHANUMERIC = /^(?=.*[A-Za-z])[A-Za-z0-9 .\-_&+'!]{1,11}$/;
const NUMERIC = /^\+?[0-9][0-9\s\-().]*$/;

const ABSENT: SenderInfo = Object.freeze({ type: 'absent', normalized: null, phone: null });
const INVALID: SenderInfo = Object.freeze({ type: 'invalid', normalized: null, phone: null });

/**
 * Classifies an SMS originator: E.164 ('+819012345678'), Japanese national ('09012345678'), 0005 common
 * number, alphanumeric sender id ('AMAZON'), short code (3–6 digits not starting with 0), absent (undefined,
 * null, blank) or invalid (anything else, including numbers with a wrong digit count).
 *
 * Also accepted, because SMPP gateways deliver it that way: a Japanese number in international format
 * without '+' ('819012345678').
 */
export function classifySender(from: string | null | undefined): SenderInfo {
  if (from === null || from === undefined) return ABSENT;
  if (typeof from !== 'string') return INVALID;
  const s = from.normalize('NFKC').trim();
  if (s === '') return ABSENT;
  if (s.length > 32) return INVALID;

  if (NUMERIC.test(s)) {
    const digits = s.replace(/\D/g, '');
    if (!s.startsWith('+') && !digits.startsWith('0')) {
      if (digits.length >= 3 && digits.length <= 6 && digits === s) {
        return { type: 'shortcode', normalized: digits, phone: null };
      }
      if (digits.startsWith('81') && (digits.length === 11 || digits.length === 12) && digits[2] !== '0') {
        const jp = japaneseInfo(s, `0${digits.slice(2)}`);
        if (jp?.valid === true && jp.kind !== 'common') return { type: 'phone', normalized: jp.e164, phone: jp };
      }
      return INVALID;
    }
    const phone = parsePhone(s);
    if (phone === null || !phone.valid) return INVALID;
    if (phone.kind === 'common') return { type: 'common', normalized: phone.national, phone };
    return { type: 'phone', normalized: phone.e164, phone };
  }

  if (ALPHANUMERIC.test(s)) return { type: 'alphanumeric', normalized: s.toUpperCase(), phone: null };
  return INVALID;
}
