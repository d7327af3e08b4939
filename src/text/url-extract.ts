// Finds the links in a message, however they were written: with or without a scheme, defanged, full-width,
// spaced out, glued to Japanese text. Each link comes back in one canonical form for indicator lookups.
import { hostInfo, hostToUnicode, type HostInfo } from './host.js';
import { isShortenerHost } from './shorteners.js';
import {
  cutGluedText,
  isSpace,
  readAuthority,
  readPath,
  skipSpaces,
  splitAuthority,
  trimTrailing,
  type Span,
} from './url-scan.js';
import { buildUrlView, originalSlice, type UrlView } from './url-view.js';

export interface ExtractedUrl {
  /** The substring as found in the original text (obfuscation included). */
  raw: string;
  /** Canonical: scheme://host[:port]/path[?query]; 'http' when no scheme was written; no fragment. */
  url: string;
  /** The scheme as written ('hxxps' counts as https); 'none' for a bare domain. */
  scheme: 'http' | 'https' | 'none';
  /** ASCII lower case (punycode for IDN), no trailing dot; IPv6 without brackets. */
  host: string;
  /** Unicode form of host. */
  hostUnicode: string;
  /** Public Suffix List registrable domain ('example.co.jp'); null for IPs. */
  registrableDomain: string | null;
  /** 'co.jp', 'top'; null for IPs. */
  publicSuffix: string | null;
  /** Labels before the registrable domain; '' if none. */
  subdomain: string;
  /** '/abc'; '/' when absent; no query. */
  path: string;
  /** Without the '?'; '' when absent. */
  query: string;
  /** As written; null when absent. A default port (80/443) is dropped from `url` but kept here. */
  port: number | null;
  /** IPv4 (any spelling browsers accept: dotted, decimal, hex, octal) or IPv6 literal. */
  isIp: boolean;
  /** The part before '@' in the authority — the "https://www.amazon.co.jp@evil.example/" trick. */
  userinfo: string | null;
  /** Written to evade filters or to disable the link: hxxp, [.], full-width forms, inserted spaces… */
  defanged: boolean;
  /** Found without a scheme. */
  bare: boolean;
  isShortener: boolean;
  /** The host has an xn-- label or was written with non-ASCII characters. */
  isPunycode: boolean;
}

// The scheme with its usual disguises: hxxp, h**p, ttp (no h), letters spaced out ("h t t p s : / /"), the
// colon dropped ("https //"). Every quantifier is bounded so that long runs of spaces cannot cause
// backtracking blow-ups.
const SCHEME = /(h[ \t]?)?([tx*])[ \t]?([tx*])[ \t]?p[ \t]?(s?)[ \t]{0,3}(:?)[ \t]{0,3}\/[ \t]{0,3}\/[ \t\n]{0,3}/gi;

