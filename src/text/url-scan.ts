// Character-level scanners behind extractUrls: what may stand in an authority or a path, where a link ends,
// and how spaced-out or Japanese-glued hosts are read. All work on the URL view (see url-view.ts).

// ASCII character classes as a lookup table: the scanners test every character of a link, and a table read
// is several times cheaper than a regex test per character.
const HOST = 1; // may appear in an authority (userinfo@host:port, [IPv6])
const PATH = 2; // may appear in a path, query or fragment
const ALNUM = 4; // letter or digit: a host label can start or end with it
const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) ASCII_CLASS[c] = HOST | PATH | ALNUM;
  else if (/[-_~%.@:[\]]/.test(ch)) ASCII_CLASS[c] = HOST | PATH;
  else if (/[!$&'()*+,;=/?#]/.test(ch)) ASCII_CLASS[c] = PATH;
}

function hasClass(c: string | undefined, flag: number): boolean {
  if (c === undefined || c === '') return false;
  const code = c.charCodeAt(0);
  return code < 128 && ((ASCII_CLASS[code] ?? 0) & flag) !== 0;
}

const NON_ASCII = /[\u0080-\uffff]/;
const IDN_CHAR = /[\p{L}\p{M}\p{N}]/u;
const TRAILING_PUNCT = `.,;:!?'"*`;

export interface Span {
  start: number;
  end: number;
}

interface Authority extends Span {
  /** The authority with bridged whitespace left out (and '。' read as '.'). */
  chars: string;
  /** View index of each character of `chars`. */
  positions: number[];
  /** `chars` contains a non-ASCII character (an IDN label, or Japanese glued to the host). */
  nonAscii: boolean;
  bridged: boolean;
}

export function isSpace(c: string | undefined): boolean {
  return c === ' ' || c === '\t' || c === '\n';
}

/** Index of the first non-space after i (at most 3 spaces, one of them may be a line break). */
export function skipSpaces(t: string, i: number): number {
  let j = i;
  while (j < t.length && j - i < 3 && isSpace(t[j])) j++;
  return j;
}

/**
 * Reads an authority (userinfo@host:port) from view position i. Spaces are bridged where they split a host
 * name ("example . top", "exa mple.top") but not where a complete host is followed by more text.
 */
export function readAuthority(t: string, i: number): Authority {
  let chars = '';
  const positions: number[] = [];
  let bridged = false;
  let nonAscii = false;
  let k = i;
  while (k < t.length) {
    const c = t[k] ?? '';
    if (hasClass(c, HOST)) {
      chars += c;
      positions.push(k++);
      continue;
    }
    if (c === '。' && hasClass(t[k + 1], ALNUM) && hasClass(chars.at(-1), ALNUM)) {
      // The ideographic full stop is a label separator in IDNA; accept it only between ASCII labels.
      chars += '.';
      positions.push(k++);
      bridged = true;
      continue;
    }
    const cp = t.codePointAt(k) ?? 0;
    if (cp > 0x7f) {
      const ch = String.fromCodePoint(cp);
      if (!IDN_CHAR.test(ch)) break;
      chars += ch;
      nonAscii = true;
      for (let u = 0; u < ch.length; u++) positions.push(k + u);
      k += ch.length;
      continue;
    }
    if (isSpace(c) && chars !== '') {
      const j = skipSpaces(t, k);
      const next = t[j] ?? '';
      const last = chars.at(-1) ?? '';
      const splitsName =
        (next === '.' && hasClass(last, ALNUM)) ||
        (last === '.' && hasClass(next, ALNUM)) ||
        (!chars.includes('.') && hasClass(last, ALNUM) && hasClass(next, ALNUM)) ||
        // "docomo - pay.top": a hyphen between spaces inside a first label, with a label character after it.
        (!chars.includes('.') && next === '-' && hasClass(last, ALNUM) && hasClass(t[skipSpaces(t, j + 1)], ALNUM)) ||
        (!chars.includes('.') && last === '-' && hasClass(next, ALNUM));
      if (splitsName) {
        bridged = true;
        k = j;
        continue;
      }
    }
    break;
  }
  return { start: i, end: k, chars, positions, bridged, nonAscii };
}

/**
 * Length of the authority once Japanese glued to its end is cut off: the last label runs from ASCII into
 * non-ASCII ("example.comこちら", "example.com:こちら") and is cut where it leaves ASCII. A label that is
 * non-ASCII from its start is kept (an IDN name or TLD).
 */
export function cutGluedText(authority: string): number {
  const lastDot = authority.lastIndexOf('.');
  const label = authority.slice(lastDot + 1);
  const firstNonAscii = label.search(NON_ASCII);
  if (firstNonAscii <= 0) return authority.length;
  return lastDot + 1 + firstNonAscii;
}

/** Strips trailing punctuation and unbalanced closing brackets from a URL tail. */
export function trimTrailing(t: string, from: number, to: number): number {
  let end = to;
  while (end > from) {
    const c = t[end - 1] ?? '';
    if (TRAILING_PUNCT.includes(c)) {
      end--;
      continue;
    }
    const open = c === ')' ? '(' : c === ']' ? '[' : c === '}' ? '{' : '';
    if (open !== '') {
      const body = t.slice(from, end);
      if (body.split(open).length <= body.split(c).length - 1) {
        end--;
        continue;
      }
    }
    break;
  }
  return end;
}

/**
 * End of the path/query starting at i. In a spaced-out link ("… . top / abc") a space right after a '/' is
 * bridged once; elsewhere a space ends the link.
 */
export function readPath(t: string, i: number, spaced = false): number {
  let k = i;
  let bridges = spaced ? 1 : 0;
  for (;;) {
    while (k < t.length && hasClass(t[k], PATH)) k++;
    if (bridges === 0 || t[k - 1] !== '/' || !isSpace(t[k])) return k;
    const j = skipSpaces(t, k);
    if (!hasClass(t[j], ALNUM)) return k;
    bridges--;
    k = j;
  }
}

/** Splits "user@host:port" from an authority string; null when the port is not numeric. */
export function splitAuthority(a: string): { userinfo: string | null; host: string; port: number | null } | null {
  const at = a.lastIndexOf('@');
  const userinfo = at >= 0 ? a.slice(0, at) : null;
  let hostport = at >= 0 ? a.slice(at + 1) : a;
  let port: number | null = null;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close < 0) return null;
    const rest = hostport.slice(close + 1);
    hostport = hostport.slice(0, close + 1);
    if (rest !== '') {
      if (!/^:\d{1,5}$/.test(rest)) return null;
      port = Number(rest.slice(1));
    }
  } else {
    const colon = hostport.indexOf(':');
    if (colon >= 0) {
      const p = hostport.slice(colon + 1);
      if (!/^\d{1,5}$/.test(p)) return null;
      port = Number(p);
      hostport = hostport.slice(0, colon);
    }
  }
  if (port !== null && port > 65535) return null;
  let host = hostport;
  if (host.includes('%')) {
    try {
      host = decodeURIComponent(host);
    } catch {
      return null;
    }
  }
  return { userinfo, host, port };
}
