// Phone numbers: Japanese numbers by a hand-written fast path (this runs on every message), anything else
// through libphonenumber-js.
//
// The 'max' metadata is used for foreign numbers: it validates against each country's full number patterns,
// not only lengths, which keeps random digit runs after a '+' from counting as numbers. Its size (~145 kB)
// does not matter on a server, and Japanese numbers never reach it.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export type PhoneKind =
  | 'mobile'
  | 'ip'
  | 'freedial'
  | 'navidial'
  | 'fixed'
  | 'common'
  | 'premium'
  | 'international'
  | 'other';

export interface PhoneInfo {
  /** The text the number was parsed from. */
  raw: string;
  /** '+819012345678'. Null for 0005 common numbers (they have no E.164 form) and for invalid or masked numbers. */
  e164: string | null;
  /**
   * Japanese national form, digits only ('09012345678', '00051234'); for a foreign number its national
   * significant number. For a masked number ('050-68○○-○○○○') only the visible leading digits ('05068').
   */
  national: string;
  kind: PhoneKind;
  /** 'JP' or the ISO 3166 code of a foreign number; null when unknown. */
  country: string | null;
  /** The digit count fits the prefix (Japanese) or libphonenumber accepts it (foreign). */
  valid: boolean;
}

/**
 * Kind and expected length of a Japanese national number from its leading digits (Ministry numbering plan).
 * `lengths` lists the valid total digit counts including the leading 0. Null when no Japanese number starts
 * like this.
 */
export function japanesePrefix(digits: string): { kind: PhoneKind; lengths: readonly number[] } | null {
  if (digits.length < 2 || digits[0] !== '0') return null;
  const d1 = digits[1];
  if (d1 === '0') {
    // Only 0005 (carrier common numbers for A2P SMS) is a number; other 00XY are carrier-select prefixes.
    if (digits.length >= 4 && digits.startsWith('0005')) return { kind: 'common', lengths: [8, 9, 10] };
    return digits.length < 4 && '0005'.startsWith(digits) ? { kind: 'common', lengths: [8, 9, 10] } : null;
  }
  if (digits.length >= 4) {
    // Four-digit service prefixes first: 0800 would otherwise read as an 080 mobile number.
    const p4 = digits.slice(0, 4);
    if (p4 === '0120') return { kind: 'freedial', lengths: [10] };
    if (p4 === '0800') return { kind: 'freedial', lengths: [11] };
    if (p4 === '0570') return { kind: 'navidial', lengths: [10] };
    if (p4 === '0990') return { kind: 'premium', lengths: [10] };
    // 0170 (message dial) and 0180 (telephone voting): special services, neither fixed nor mobile.
    if (p4 === '0170' || p4 === '0180') return { kind: 'other', lengths: [10] };
  }
  if (digits.length === 2) {
    // Only a masked number shows so little; 01, 03 and 04 can only begin fixed numbers.
    return '134'.includes(d1 ?? '') ? { kind: 'fixed', lengths: [10] } : { kind: 'other', lengths: [10, 11] };
  }
  const p3 = digits.slice(0, 3);
  if (p3 === '070' || p3 === '080' || p3 === '090') return { kind: 'mobile', lengths: [11] };
  if (p3 === '050') return { kind: 'ip', lengths: [11] };
  // 020 (pagers, M2M) and 060 (reserved for FMC) are 11 digits but neither a voice mobile nor a fixed line.
  if (p3 === '020' || p3 === '060') return { kind: 'other', lengths: [11] };
  return { kind: 'fixed', lengths: [10] };
}

// Separators people write inside numbers: hyphens and dashes of every width (including the katakana prolonged
// sound mark, often typed for a hyphen), spaces, dots, parentheses.
const SEPARATORS = /[\s\-‐‑‒–—―−ーｰ－.()（）［］[\]]/g;
const SIMPLE_NUMBER = /^\+?\d[\d-]*$/;
const TEL_LABEL = /^(?:tel|phone|電話(?:番号)?)[:：.\s]*/i;

/** Full-width digits and plus to ASCII; other characters unchanged. */
export function asciiDigits(input: string): string {
  return input.replace(/[０-９＋]/g, (c) => String.fromCharCode((c.codePointAt(0) ?? 0) - 0xfee0));
}

/** A Japanese national number (leading 0, digits only) to PhoneInfo. */
export function japaneseInfo(raw: string, national: string): PhoneInfo | null {
  const p = japanesePrefix(national);
  if (p === null) return null;
  const valid = p.lengths.includes(national.length);
  return {
    raw,
    e164: valid && p.kind !== 'common' ? `+81${national.slice(1)}` : null,
    national,
    kind: p.kind,
    country: 'JP',
    valid,
  };
}

function foreignInfo(raw: string, e164Digits: string): PhoneInfo | null {
  if (e164Digits.length < 7 || e164Digits.length > 15) return null;
  let parsed;
  try {
    parsed = parsePhoneNumberFromString(`+${e164Digits}`);
  } catch {
    return null;
  }
  if (parsed === undefined) return null;
  const valid = parsed.isValid();
  return {
    raw,
    e164: valid ? parsed.number : null,
    national: parsed.nationalNumber,
    kind: 'international',
    country: parsed.country ?? null,
    valid,
  };
}

/**
 * Digits after an international prefix or '+' (country code first) to PhoneInfo: +81 takes the Japanese
 * path, anything else libphonenumber-js.
 */
export function internationalInfo(raw: string, digits: string): PhoneInfo | null {
  if (digits.startsWith('81')) {
    let rest = digits.slice(2);
    // '+81 (0)90…': the trunk 0 written after the country code.
    if (rest.startsWith('0')) rest = rest.slice(1);
    if (rest === '' || rest.startsWith('0')) return null;
    return japaneseInfo(raw, `0${rest}`);
  }
  return foreignInfo(raw, digits);
}

// Japan's international call prefix 010, optionally after a carrier-select code (001, 0033, 0041, 0061).
const JP_INTERNATIONAL_PREFIX = /^(?:001|0033|0041|0061)?010/;

/**
 * Parses one number written in any usual way: '+81 90-1234-5678', '090-1234-5678', '０９０（１２３４）５６７８',
 * '0005-12-3456', '+1 202 555 0100', '010 1 202 555 0100', 'TEL: 03-1234-5678'. Null when it is not a phone
 * number; a Japanese number with a wrong digit count comes back with valid:false.
 */
export function parsePhone(input: string): PhoneInfo | null {
  if (typeof input !== 'string') return null;
  const raw = input;
  let s = input.trim();
  // The common case (ASCII digits and hyphens) skips the normalisation steps.
  if (!SIMPLE_NUMBER.test(s)) {
    s = asciiDigits(s.normalize('NFKC')).replace(TEL_LABEL, '');
    // '+81 (0)90…' keeps the trunk 0 in parentheses; drop it before the parentheses go.
    s = s.replace(/^(\+\s*\d{1,3})\s*\(0\)/, '$1');
  }
  const plus = s.startsWith('+');
  const digits = (plus ? s.slice(1) : s).replace(SEPARATORS, '');
  if (!/^\d{4,20}$/.test(digits)) return null;
  if (plus) return internationalInfo(raw, digits);
  const intl = JP_INTERNATIONAL_PREFIX.exec(digits);
  if (intl !== null) return internationalInfo(raw, digits.slice(intl[0].length));
  if (digits.length < 8 || digits.length > 11) return null;
  return japaneseInfo(raw, digits);
}
