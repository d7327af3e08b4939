// Messenger contacts in a message. 闇バイト recruiters move the victim off SMS to LINE, Telegram, Signal and
// similar apps; the account id is what investigators and indicator lists need, and the mere mention of an
// encrypted messenger is itself a signal.
import { normalizeText } from './normalize.js';

export type MessengerService = 'line' | 'telegram' | 'signal' | 'whatsapp' | 'potato' | 'other';

export interface MessengerId {
  service: MessengerService;
  /** The account, group or invitation id; null when only the service was named. */
  id: string | null;
  /** Where it was found, as it reads in the normalised text (full-width already folded). */
  raw: string;
}

interface UrlPattern {
  service: MessengerService;
  re: RegExp;
  /** The id from the match. */
  id: (m: RegExpExecArray) => string;
}

// Links that carry the id. Scheme optional: recruiters often write them bare or defanged.
const URL_PATTERNS: readonly UrlPattern[] = [
  {
    service: 'line',
    re: /(?:https?:\/\/)?line\.me\/(?:r\/)?ti\/(?:p|g|g2)\/((?:%40|@|~)?[A-Za-z0-9._-]{2,64})/gi,
    id: (m) => (m[1] ?? '').replace(/^%40/, '@').replace(/^~/, ''),
  },
  { service: 'line', re: /(?:https?:\/\/)?lin\.ee\/([A-Za-z0-9_-]{3,32})/gi, id: (m) => m[1] ?? '' },
  {
    service: 'telegram',
    re: /(?:https?:\/\/)?(?:t|telegram)\.me\/((?:joinchat\/|\+)?[A-Za-z0-9_-]{3,64})/gi,
    id: (m) => m[1] ?? '',
  },
  { service: 'whatsapp', re: /(?:https?:\/\/)?wa\.me\/\+?(\d{6,15})/gi, id: (m) => `+${m[1] ?? ''}` },
  {
    service: 'whatsapp',
    re: /(?:https?:\/\/)?chat\.whatsapp\.com\/([A-Za-z0-9]{6,64})/gi,
    id: (m) => m[1] ?? '',
  },
  {
    service: 'signal',
    re: /(?:https?:\/\/)?signal\.(?:me|group)\/#([A-Za-z0-9_/.+=-]{3,200})/gi,
    id: (m) => m[1] ?? '',
  },
];

// Names of the services, in Latin letters and katakana. Katakana names must not be part of a longer katakana
// word: オンライン (online) and ガイドライン (guideline) contain ライン.
const KATA = '[\\u30A1-\\u30FA\\u30FC]';
const KEYWORDS: ReadonlyArray<readonly [MessengerService, RegExp]> = [
  // "LINEID" is written glued as often as "LINE ID".
  ['line', new RegExp(`\\bline(?:\\b|(?=id\\b))|(?<!${KATA})ライン(?!${KATA})`, 'gi')],
  ['telegram', /telegram|テレグラム/gi],
  ['signal', new RegExp(`\\bsignal\\b|(?<!${KATA})シグナル(?!${KATA})`, 'gi')],
  ['whatsapp', /whats ?app|ワッツアップ/gi],
  ['potato', /\bpotato\b|ポテトチャット/gi],
  ['other', /\bwechat\b|ウィーチャット|kakao ?talk|カカオトーク|\bviber\b|\bthreema\b|\bwickr\b|\bzangi\b/gi],
];

// Every pattern above needs one of these words; most messages contain none and stop here.
const ANY_SERVICE =
  /line|lin\.ee|ライン|telegram|t\.me|テレグラム|signal|シグナル|whats ?app|wa\.me|ワッツアップ|potato|ポテトチャット|wechat|ウィーチャット|kakao|カカオトーク|viber|threema|wickr|zangi/i;

// An id written next to a service name: "ID: abc123", "IDは abc123", "@abc123" (not an e-mail address,
// not a URL query such as "?id=").
const ID_MARKER =
  /(?:(?<=[Ll][Ii][Nn][Ee])|(?<![A-Za-z0-9?&=/._-]))[Ii][Dd](?![A-Za-z0-9])[^A-Za-z0-9@\n]{0,6}?(@?[A-Za-z0-9][A-Za-z0-9._-]{2,31})|(?<![A-Za-z0-9._%+-])@([A-Za-z0-9][A-Za-z0-9._-]{2,31})/g;

// How far (characters) an id may sit from the service name it belongs to.
const AFTER_KEYWORD = 30;
const BEFORE_KEYWORD = 15;

