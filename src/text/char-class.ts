// Character classes shared by normalisation and URL extraction, as one 64 KiB lookup table over the BMP.
//
// Why a table: a regex character class with many ranges costs V8 several nanoseconds per character (about
// 0.6 µs for one SMS), a table read well under one; these checks run on every message.

/** Draws nothing: format characters (Cf), variation selectors, CGJ, Hangul fillers. */
export const INVISIBLE = 1;
/** Full-width ASCII (U+FF01–U+FF5E), ideographic space, halfwidth ideographic full stop. */
export const WIDE = 2;
/** A UTF-16 surrogate half (astral characters need a closer look). */
export const SURROGATE = 4;
/** C0/C1 control other than \t \n \v \f, plus \r, NEL and the Unicode line/paragraph separators. */
export const CONTROL = 8;

// The general category Cf (zero-width space/joiners U+200B–U+200F, bidi controls, word joiner and
// invisible operators U+2060–U+2064, BOM, soft hyphen, tag characters…), plus variation selectors, the
// combining grapheme joiner and the Hangul fillers, which are letters or marks by category but are blank.
const INVISIBLE_RANGES: ReadonlyArray<readonly [number, number]> = [
  [0x00ad, 0x00ad],
  [0x034f, 0x034f],
  [0x0600, 0x0605],
  [0x061c, 0x061c],
  [0x06dd, 0x06dd],
  [0x070f, 0x070f],
  [0x0890, 0x0891],
  [0x08e2, 0x08e2],
  [0x115f, 0x1160],
  [0x180e, 0x180e],
  [0x200b, 0x200f],
  [0x202a, 0x202e],
  [0x2060, 0x2064],
  [0x2066, 0x206f],
  [0x3164, 0x3164],
  [0xfe00, 0xfe0f],
  [0xfeff, 0xfeff],
  [0xffa0, 0xffa0],
  [0xfff9, 0xfffb],
  [0x110bd, 0x110bd],
  [0x110cd, 0x110cd],
  [0x13430, 0x1343f],
  [0x1bca0, 0x1bca3],
  [0x1d173, 0x1d17a],
  [0xe0001, 0xe0001],
  [0xe0020, 0xe007f],
  [0xe0100, 0xe01ef],
];

let table: Uint8Array | undefined;

/** The BMP flag table, built on first use. */
export function charTable(): Uint8Array {
  if (table) return table;
  const t = new Uint8Array(0x10000);
  for (const [from, to] of INVISIBLE_RANGES) for (let c = from; c <= Math.min(to, 0xffff); c++) t[c] = INVISIBLE;
  for (let c = 0xff01; c <= 0xff5e; c++) t[c] = WIDE;
  t[0x3000] = WIDE;
  t[0xff61] = WIDE;
  for (let c = 0xd800; c <= 0xdfff; c++) t[c] = SURROGATE;
  for (let c = 0; c < 0xa0; c++) if (c < 0x20 || c >= 0x7f) t[c] = CONTROL;
  for (const c of [0x09, 0x0a, 0x0b, 0x0c]) t[c] = 0;
  t[0x2028] = CONTROL;
  t[0x2029] = CONTROL;
  table = t;
  return t;
}

/** True when some code unit of `s` has one of `flags`. */
export function hasAny(s: string, flags: number): boolean {
  const t = charTable();
  for (let i = 0; i < s.length; i++) if (((t[s.charCodeAt(i)] ?? 0) & flags) !== 0) return true;
  return false;
}

/** True when code point `cp` is invisible. */
export function isInvisibleCodePoint(cp: number): boolean {
  if (cp <= 0xffff) return ((charTable()[cp] ?? 0) & INVISIBLE) !== 0;
  for (const [a, b] of INVISIBLE_RANGES) if (cp >= a && cp <= b) return true;
  return false;
}

/** Removes invisible characters (BMP and astral). */
export function stripInvisible(s: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < s.length; ) {
    const cp = s.codePointAt(i) ?? 0;
    const width = cp > 0xffff ? 2 : 1;
    if (isInvisibleCodePoint(cp)) {
      out += s.slice(from, i);
      from = i + width;
    }
    i += width;
  }
  return from === 0 ? s : out + s.slice(from);
}
