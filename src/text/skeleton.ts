// Lookalike skeletons (UTS #39 section 4) for comparing a domain or sender name against brand names:
// two strings that look alike get the same skeleton.
import { CONFUSABLES_DATA } from './confusables-data.js';

// Local corrections to the Unicode table, each for a lookalike attackers actually use:
// - U+04CF CYRILLIC SMALL LETTER PALOCHKA has no dot and renders as 'l' in common fonts; Unicode maps it to
//   'i', which would let 'аррӏе' (the textbook homograph of 'apple') escape.
const OVERRIDES: ReadonlyArray<readonly [number, string]> = [[0x04cf, 'l']];

// Multi-letter ASCII tricks that the per-character table cannot express. Applied after lower-casing, left
// to right, in one pass. Kept to the well-known ones: each extra rule merges more unrelated words.
const ASCII_TRICKS = /rn|vv|cl/g;
const ASCII_TRICK_TARGET: Readonly<Record<string, string>> = { rn: 'm', vv: 'w', cl: 'd' };

let table: Map<number, string> | undefined;
// Per-character skeleton of each ASCII character (the common case: domain labels and sender ids).
let asciiTable: string[] | undefined;

/** Decodes the generated table on first use, so importing the module costs nothing. */
function confusables(): Map<number, string> {
  if (table) return table;
  const map = new Map<number, string>();
  for (const line of CONFUSABLES_DATA) {
    for (const entry of line.split(',')) {
      const colon = entry.indexOf(':');
      const from = parseInt(entry.slice(0, colon), 36);
      const to = String.fromCodePoint(...entry.slice(colon + 1).split('.').map((cp) => parseInt(cp, 36)));
      map.set(from, to);
    }
  }
  for (const [from, to] of OVERRIDES) map.set(from, to);
  table = map;
  // For ASCII input both normalisations are the identity and every step works character by character, so
  // the first three steps can be precomputed per character.
  asciiTable = [];
  for (let c = 0; c < 128; c++) asciiTable.push(mapChars(mapChars(String.fromCharCode(c), map).toLowerCase(), map));
  return map;
}

function mapChars(input: string, map: Map<number, string>): string {
  let out = '';
  for (const ch of input) {
    const cp = ch.codePointAt(0) ?? 0;
    out += map.get(cp) ?? ch;
  }
  return out;
}

const NON_ASCII = /[\u0080-\uffff]/;

/**
 * UTS #39 skeleton, lower-cased, with the common ASCII tricks folded (rn→m, vv→w, cl→d; 0→o and 1/I/|→l come
 * from the Unicode table itself). `skeleton(a) === skeleton(b)` means "a can pass for b".
 *
 * Deviations from UTS #39, on purpose: NFKD instead of NFD first (so full-width and mathematical letters fold
 * too), then lower-casing and a second table pass (the Unicode skeleton is case-sensitive; brand matching is
 * not). Combining accents are kept: 'amazón' does not become 'amazon' — editDistance() covers that.
 */
export function skeleton(input: string): string {
  if (typeof input !== 'string' || input === '') return '';
  const map = confusables();
  let s: string;
  if (!NON_ASCII.test(input) && asciiTable) {
    s = '';
    for (let i = 0; i < input.length; i++) s += asciiTable[input.charCodeAt(i)] ?? '';
  } else {
    s = generalSteps(input, map);
  }
  return s.replace(ASCII_TRICKS, (m) => ASCII_TRICK_TARGET[m] ?? m);
}

function generalSteps(input: string, map: Map<number, string>): string {
  return mapChars(mapChars(input.normalize('NFKD'), map).normalize('NFD').toLowerCase(), map);
}

/** skeleton() without the ASCII shortcut; exported for the test that proves the shortcut changes nothing. */
export function skeletonWithoutShortcut(input: string): string {
  return generalSteps(input, confusables()).replace(ASCII_TRICKS, (m) => ASCII_TRICK_TARGET[m] ?? m);
}
