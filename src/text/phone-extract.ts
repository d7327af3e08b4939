// Call-back numbers inside message text. Scam SMS without a link ask the victim to call; the number (or the
// fact that a masked one was there) is the signal, so masked quotes such as '050-68○○-○○○○' count too.
import { asciiDigits, internationalInfo, japaneseInfo, japanesePrefix, type PhoneInfo } from './phone.js';

const enum Cls {
  Other,
  Digit,
  Mask,
  Sep,
  Space,
}

// Characters that stand for a hidden digit in quoted numbers.
const MASKS = '○〇●◯◎*＊xXｘＸ×■□';
// Hyphens and dashes of every width, the katakana prolonged sound mark typed for a hyphen, dots, parentheses.
const SEPS = '-‐‑‒–—―−ーｰ－.()（）';

function cls(c: string | undefined): Cls {
  if (c === undefined) return Cls.Other;
  const code = c.charCodeAt(0);
  if (isDigitCode(code)) return Cls.Digit;
  if (c === ' ' || c === '\u3000') return Cls.Space;
  if (SEPS.includes(c)) return Cls.Sep;
  if (MASKS.includes(c)) return Cls.Mask;
  return Cls.Other;
}

function isDigitCode(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0xff10 && code <= 0xff19);
}

function isAsciiLetter(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0) | 0x20;
  return code >= 0x61 && code <= 0x7a;
}

function isWideLetter(c: string | undefined): boolean {
  if (c === undefined) return false;
  const code = c.charCodeAt(0);
  return (code >= 0xff21 && code <= 0xff3a) || (code >= 0xff41 && code <= 0xff5a);
}

/** May a number start at i, judging by what precedes it? Not inside a word, amount, date, path or code. */
function startAllowed(text: string, i: number): boolean {
  const p = text[i - 1];
  if (p === undefined) return true;
  const pc = cls(p);
  if (pc === Cls.Digit || pc === Cls.Mask) return false;
  if (p === '-' || p === '－' || p === '/' || p === '_' || p === '+' || p === '＋' || p === '¥' || p === '￥') return false;
  if ((p === '.' || p === ',') && cls(text[i - 2]) === Cls.Digit) return false;
  if (isAsciiLetter(p) || isWideLetter(p)) {
    // "TEL0312345678" is a label glued to a number; "ID0312345678" is an identifier.
    const word = asciiDigits(text.slice(Math.max(0, i - 4), i))
      .replace(/[Ａ-Ｚａ-ｚ]/g, (c) => String.fromCharCode((c.codePointAt(0) ?? 0) - 0xfee0))
      .toLowerCase();
    return /(?:^|[^a-z])tel$/.test(word);
  }
  return true;
}

interface Group {
  /** Digits and masks of the group, in order. */
  body: string;
  start: number;
  end: number;
  /** The separator run before this group contained a space (a natural place for a number to end). */
  spaceBefore: boolean;
}

// The longest number worth reading: carrier code + 010 + a 15-digit E.164 number is 22 digits, in at most
// 8 groups. Reading stops there, which also keeps the scan linear on long runs such as "0 0 0 0 …".
const MAX_GROUPS = 8;
const MAX_CHARS = 24;

/** Reads digit/mask groups separated by short separator runs, from i. */
function readGroups(text: string, i: number): Group[] {
  const groups: Group[] = [];
  let k = i;
  let spaceBefore = false;
  let total = 0;
  while (k < text.length && groups.length < MAX_GROUPS && total < MAX_CHARS) {
    const start = k;
    let body = '';
    while (k < text.length) {
      const ch = text[k];
      const c = cls(ch);
      if (c !== Cls.Digit && c !== Cls.Mask) break;
      const code = text.charCodeAt(k);
      // Full-width digits become ASCII here, so that the group body is ready for the prefix tables.
      body += code >= 0xff10 && code <= 0xff19 ? String.fromCharCode(code - 0xfee0) : ch;
      k++;
    }
    if (body !== '') groups.push({ body, start, end: k, spaceBefore });
    total += body.length;
    // A separator run: at most two characters, at most one space, no line break.
    let j = k;
    let spaces = 0;
    while (j < text.length && j - k < 2) {
      const c = cls(text[j]);
      if (c === Cls.Space) spaces++;
      else if (c !== Cls.Sep) break;
      j++;
    }
    if (j === k || spaces > 1) break;
    const next = cls(text[j]);
    if (next !== Cls.Digit && next !== Cls.Mask) break;
    spaceBefore = spaces > 0 || text.slice(k, j).includes(')') || text.slice(k, j).includes('）');
    k = j;
  }
  return groups;
}