interface Mention {
  service: MessengerService;
  start: number;
  end: number;
  raw: string;
}

function findMentions(t: string): Mention[] {
  const out: Mention[] = [];
  for (const [service, re] of KEYWORDS) {
    re.lastIndex = 0;
    for (let m = re.exec(t); m !== null; m = re.exec(t)) {
      out.push({ service, start: m.index, end: m.index + m[0].length, raw: m[0] });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

function nearestMention(mentions: readonly Mention[], start: number, end: number): Mention | null {
  // Mentions are sorted by start: only the first one at or after `end` and the two before it can be nearest
  // (binary search keeps a message full of ids linear-logarithmic).
  let lo = 0;
  let hi = mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((mentions[mid]?.start ?? 0) < end) lo = mid + 1;
    else hi = mid;
  }
  let best: Mention | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const m of mentions.slice(Math.max(0, lo - 2), lo + 1)) {
    // A mention that overlaps the id ("LINE ID" read as both) counts as just before it.
    const distance = m.end <= start ? start - m.end : m.start >= end ? m.start - end : 0;
    const limit = m.start >= end ? BEFORE_KEYWORD : AFTER_KEYWORD;
    // Prefer a name before the id: "LINE ID: x" is the usual order.
    const weighted = m.start >= end ? distance + 0.5 : distance;
    if (distance <= limit && weighted < bestDistance) {
      best = m;
      bestDistance = weighted;
    }
  }
  return best;
}

function cleanId(id: string): string {
  return id.replace(/[._-]+$/, '');
}

/**
 * Messenger contacts: LINE (line.me/ti/p/…, lin.ee/…, "LINE ID: …", "@…" next to LINE/ライン), Telegram
 * (t.me/…, テレグラム), Signal (シグナル), WhatsApp (wa.me/…), Potato and a few others. A Telegram, Signal,
 * WhatsApp, Potato or other messenger named without an id yields an entry with id null; a bare mention of
 * LINE does not (LINE is everyday in legitimate messages). De-duplicated, in order of appearance. Never throws.
 * `opts.normalized`: the caller already passed the text through normalizeText (the verdict engine does), so it
 * is not normalised twice.
 */
export function extractMessengerIds(text: string, opts: { normalized?: boolean } = {}): MessengerId[] {
  if (typeof text !== 'string' || text === '') return [];
  const t = opts.normalized === true ? text : normalizeText(text);
  if (!ANY_SERVICE.test(t)) return [];
  const found: Array<MessengerId & { at: number }> = [];
  const taken: Array<[number, number]> = [];

  for (const p of URL_PATTERNS) {
    p.re.lastIndex = 0;
    for (let m = p.re.exec(t); m !== null; m = p.re.exec(t)) {
      const id = cleanId(p.id(m));
      if (id === '' || id === '+') continue;
      found.push({ service: p.service, id, raw: m[0], at: m.index });
      taken.push([m.index, m.index + m[0].length]);
    }
  }
  const inLink = (s: number, e: number): boolean => taken.some(([a, b]) => s < b && e > a);

  const mentions = findMentions(t).filter((m) => !inLink(m.start, m.end));
  if (mentions.length > 0) {
    ID_MARKER.lastIndex = 0;
    for (let m = ID_MARKER.exec(t); m !== null; m = ID_MARKER.exec(t)) {
      const end = m.index + m[0].length;
      if (inLink(m.index, end)) continue;
      const owner = nearestMention(mentions, m.index, end);
      if (owner === null) continue;
      let id = cleanId(m[1] ?? `@${m[2] ?? ''}`);
      // Telegram usernames are the same with or without '@'; LINE keeps it ('@' marks an official account).
      if (owner.service !== 'line') id = id.replace(/^@/, '');
      if (id.length < 3) continue;
      found.push({ service: owner.service, id, raw: t.slice(Math.min(owner.start, m.index), Math.max(owner.end, end)), at: m.index });
    }
    for (const m of mentions) {
      if (m.service !== 'line') found.push({ service: m.service, id: null, raw: m.raw, at: m.start });
    }
  }

  found.sort((a, b) => a.at - b.at);
  const withId = new Set(found.filter((f) => f.id !== null).map((f) => f.service));
  const seen = new Set<string>();
  const out: MessengerId[] = [];
  for (const f of found) {
    if (f.id === null && withId.has(f.service)) continue;
    const key = `${f.service}\u0000${f.id ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ service: f.service, id: f.id, raw: f.raw });
  }
  return out;
}