// A dotted host name without a scheme. The look-behind keeps it from starting inside a word, an e-mail
// address or a path (and collectBare keeps it out of a query); the look-ahead makes it end at a label
// boundary and not before an '@'.
const BARE_HOST =
  /(?<![A-Za-z0-9\-_.@/\\])(?:[A-Za-z0-9](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)+(?:[A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})(?![A-Za-z0-9_@-]|\.[A-Za-z0-9])/g;

// A dotted-quad IP without a scheme counts only with a path or port after it (a bare "1.2.3.4" is more often
// a version number).
const BARE_IP = /(?<![A-Za-z0-9\-_.@/\\])(?:\d{1,3}\.){3}\d{1,3}(?=\/|:\d)/g;

// Cheap pre-check: no dot-like character (or "dot" token) and no colon means no link.
const MAYBE_URL = /[.．｡:：]|[dD][oO][tT]/;

// TLDs that are also common file extensions: "report.zip" or "main.py" alone is a file name, not a link.
const FILE_EXTENSION_TLDS: ReadonlySet<string> = new Set(['zip', 'mov', 'md', 'py', 'sh', 'rs', 'ps', 'pl', 'java']);

interface Candidate extends Span {
  scheme: 'http' | 'https' | 'none';
  info: HostInfo;
  port: number | null;
  userinfo: string | null;
  pathAndQuery: string;
  obfuscated: boolean;
}

/** A link after an explicit scheme, or null when what follows is no host (placeholders such as 〇〇〇〇). */
function readSchemeUrl(t: string, m: RegExpExecArray): Candidate | null {
  const whole = m[0];
  const h = m[1];
  const letters = `${m[2] ?? ''}${m[3] ?? ''}`.toLowerCase();
  if (letters !== 'tt' && letters !== 'xx' && letters !== '**') return null;
  const core = whole.trimEnd();
  const spaced = core.includes(' ') || core.includes('\t');
  const obfuscatedScheme = letters !== 'tt' || !h || spaced || m[5] === '' || core.length !== whole.length;

  const auth = readAuthority(t, m.index + whole.length);
  let authority = auth.nonAscii ? auth.chars.slice(0, cutGluedText(auth.chars)) : auth.chars;
  // Trailing dots and the like end a sentence, not the host, unless a path follows ("example.com./x").
  if (authority.length < auth.chars.length || !'/?#'.includes(t[auth.end] ?? ' ')) {
    authority = authority.slice(0, trimTrailing(authority, 0, authority.length));
  }
  let split = splitAuthority(authority);
  if (split === null) {
    // "https://example.com:こちら" or a colon that is no port: the link ends before the colon.
    const colon = authority.indexOf(':', authority.lastIndexOf('@') + 1);
    if (colon > 0) {
      authority = authority.slice(0, colon);
      split = splitAuthority(authority);
    }
  }
  if (split === null || split.host === '') return null;
  const info = hostInfo(split.host);
  if (info === null || !acceptHost(info, true)) return null;

  let end = (auth.positions[authority.length - 1] ?? auth.start) + 1;
  let pathAndQuery = '';
  let pathStart = end;
  // A spaced-out link ("https :// example . top / abc") may also space its path.
  if (spaced && isSpace(t[end]) && t[skipSpaces(t, end)] === '/') pathStart = skipSpaces(t, end);
  if (authority.length === auth.chars.length && '/?#'.includes(t[pathStart] ?? ' ')) {
    const pathEnd = trimTrailing(t, pathStart, readPath(t, pathStart, spaced));
    pathAndQuery = t.slice(pathStart, pathEnd);
    if (spaced) pathAndQuery = pathAndQuery.replace(/\s+/g, '');
    if (pathAndQuery !== '') end = pathEnd;
  }
  return {
    start: m.index,
    end,
    scheme: m[4] ? 'https' : 'http',
    info,
    port: split.port,
    userinfo: split.userinfo,
    pathAndQuery,
    obfuscated: obfuscatedScheme || auth.bridged,
  };
}

/** Hosts that may stand in a link: an IP, or a name with a letter TLD in the PSL or reserved for tests. */
function acceptHost(info: HostInfo, withScheme: boolean): boolean {
  if (info.isIp) return true;
  if (!info.host.includes('.')) return false;
  return info.isIcann || (withScheme && info.isSpecialUse);
}

function readBareUrl(t: string, m: RegExpExecArray, isIpPattern: boolean): Candidate | null {
  const host = m[0];
  const info = hostInfo(host);
  if (info === null) return null;
  if (isIpPattern ? !info.isIp : info.isIp || !acceptHost(info, false)) return null;
  let end = m.index + host.length;
  let port: number | null = null;
  const portMatch = /^:(\d{1,5})(?![\d:])/.exec(t.slice(end, end + 7));
  if (portMatch && Number(portMatch[1]) <= 65535) {
    port = Number(portMatch[1]);
    end += portMatch[0].length;
  }
  let pathAndQuery = '';
  if (t[end] === '/') {
    const pathEnd = trimTrailing(t, end, readPath(t, end));
    pathAndQuery = t.slice(end, pathEnd);
    end = pathEnd;
  }
  const tld = info.publicSuffix ?? '';
  const hasPath = pathAndQuery.length > 1;
  if (!hasPath && !host.toLowerCase().startsWith('www.') && FILE_EXTENSION_TLDS.has(tld)) return null;
  if (isIpPattern && !hasPath && port === null) return null;
  return { start: m.index, end, scheme: 'none', info, port, userinfo: null, pathAndQuery, obfuscated: false };
}

function toExtracted(input: string, view: UrlView, c: Candidate): ExtractedUrl {
  const raw = originalSlice(input, view, c.start, c.end);
  let rest = c.pathAndQuery;
  const hash = rest.indexOf('#');
  if (hash >= 0) rest = rest.slice(0, hash);
  const q = rest.indexOf('?');
  const path = (q >= 0 ? rest.slice(0, q) : rest) || '/';
  const query = q >= 0 ? rest.slice(q + 1) : '';
  const scheme = c.scheme === 'none' ? 'http' : c.scheme;
  const defaultPort = scheme === 'https' ? 443 : 80;
  const hostForUrl = c.info.host.includes(':') ? `[${c.info.host}]` : c.info.host;
  const portPart = c.port !== null && c.port !== defaultPort ? `:${c.port}` : '';
  // Folding changed the text (full-width, bracket tokens, invisibles) exactly when view and original differ.
  const folded = raw !== view.text.slice(c.start, c.end);
  return {
    raw,
    url: `${scheme}://${hostForUrl}${portPart}${path}${query !== '' ? `?${query}` : ''}`,
    scheme: c.scheme,
    host: c.info.host,
    hostUnicode: c.info.isIp ? c.info.host : hostToUnicode(c.info.host),
    registrableDomain: c.info.registrableDomain,
    publicSuffix: c.info.publicSuffix,
    subdomain: c.info.subdomain,
    path,
    query,
    port: c.port,
    isIp: c.info.isIp,
    userinfo: c.userinfo,
    defanged: c.obfuscated || folded,
    bare: c.scheme === 'none',
    isShortener: !c.info.isIp && isShortenerHost(c.info.host),
    isPunycode: c.info.isPunycode,
  };
}

/**
 * Every link in `text`, de-duplicated by canonical `url`, in order of appearance. Never throws. Ordinary
 * Japanese text, decimals, times, version numbers, e-mail addresses, file names and placeholder links
 * ("https://〇〇〇〇/△△△△", "‹URL›") yield nothing.
 */
export function extractUrls(text: string): ExtractedUrl[] {
  if (typeof text !== 'string' || text === '' || !MAYBE_URL.test(text)) return [];
  const view = buildUrlView(text);
  const t = view.text;
  const found: Candidate[] = [];

  SCHEME.lastIndex = 0;
  for (let m = SCHEME.exec(t); m !== null; m = SCHEME.exec(t)) {
    const c = readSchemeUrl(t, m);
    if (c !== null) {
      found.push(c);
      SCHEME.lastIndex = Math.max(SCHEME.lastIndex, c.end);
    }
  }
  const withScheme = found.length;
  if (hasDotOutside(t, found)) {
    collectBare(text, view, BARE_HOST, false, found, withScheme);
    collectBare(text, view, BARE_IP, true, found, withScheme);
  }
  if (found.length > withScheme) found.sort(byStart);

  const out: ExtractedUrl[] = [];
  for (const c of found) {
    const u = toExtracted(text, view, c);
    if (!out.some((o) => o.url === u.url)) out.push(u);
  }
  return out;
}

/** Is there a '.' not inside one of the links found so far? Without one there is no bare host to look for. */
function hasDotOutside(t: string, found: readonly Span[]): boolean {
  for (let i = t.indexOf('.'); i >= 0; i = t.indexOf('.', i + 1)) {
    if (!found.some((c) => i >= c.start && i < c.end)) return true;
  }
  return false;
}

function byStart(x: Span, y: Span): number {
  return x.start - y.start;
}

// After one of these a bare host is part of a query or fragment ("?next=example.com") — unless the character
// was full-width in the original, where it is Japanese punctuation ("？example.com").
const QUERY_PUNCT = '#?=&~+%';

/** Adds bare candidates that do not overlap one of the first `withScheme` (scheme) candidates. */
function collectBare(
  input: string,
  view: UrlView,
  re: RegExp,
  isIp: boolean,
  found: Candidate[],
  withScheme: number,
): void {
  const t = view.text;
  re.lastIndex = 0;
  for (let m = re.exec(t); m !== null; m = re.exec(t)) {
    const s = m.index;
    const e = s + m[0].length;
    const before = t[s - 1];
    if (before !== undefined && QUERY_PUNCT.includes(before) && originalSlice(input, view, s - 1, s) === before) continue;
    let covered = false;
    for (let i = 0; i < withScheme && !covered; i++) {
      const c = found[i];
      if (c !== undefined && s < c.end && e > c.start) covered = true;
    }
    if (covered) continue;
    const c = readBareUrl(t, m, isIp);
    if (c !== null) found.push(c);
  }
}
