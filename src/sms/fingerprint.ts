// Template fingerprints: attackers send dozens of variants a day that differ in the link, the tracking number
// and the date. Masking those and hashing the rest gives one fingerprint per template, the unit that
// indicators, reports and campaign clustering share.
//
// The template of a normalised text is: each link replaced by "U", each run of digits by "0", ASCII letters
// lower-cased, whitespace, punctuation and symbols dropped. It is computed and hashed in one pass over the
// characters (this runs on every message), without building the template string.

const URLISH = /(?:h..ps?|https?)\s*[:：]\s*[/／]{2}\S*|(?:www\.)?[a-z0-9-]+(?:\s*[.．。]\s*[a-z0-9-]+)*\s*[.．]\s*[a-z]{2,}(?:\/\S*)?/gi;

/** Characters that never belong to a template: ASCII and CJK punctuation, whitespace, symbols, emoji. */
function isNoise(c: number): boolean {
  if (c <= 0x2f) return true; // controls, space, !"#$%&'()*+,-./
  if (c >= 0x3a && c <= 0x40) return true; // :;<=>?@
  if (c >= 0x5b && c <= 0x60) return true; // [\]^_`
  if (c >= 0x7b && c <= 0xbf) return true; // {|}~, Latin-1 punctuation and symbols
  if (c >= 0x2000 && c <= 0x2bff) return true; // general punctuation, arrows, math, box drawing, shapes, dingbats
  if (c >= 0x3000 && c <= 0x3004) return true; // ideographic space, 、。〃〄
  if (c >= 0x3008 && c <= 0x3020) return true; // 「」『』【】〒 and other brackets
  if (c === 0x30fb) return true; // ・
  if (c >= 0xd800 && c <= 0xdfff) return true; // surrogates: emoji and other astral symbols
  if (c >= 0xfe00 && c <= 0xfe0f) return true; // variation selectors
  if (c >= 0xff01 && c <= 0xff0f) return true; // full-width punctuation (normally folded by NFKC already)
  return false;
}

/** Scratch buffer for the template's code units (grown when a longer text comes). */
let scratch = new Uint16Array(1024);

/** Writes the template of `text` (links at `ranges` masked) into `scratch`; returns its length. */
function fillTemplate(text: string, ranges: ReadonlyArray<readonly [number, number]>): number {
  if (scratch.length < text.length + 1) scratch = new Uint16Array(2 * text.length + 1);
  const out = scratch;
  let n = 0;
  let r = 0;
  let inDigits = false;
  for (let i = 0; i < text.length; i++) {
    const range = ranges[r];
    if (range && i >= range[0]) {
      out[n++] = 0x55; // 'U'
      i = range[1] - 1;
      r++;
      inDigits = false;
      continue;
    }
    let c = text.charCodeAt(i);
    if ((c >= 0x30 && c <= 0x39) || (c >= 0xff10 && c <= 0xff19)) {
      if (!inDigits) out[n++] = 0x30;
      inDigits = true;
      continue;
    }
    inDigits = false;
    if (isNoise(c)) continue;
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    out[n++] = c;
  }
  return n;
}

/** Positions of the given link substrings (first occurrence each, in order, non-overlapping). */
function linkRanges(text: string, links: readonly string[] | undefined): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  if (links) {
    for (const raw of links) {
      if (!raw) continue;
      let from = 0;
      for (let at = text.indexOf(raw, from); at >= 0; at = text.indexOf(raw, from)) {
        ranges.push([at, at + raw.length]);
        from = at + raw.length;
      }
    }
  } else {
    for (const m of text.matchAll(URLISH)) ranges.push([m.index, m.index + m[0].length]);
  }
  ranges.sort((a, b) => a[0] - b[0]);
  // Drop overlaps (a link inside another): keep the earlier, longer one.
  const out: Array<[number, number]> = [];
  for (const g of ranges) {
    const last = out[out.length - 1];
    if (last && g[0] < last[1]) last[1] = Math.max(last[1], g[1]);
    else out.push(g);
  }
  return out;
}

/**
 * The template text, for display and tests. `links` are the raw link substrings already extracted from
 * `normalized` (the engine has them); without them a regex finds the links.
 */
export function templateOf(normalized: string, links?: readonly string[]): string {
  const n = fillTemplate(normalized, linkRanges(normalized, links));
  let out = '';
  for (let i = 0; i < n; i++) out += String.fromCharCode(scratch[i]!);
  return out;
}

/** Templates shorter than this ("U" for a bare link, one emoji) are shared by unrelated messages. */
export const MIN_TEMPLATE_CHARS = 8;

/**
 * 'tf1:' + a 64-bit hash of the template as 16 hex chars: two independent 32-bit FNV-1a passes (standard offset
 * basis, and a second basis mixing in the position) — cheap, stable across platforms and runs.
 */
export function templateFingerprint(normalized: string, links?: readonly string[]): string {
  return templateSignature(normalized, links).fingerprint;
}

/** The fingerprint and the template's length in characters, from one pass. */
export function templateSignature(normalized: string, links?: readonly string[]): { fingerprint: string; chars: number } {
  const n = fillTemplate(normalized, linkRanges(normalized, links));
  const t = scratch;
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < n; i++) {
    const c = t[i]!;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ (c + i * 0x9e37), 0x01000193);
  }
  return { fingerprint: `tf1:${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`, chars: n };
}