const MASK_RE = /[○〇●◯◎*＊xXｘＸ×■□]/;
const JP_INTERNATIONAL_PREFIX = /^(?:001|0033|0041|0061)?010/;

/** The number formed by the first groups, whose bodies joined are `body`; null when it is none. */
function evaluate(text: string, last: Group, body: string, plus: boolean, from: number): PhoneInfo | null {
  // Every Japanese number (masked or not) has 8 to 11 digits, 010-prefixed and '+' forms at least 7.
  if (body.length < (plus ? 7 : 8)) return null;
  const raw = text.slice(from, last.end);
  const maskAt = body.search(MASK_RE);
  if (maskAt >= 0) {
    if (plus) return null;
    // Masked: the visible leading digits give the kind; the length must still fit it.
    const visible = body.slice(0, maskAt);
    const masks = body.length - visible.length;
    if (visible.length < 2 || masks < 2 || MASK_RE.test(visible)) return null;
    if (!/^[\d○〇●◯◎*＊xXｘＸ×■□]+$/.test(body)) return null;
    const p = japanesePrefix(visible);
    if (p === null || !p.lengths.includes(body.length)) return null;
    return { raw, e164: null, national: visible.replace(/\D/g, ''), kind: p.kind, country: 'JP', valid: false };
  }
  if (plus) {
    const info = internationalInfo(raw, body);
    return info?.valid === true ? info : null;
  }
  const intl = JP_INTERNATIONAL_PREFIX.exec(body);
  if (intl !== null) {
    const info = internationalInfo(raw, body.slice(intl[0].length));
    return info?.valid === true ? info : null;
  }
  if (body.length < 8 || body.length > 11) return null;
  const info = japaneseInfo(raw, body);
  return info?.valid === true ? info : null;
}

/**
 * Phone numbers in message text, in order, each once: hyphen/space/parenthesis/full-width forms, 'TEL' labels,
 * +81 and 010 international forms, and masked numbers ('050-68○○-○○○○', '050xxxxxxxx', reported with
 * valid:false, e164 null and the kind of their visible prefix). Dates, amounts, times, one-time codes and digit
 * runs longer than a phone number are not numbers. Never throws.
 */
export function extractPhones(text: string): PhoneInfo[] {
  if (typeof text !== 'string' || !/[0-9０-９]/.test(text)) return [];
  const out: PhoneInfo[] = [];
  const seen = new Set<string>();
  let i = 0;
  while (i < text.length) {
    // Cheap test first: almost every character of a message is neither a digit nor '+' / '('.
    const code = text.charCodeAt(i);
    if (!isDigitCode(code) && code !== 0x2b && code !== 0xff0b && code !== 0x28 && code !== 0xff08) {
      i++;
      continue;
    }
    const c = text[i];
    const plus = c === '+' || c === '＋';
    const paren = c === '(' || c === '（';
    const first = plus || paren ? text[i + 1] : c;
    if (cls(first) !== Cls.Digit || !startAllowed(text, i)) {
      i++;
      continue;
    }
    const firstCode = first?.charCodeAt(0) ?? 0;
    const firstIsZero = firstCode === 0x30 || firstCode === 0xff10;
    const digitStart = plus || paren ? i + 1 : i;
    if (!plus && !firstIsZero) {
      // Japanese numbers start with 0: skip this digit run ("2024", "50,000", "15:18").
      i = digitStart;
      while (i < text.length && isDigitCode(text.charCodeAt(i))) i++;
      continue;
    }
    const groups = readGroups(text, digitStart);
    // bodies[k] = the first k group bodies joined.
    const bodies = [''];
    for (const g of groups) bodies.push((bodies[bodies.length - 1] ?? '') + g.body);
    let found: PhoneInfo | null = null;
    let endGroup = 0;
    for (let k = groups.length; k >= 1 && found === null; k--) {
      // A number may end before the run does only where a space or closing parenthesis separates them
      // ("0120-440-620 15:18"), never in the middle of a hyphenated code.
      if (k < groups.length && groups[k]?.spaceBefore !== true) continue;
      const last = groups[k - 1];
      if (last !== undefined) found = evaluate(text, last, bodies[k] ?? '', plus, i);
      endGroup = k;
    }
    const after = found !== null ? groups[endGroup - 1]?.end ?? i + 1 : 0;
    if (found !== null && !isAsciiLetter(text[after]) && !isWideLetter(text[after])) {
      const key = found.e164 ?? `${found.kind}:${found.national}:${found.raw}`;
      if (!seen.has(key)) {
        seen.add(key);
        out.push(found);
      }
      i = after;
      continue;
    }
    // Skip the rest of this digit group; positions inside it cannot start a number.
    i = groups[0]?.end ?? digitStart + 1;
  }
  return out;
}
