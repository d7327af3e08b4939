// Host names: one canonical ASCII form (lower case, punycode, no trailing dot), IP literals in every spelling
// browsers accept, and the registrable domain from the Public Suffix List (tldts).
import { domainToASCII, domainToUnicode } from 'node:url';
import { parse as parseDomain } from 'tldts';

export interface HostInfo {
  /** ASCII lower case, punycode for IDN, no trailing dot; IPv4 dotted-decimal; IPv6 compressed, no brackets. */
  host: string;
  /** Public-suffix-list registrable domain ('example.co.jp'); null for IPs and bare suffixes. */
  registrableDomain: string | null;
  /** 'co.jp', 'top'; for a TLD not in the list, its last label. Null for IPs. */
  publicSuffix: string | null;
  /** Labels before the registrable domain ('' if none). */
  subdomain: string;
  isIp: boolean;
  /** An xn-- label or a non-ASCII character in the host as written. */
  isPunycode: boolean;
  /** The suffix is an ICANN one in the Public Suffix List (false for unlisted TLDs and IPs). */
  isIcann: boolean;
  /** RFC 2606/6761 names reserved for tests and documentation: .example, .test, .invalid, .localhost… */
  isSpecialUse: boolean;
}

const TLDTS_OPTIONS = {
  extractHostname: false,
  detectIp: false,
  validateHostname: false,
  mixedInputs: false,
  detectSpecialUse: true,
} as const;

const LABEL = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)$/;
const ASCII_HOST_CHARS = /^[a-z0-9._-]+$/;
const NON_ASCII = /[\u0080-\uffff]/;
const IDN_REJECT = /[^\p{L}\p{M}\p{N}._．。｡-]/u;

// Parsing a host with tldts costs about a microsecond; campaigns repeat the same few hosts, so a small cache
// pays for itself. It is cleared, not evicted entry by entry, when full: simpler, and refilling is cheap.
const CACHE_LIMIT = 4096;
const cache = new Map<string, HostInfo | null>();

/**
 * Parses an IPv4 address the way WHATWG URL does: one to four parts, each decimal, 0x-hex or 0-octal, the
 * last part filling the remaining bytes. So 3232235777, 0xC0A80001 and 0300.0250.0.1 all mean 192.168.0.1,
 * which is how attackers hide an IP from naive filters. Returns null when `host` is not such a literal.
 */
export function parseIpv4(host: string): string | null {
  const parts = host.endsWith('.') ? host.slice(0, -1).split('.') : host.split('.');
  if (parts.length === 0 || parts.length > 4) return null;
  const nums: number[] = [];
  for (const part of parts) {
    if (part === '') return null;
    let n: number;
    if (/^0x[0-9a-f]*$/i.test(part)) n = part.length === 2 ? 0 : parseInt(part.slice(2), 16);
    else if (/^0[0-7]+$/.test(part)) n = parseInt(part.slice(1), 8);
    else if (/^[0-9]+$/.test(part)) n = part.length > 12 ? Number.NaN : parseInt(part, 10);
    else return null;
    if (!Number.isFinite(n)) return null;
    nums.push(n);
  }
  const last = nums.pop() ?? 0;
  for (const n of nums) if (n > 255) return null;
  if (last >= 256 ** (4 - nums.length)) return null;
  let value = last;
  nums.forEach((n, i) => {
    value += n * 256 ** (3 - i);
  });
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/** Canonical IPv6 text (lower case, compressed) via the WHATWG URL parser, or null. */
function parseIpv6(host: string): string | null {
  const inner = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (!/^[0-9a-f:.]+$/i.test(inner) || !inner.includes(':')) return null;
  try {
    const h = new URL(`http://[${inner}]/`).hostname;
    return h.slice(1, -1);
  } catch {
    return null;
  }
}

function ipInfo(ip: string, written: string): HostInfo {
  return Object.freeze({
    host: ip,
    registrableDomain: null,
    publicSuffix: null,
    subdomain: '',
    isIp: true,
    isPunycode: NON_ASCII.test(written),
    isIcann: false,
    isSpecialUse: false,
  });
}

function computeHostInfo(input: string): HostInfo | null {
  let h = input.trim();
  if (h === '' || h.length > 300) return null;
  if (h.startsWith('[') || h.includes(':')) {
    const v6 = parseIpv6(h);
    return v6 === null ? null : ipInfo(v6, input);
  }
  const nonAscii = NON_ASCII.test(h);
  if (nonAscii) {
    // Letters, marks, digits, hyphens and the dot forms IDNA maps to '.'; anything else (a '/', a space) would
    // be silently dropped or reinterpreted by domainToASCII.
    if (IDN_REJECT.test(h)) return null;
    // UTS #46 mapping: lower-cases, folds full-width forms and the ideographic full stop, then punycode.
    // Returns '' for names IDNA rejects.
    h = domainToASCII(h);
    if (h === '') return null;
  } else {
    h = h.toLowerCase();
  }
  if (h.endsWith('.')) h = h.slice(0, -1);
  if (h === '' || h.length > 253 || !ASCII_HOST_CHARS.test(h)) return null;
  const v4 = parseIpv4(h);
  if (v4 !== null) return ipInfo(v4, input);
  const labels = h.split('.');
  for (const label of labels) if (!LABEL.test(label)) return null;
  // An xn-- label that is not valid punycode names no host a browser could open (WHATWG URL refuses it too).
  if (h.includes('xn--') && domainToASCII(h) === '') return null;
  const tld = labels[labels.length - 1] ?? '';
  // A TLD is letters (or an xn-- IDN TLD); an all-digit last label means a malformed IP, not a name.
  if (!/^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/.test(tld) && h !== 'localhost') return null;
  const r = parseDomain(h, TLDTS_OPTIONS);
  // Frozen: the object is shared through the cache.
  return Object.freeze({
    host: h,
    registrableDomain: r.domain,
    publicSuffix: r.publicSuffix,
    subdomain: r.subdomain ?? '',
    isIp: false,
    isPunycode: nonAscii || h.startsWith('xn--') || h.includes('.xn--'),
    isIcann: r.isIcann === true,
    isSpecialUse: r.isSpecialUse === true,
  });
}

/** Full host analysis including the PSL flags that URL extraction uses to accept or reject a candidate. */
export function hostInfo(input: string): HostInfo | null {
  if (typeof input !== 'string') return null;
  const hit = cache.get(input);
  if (hit !== undefined) return hit;
  const info = computeHostInfo(input);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(input, info);
  return info;
}

/**
 * Canonical form and PSL split of a host name or IP literal (Unicode or ASCII, with or without a trailing dot,
 * IPv6 with or without brackets). Null when it cannot be a host.
 */
export function parseHost(host: string): {
  host: string;
  registrableDomain: string | null;
  publicSuffix: string | null;
  subdomain: string;
  isIp: boolean;
  isPunycode: boolean;
} | null {
  const info = hostInfo(host);
  if (info === null) return null;
  return {
    host: info.host,
    registrableDomain: info.registrableDomain,
    publicSuffix: info.publicSuffix,
    subdomain: info.subdomain,
    isIp: info.isIp,
    isPunycode: info.isPunycode,
  };
}

/** Unicode form of an ASCII host for display (IPs unchanged). */
export function hostToUnicode(host: string): string {
  if (!host.includes('xn--')) return host;
  const u = domainToUnicode(host);
  return u === '' ? host : u;
}
