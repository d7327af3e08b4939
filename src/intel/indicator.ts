// Indicators and the one normalisation every store, index and lookup applies to their values, so "the same
// thing" always has the same key whoever reported it and however it was written.
import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';
import { AppError } from '../core/index.js';
import { parsePhone } from '../text/index.js';

export const INDICATOR_KINDS = ['phone', 'url', 'host', 'domain', 'ip', 'fingerprint', 'sender_id'] as const;
export type IndicatorKind = (typeof INDICATOR_KINDS)[number];
export type IndicatorVerdict = 'bad' | 'good';

export interface Indicator {
  /** ULID; kept when the same (kind, value) is reported again. */
  id: string;
  kind: IndicatorKind;
  /** Normalised for its kind (normalizeIndicatorValue). */
  value: string;
  /** 'good' entries form the allow-list: they lower a score instead of raising it. */
  verdict: IndicatorVerdict;
  /** Who reported it, e.g. `report-hub`, `police`, `partner:<name>`. */
  source: string;
  /** 0–1. */
  confidence: number;
  /** ms since epoch. */
  firstSeen: number;
  /** ms since epoch. */
  lastSeen: number;
  /** ms since epoch; null = never expires. */
  expiresAt: number | null;
  brand: string | null;
  family: string | null;
  note: string | null;
}

export function isIndicatorKind(k: unknown): k is IndicatorKind {
  return typeof k === 'string' && (INDICATOR_KINDS as readonly string[]).includes(k);
}

function invalid(kind: string, raw: string, why: string): AppError {
  // Only a prefix of the value goes into details: indicator values can be long and are echoed to clients.
  return new AppError('INVALID_INDICATOR', `invalid ${kind} indicator: ${why}`, { kind, value: raw.slice(0, 200), reason: why });
}

/**
 * Phone: E.164 (`+819012345678`), or the national digits of a carrier common number (0005 + 4–6 digits; they
 * have no E.164 form). Parsing is the text module's (Japanese numbering plan, libphonenumber-js for foreign
 * numbers), so an indicator and a number found in a message normalise the same way. One addition: a
 * digits-only `81…` (how SMPP carries an international-TON source address, without '+') is read as +81….
 */
function normalizePhone(raw: string): string {
  let info = parsePhone(raw);
  if (info === null && /^81\d{9,10}$/.test(raw.trim())) info = parsePhone(`+${raw.trim()}`);
  if (info === null || !info.valid) throw invalid('phone', raw, 'not a valid phone number (E.164, Japanese national or 0005…)');
  if (info.kind === 'common') return info.national;
  if (info.e164 === null) throw invalid('phone', raw, 'no E.164 form');
  return info.e164;
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,62})$/;

/** Lower-case ASCII (punycode) host without trailing dot; IPv4 dotted; IPv6 compressed without brackets (the
 * text module's ExtractedUrl.host form, which the verdict engine looks up). */
function normalizeHostname(kind: string, raw: string): string {
  const s = raw.normalize('NFKC').trim();
  if ((s.startsWith('[') && s.endsWith(']')) || isIPv6(s)) return normalizeIp(kind, s);
  // domainToASCII silently drops everything after a '/', so anything that is not part of a host is refused first.
  if (s === '' || /[\s/\\:@?#%]/.test(s)) throw invalid(kind, raw, 'not a host name');
  const ascii = domainToASCII(s.endsWith('.') ? s.slice(0, -1) : s);
  if (ascii === '' || ascii.length > 253) throw invalid(kind, raw, 'not a valid (internationalised) domain name');
  if (!isIPv4(ascii) && !ascii.split('.').every((l) => LABEL.test(l))) throw invalid(kind, raw, 'empty or invalid label');
  return ascii;
}

function normalizeIp(kind: string, raw: string): string {
  const s = raw.trim().replace(/^\[(.*)\]$/, '$1');
  if (isIPv6(s)) return new URL(`http://[${s}]/`).hostname.slice(1, -1); // RFC 5952 compressed, lower-case
  // The URL host parser canonicalises the forms phishing links use (0x7f000001, 127.1, octal parts).
  if (!/^[0-9a-fx.]+$/i.test(s)) throw invalid(kind, raw, 'not an IP address');
  let host: string;
  try {
    host = new URL(`http://${s}/`).hostname;
  } catch {
    throw invalid(kind, raw, 'not an IP address');
  }
  if (!isIPv4(host)) throw invalid(kind, raw, 'not an IP address');
  return host;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):\/\//i;

/** `host/path` — no scheme, user info, port, query, fragment or trailing slash; host as normalizeHostname.
 * The port is dropped on purpose: the verdict engine keys links the same way (host + path), and moving a
 * phishing page to another port must not escape its indicator. */
function normalizeUrl(raw: string): string {
  const s = raw.normalize('NFKC').trim();
  const scheme = SCHEME.exec(s)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') throw invalid('url', raw, `scheme ${scheme} is not http(s)`);
  let u: URL;
  try {
    u = new URL(scheme ? s : `http://${s}`);
  } catch {
    throw invalid('url', raw, 'not a URL');
  }
  if (u.hostname === '') throw invalid('url', raw, 'no host');
  const host = normalizeHostname('url', u.hostname);
  const path = u.pathname.replace(/\/+$/, '');
  return `${host}${path}`;
}

const FINGERPRINT = /^[a-z][a-z0-9_-]*:[0-9a-f]{8,128}$/;

function normalizeFingerprint(raw: string): string {
  const s = raw.trim().toLowerCase();
  if (!FINGERPRINT.test(s)) throw invalid('fingerprint', raw, 'expected <scheme>:<hex>, e.g. tf1:0123456789abcdef');
  return s;
}

/** Alphanumeric sender ids are at most 11 characters (GSM 03.40); compared upper-case. */
function normalizeSenderId(raw: string): string {
  const s = raw.normalize('NFKC').trim().replace(/\s+/g, ' ').toUpperCase().normalize('NFKC');
  if (s.length === 0 || s.length > 11 || /\p{Cc}/u.test(s)) throw invalid('sender_id', raw, 'expected 1–11 printable characters');
  return s;
}

/** The canonical form of `raw` for `kind`; throws AppError('INVALID_INDICATOR') when it has none. */
export function normalizeIndicatorValue(kind: IndicatorKind, raw: string): string {
  if (typeof raw !== 'string') throw invalid(String(kind), String(raw), 'value must be a string');
  switch (kind) {
    case 'phone':
      return normalizePhone(raw);
    case 'url':
      return normalizeUrl(raw);
    case 'host':
      return normalizeHostname('host', raw);
    case 'domain': {
      const d = normalizeHostname('domain', raw);
      if (isIPv4(d) || isIPv6(d)) throw invalid('domain', raw, 'an IP address is not a domain');
      return d;
    }
    case 'ip':
      return normalizeIp('ip', raw);
    case 'fingerprint':
      return normalizeFingerprint(raw);
    case 'sender_id':
      return normalizeSenderId(raw);
    default:
      throw invalid(String(kind), raw, 'unknown indicator kind');
  }
}
