// What both directions share: the fixed ids, RFC 3339 timestamps, and the one STIX pattern form mamoru writes
// and reads — a single equality comparison, `[object-type:property = 'literal']`.
import { isIPv4, isIPv6 } from 'node:net';
import type { IndicatorKind } from '../indicator.js';

/** UUIDv5 namespace of every id mamoru derives (a random v4 UUID chosen once; never change it, or every peer
 * would see every indicator as new). */
export const MAMORU_STIX_NAMESPACE = '6c742209-1779-4118-af49-9c3e084cca44';
/** uuidV5(namespace, 'extension-definition:mamoru-indicator:1'); a test recomputes it. */
export const MAMORU_EXTENSION_ID = 'extension-definition--0c72bc3a-027f-5696-83af-b58df19ddc1d';
/** uuidV5(namespace, 'identity:mamoru-project'): the creator of the extension definition, which is the same
 * whichever operator sends it (so it cannot be any one operator's identity). */
export const MAMORU_PROJECT_IDENTITY_ID = 'identity--e994bce9-2c37-5cfc-a72b-d39ef75b5738';

/** `object-type:property` pairs mamoru understands. The x-mamoru-* types follow MISP's `phone-number` and
 * `short-message-service` object templates; STIX 2.1 has no observable for either. */
export const PATTERN_TARGETS = {
  'url:value': { default: 'url', kinds: ['url'] },
  'domain-name:value': { default: 'host', kinds: ['host', 'domain'] },
  'ipv4-addr:value': { default: 'ip', kinds: ['ip', 'host'] },
  'ipv6-addr:value': { default: 'ip', kinds: ['ip', 'host'] },
  'x-mamoru-phone-number:value': { default: 'phone', kinds: ['phone'] },
  'x-mamoru-sms:fingerprint': { default: 'fingerprint', kinds: ['fingerprint'] },
  'x-mamoru-sms:sender_id': { default: 'sender_id', kinds: ['sender_id'] },
} as const satisfies Record<string, { default: IndicatorKind; kinds: readonly IndicatorKind[] }>;
export type PatternTarget = keyof typeof PATTERN_TARGETS;

function isPatternTarget(s: string): s is PatternTarget {
  return Object.hasOwn(PATTERN_TARGETS, s);
}

/** STIX pattern string literal: `'` and `\` are the only characters that need (and allow) a backslash. */
export function escapePatternString(s: string): string {
  return s.replace(/[\\']/g, (c) => `\\${c}`);
}

function ipTarget(ip: string): PatternTarget {
  return isIPv6(ip) ? 'ipv6-addr:value' : 'ipv4-addr:value';
}

/** mamoru url values are `host/path` without scheme (indicator.ts); STIX url:value is a full URL. The scheme
 * is always http: mamoru matches links whatever their scheme, and kept none. */
function urlOf(value: string): string {
  const slash = value.indexOf('/');
  const host = slash < 0 ? value : value.slice(0, slash);
  const path = slash < 0 ? '' : value.slice(slash);
  return `http://${isIPv6(host) ? `[${host}]` : host}${path}`;
}

/** The STIX pattern for an already-normalised mamoru indicator value. */
export function patternFor(kind: IndicatorKind, value: string): string {
  let target: PatternTarget;
  let literal = value;
  switch (kind) {
    case 'url':
      target = 'url:value';
      literal = urlOf(value);
      break;
    case 'domain':
      target = 'domain-name:value';
      break;
    case 'host':
      target = isIPv4(value) || isIPv6(value) ? ipTarget(value) : 'domain-name:value';
      break;
    case 'ip':
      target = ipTarget(value);
      break;
    case 'phone':
      target = 'x-mamoru-phone-number:value';
      break;
    case 'fingerprint':
      target = 'x-mamoru-sms:fingerprint';
      break;
    case 'sender_id':
      target = 'x-mamoru-sms:sender_id';
      break;
  }
  return `[${target} = '${escapePatternString(literal)}']`;
}

/** Longest pattern read, in UTF-16 units: a value is at most 4096 characters after normalisation, and a raw
 * URL with its query string may be longer, but not by this much. */
export const MAX_PATTERN_LENGTH = 16_384;

// One comparison, whitespace allowed around tokens as the STIX pattern grammar does. The literal admits only
// the \' and \\ escapes; any other backslash makes the pattern invalid. Linear: the alternatives in the
// literal cannot overlap.
const SINGLE_EQUALITY = /^\[\s*([a-z0-9-]+:[a-z0-9_]+)\s*=\s*'((?:[^'\\]|\\['\\])*)'\s*\]$/;

/** The target and unescaped literal of a single-equality pattern over a supported target, or null. */
export function parsePattern(pattern: string): { target: PatternTarget; literal: string } | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return null;
  const m = SINGLE_EQUALITY.exec(pattern.trim());
  if (m === null) return null;
  const target = m[1]!;
  if (!isPatternTarget(target)) return null;
  return { target, literal: m[2]!.replace(/\\(['\\])/g, '$1') };
}

/** Largest time STIX can express (RFC 3339 has four-digit years). */
const MAX_TIME = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

/** RFC 3339 UTC with milliseconds; throws RangeError outside years 1970–9999 (no such time is a valid
 * mamoru timestamp). */
export function formatTimestamp(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIME) throw new RangeError(`not a timestamp in ms since epoch: ${ms}`);
  return new Date(ms).toISOString();
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** ms since epoch of a STIX timestamp (UTC, `Z`, up to nanoseconds, truncated to ms), or null when it is not
 * one — including dates that do not exist (Feb 30) and leap seconds, which Date cannot hold. */
export function parseTimestamp(s: unknown): number | null {
  if (typeof s !== 'string' || s.length > 40) return null;
  const m = TIMESTAMP.exec(s);
  if (m === null) return null;
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6]].map(Number) as [number, number, number, number, number, number];
  const frac = m[7] === undefined ? 0 : Number(m[7].padEnd(3, '0').slice(0, 3));
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec, frac);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  if (back.getUTCHours() !== h || back.getUTCMinutes() !== mi || back.getUTCSeconds() !== sec) return null;
  return ms;
}
