// A STIX 2.1 bundle from a peer → indicator inputs for IntelService.upsert. Input is untrusted: it is checked
// strictly, and anything wrong skips that object (or the whole bundle) with a reason; nothing here throws.
// What is read and how: docs/stix.md.
import { Buffer } from 'node:buffer';
import { isIPv4, isIPv6 } from 'node:net';
import { isIndicatorKind, normalizeIndicatorValue, type IndicatorKind, type IndicatorVerdict } from '../indicator.js';
import { MAMORU_EXTENSION_ID, PATTERN_TARGETS, parsePattern, parseTimestamp } from './stix-pattern.js';
import type { FromStixOptions, StixImportResult, StixIndicatorImport, StixSkipped } from './stix.types.js';

/** Objects per bundle; a larger bundle is refused whole (a peer should page). */
export const MAX_STIX_OBJECTS = 100_000;
/** Bytes of input: the length of raw JSON, or approximately the UTF-8 size of a parsed value's JSON. */
export const MAX_STIX_INPUT_BYTES = 50 * 1024 * 1024;
/** A valid_from this far after `now` (ms) is clock skew; later is "not yet valid". */
const FUTURE_TOLERANCE_MS = 5 * 60_000;
/** mamoru's own limits for an indicator input (IntelService): value, source/brand/family lengths. */
const MAX_VALUE = 4096;
const MAX_TEXT = 200;

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}';
const STIX_ID = new RegExp(`^([a-z0-9][a-z0-9-]{0,248}[a-z0-9])--${UUID}$`, 'i');
const OBJECT_TYPE = /^[a-z0-9][a-z0-9-]{1,248}[a-z0-9]$/;
/** Objects that travel with indicators and need no import of their own. */
const COMPANION_TYPES = new Set(['identity', 'extension-definition', 'marking-definition']);

type Obj = Record<string, unknown>;

/** Thrown inside this file only, and always caught here: the reason an object (or the bundle) is skipped. */
class Skip extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own properties only: a bundle parsed from JSON may carry keys such as `__proto__` or `constructor`. */
function own(o: Obj, key: string): unknown {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

function stixId(v: unknown, type?: string): string | null {
  if (typeof v !== 'string' || v.length > 300) return null;
  const m = STIX_ID.exec(v);
  if (m === null || (type !== undefined && m[1] !== type)) return null;
  return v;
}

function timestamp(o: Obj, key: string, required: boolean): number | null {
  const raw = own(o, key);
  if (raw === undefined && !required) return null;
  const ms = parseTimestamp(raw);
  if (ms === null) throw new Skip(`${raw === undefined ? 'missing' : 'invalid'} ${key}`);
  return ms;
}

function optionalText(e: Obj, key: string): string | null {
  const v = own(e, key);
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string' || v.length === 0 || v.length > MAX_TEXT) throw new Skip(`invalid extension property ${key}`);
  return v;
}

/** Approximate UTF-8 size of `root` as JSON, stopping as soon as it passes `limit`. Iterative, so deep
 * nesting cannot overflow the stack; a cycle only grows the count until it passes the limit. */
function exceedsJsonSize(root: unknown, limit: number): boolean {
  let total = 0;
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v === 'string') total += v.length > limit ? v.length : Buffer.byteLength(v) + 2;
    else if (Array.isArray(v)) {
      total += 2;
      for (let i = 0; i < v.length && total <= limit; i++) {
        total += 1;
        stack.push(v[i]);
      }
    } else if (isObj(v)) {
      total += 2;
      for (const k of Object.keys(v)) {
        total += Buffer.byteLength(k) + 4;
        if (total > limit) break;
        stack.push(v[k]);
      }
    } else total += 8;
    if (total > limit) return true;
  }
  return false;
}

interface Extension {
  kind: IndicatorKind;
  value: string | null;
  verdict: IndicatorVerdict | null;
  source: string | null;
  brand: string | null;
  family: string | null;
}

function readExtension(o: Obj): Extension | null {
  const exts = own(o, 'extensions');
  if (exts === undefined) return null;
  if (!isObj(exts)) throw new Skip('invalid extensions');
  const e = own(exts, MAMORU_EXTENSION_ID);
  if (e === undefined) return null;
  if (!isObj(e) || own(e, 'extension_type') !== 'property-extension') throw new Skip('invalid mamoru extension');
  const kind = own(e, 'kind');
  if (!isIndicatorKind(kind)) throw new Skip('invalid extension property kind');
  const value = own(e, 'value');
  if (value !== undefined && (typeof value !== 'string' || value.length > MAX_VALUE)) throw new Skip('invalid extension property value');
  const verdict = own(e, 'verdict');
  if (verdict !== undefined && verdict !== 'bad' && verdict !== 'good') throw new Skip('invalid extension property verdict');
  const reporters = own(e, 'reporters');
  if (reporters !== undefined && !(Number.isSafeInteger(reporters) && (reporters as number) >= 0)) throw new Skip('invalid extension property reporters');
  return {
    kind,
    value: value ?? null,
    verdict: verdict ?? null,
    source: optionalText(e, 'source'),
    brand: optionalText(e, 'brand'),
    family: optionalText(e, 'family'),
  };
}

function normalize(kind: IndicatorKind, raw: string): string {
  let v: string;
  try {
    v = normalizeIndicatorValue(kind, raw);
  } catch (e) {
    throw new Skip(`invalid value: ${e instanceof Error ? e.message : 'not normalisable'}`);
  }
  if (v.length > MAX_VALUE) throw new Skip('invalid value: too long');
  return v;
}

/** `value` if normalising it again gives itself (so IntelService.upsert, which normalises, keeps it), else the
 * raw literal it came from. The exception today: a url on an IPv6 host, stored as `2001:db8::1/p`, which does
 * not parse as a URL a second time; `http://[2001:db8::1]/p` normalises to the same key. */
function upsertable(kind: IndicatorKind, value: string, literal: string): string {
  try {
    if (normalizeIndicatorValue(kind, value) === value) return value;
  } catch {
    // not idempotent for this value; fall through
  }
  return literal;
}

/** A version-checked indicator (see readHeader) → an import, or Skip. */
function readIndicator(o: Obj, id: string, modified: number, opts: FromStixOptions): { key: string; item: StixIndicatorImport } {
  const revoked = own(o, 'revoked');
  if (revoked !== undefined && typeof revoked !== 'boolean') throw new Skip('invalid revoked');
  if (revoked === true) throw new Skip('revoked');
  const patternType = own(o, 'pattern_type');
  if (typeof patternType !== 'string') throw new Skip('missing pattern_type');
  if (patternType !== 'stix') throw new Skip('unsupported pattern type');
  const pattern = own(o, 'pattern');
  if (typeof pattern !== 'string') throw new Skip('missing pattern');
  const validFrom = timestamp(o, 'valid_from', true)!;
  const validUntil = timestamp(o, 'valid_until', false);
  if (validUntil !== null && validUntil <= validFrom) throw new Skip('valid_until is not after valid_from');
  // <= as the index does: an entry whose expiry is now no longer matches.
  if (validUntil !== null && validUntil <= opts.now) throw new Skip('expired');
  if (validFrom > opts.now + FUTURE_TOLERANCE_MS) throw new Skip('not yet valid');
  const conf = own(o, 'confidence');
  if (conf !== undefined && !(Number.isInteger(conf) && (conf as number) >= 0 && (conf as number) <= 100)) throw new Skip('invalid confidence');
  const types = own(o, 'indicator_types') ?? [];
  if (!Array.isArray(types) || !types.every((t) => typeof t === 'string')) throw new Skip('invalid indicator_types');
  // A peer calling the same thing benign and malicious is not trusted with either (an allow-list entry
  // switches a block off).
  if (types.includes('benign') && types.includes('malicious-activity')) throw new Skip('conflicting indicator_types');
  const verdict: IndicatorVerdict = types.includes('benign') ? 'good' : 'bad';

  const parsed = parsePattern(pattern);
  if (parsed === null) throw new Skip('unsupported pattern');
  const target = PATTERN_TARGETS[parsed.target];
  const ext = readExtension(o);
  const kind: IndicatorKind = ext?.kind ?? target.default;
  if (!(target.kinds as readonly IndicatorKind[]).includes(kind)) throw new Skip(`extension kind ${kind} does not match the pattern`);
  const literal = parsed.literal;
  if (parsed.target === 'ipv4-addr:value' && !isIPv4(literal)) throw new Skip('invalid value: not an IPv4 address');
  if (parsed.target === 'ipv6-addr:value' && !isIPv6(literal)) throw new Skip('invalid value: not an IPv6 address');
  const value = normalize(kind, literal);
  if (parsed.target === 'domain-name:value' && (isIPv4(value) || isIPv6(value))) throw new Skip('invalid value: an IP address is not a domain name');
  if (ext?.value != null && ext.value !== value && normalize(kind, ext.value) !== value) throw new Skip('extension value does not match the pattern');
  if (ext?.verdict != null && ext.verdict !== verdict) throw new Skip('extension verdict conflicts with indicator_types');
  if (modified < 0) throw new Skip('invalid modified: before 1970');

  const item: StixIndicatorImport = {
    kind,
    value: upsertable(kind, value, literal),
    verdict,
    source: opts.source,
    confidence: conf === undefined ? 0.5 : (conf as number) / 100,
    expiresAt: validUntil,
    seenAt: Math.min(modified, opts.now),
    brand: ext?.brand ?? null,
    family: ext?.family ?? null,
    note: ext?.source ? `STIX ${id}; source at the producer: ${ext.source}` : `STIX ${id}`,
  };
  return { key: `${kind}\0${value}`, item };
}

interface Header {
  id: string;
  modified: number;
  obj: Obj;
}

/** The version-identifying part of an indicator (id, spec_version, created ≤ modified); null for a companion
 * object that is ignored. */
function readHeader(o: unknown): Header | null {
  if (!isObj(o)) throw new Skip('not an object');
  const type = own(o, 'type');
  if (typeof type !== 'string' || !OBJECT_TYPE.test(type)) throw new Skip('missing or invalid type');
  if (COMPANION_TYPES.has(type)) return null;
  if (type !== 'indicator') throw new Skip(`not an indicator: ${type}`);
  const id = stixId(own(o, 'id'), 'indicator');
  if (id === null) throw new Skip('missing or invalid id');
  if (own(o, 'spec_version') !== '2.1') throw new Skip('spec_version is not 2.1');
  const created = timestamp(o, 'created', true)!;
  const modified = timestamp(o, 'modified', true)!;
  if (modified < created) throw new Skip('modified is before created');
  return { id, modified, obj: o };
}

function objectIdOf(o: unknown): string | null {
  return isObj(o) ? stixId(own(o, 'id')) : null;
}

function parseRaw(input: string | Uint8Array): unknown {
  const bytes = typeof input === 'string' ? (input.length > MAX_STIX_INPUT_BYTES ? input.length : Buffer.byteLength(input)) : input.byteLength;
  if (bytes > MAX_STIX_INPUT_BYTES) throw new Skip('input larger than 50 MB');
  try {
    return JSON.parse(typeof input === 'string' ? input : new TextDecoder('utf-8', { fatal: true }).decode(input));
  } catch {
    throw new Skip('invalid JSON');
  }
}

function readBundle(input: unknown): { id: string; objects: unknown[] } {
  const root = typeof input === 'string' || input instanceof Uint8Array ? parseRaw(input) : input;
  if (!isObj(root) || own(root, 'type') !== 'bundle') throw new Skip('not a STIX bundle');
  const id = stixId(own(root, 'id'), 'bundle');
  if (id === null) throw new Skip('missing or invalid bundle id');
  const objects = own(root, 'objects') ?? [];
  if (!Array.isArray(objects)) throw new Skip('objects is not an array');
  if (objects.length > MAX_STIX_OBJECTS) throw new Skip(`more than ${MAX_STIX_OBJECTS} objects`);
  if (root === input && exceedsJsonSize(root, MAX_STIX_INPUT_BYTES)) throw new Skip('input larger than 50 MB');
  return { id, objects };
}

function reasonOf(e: unknown): string {
  return e instanceof Skip ? e.reason : 'unreadable object';
}

/**
 * Read a STIX 2.1 bundle — a parsed value, or raw JSON as a string or UTF-8 bytes — into indicator inputs.
 *
 * Reads single-comparison patterns over url, domain-name, ipv4-addr, ipv6-addr and mamoru's
 * x-mamoru-phone-number / x-mamoru-sms observables; anything else is skipped as 'unsupported pattern'. Of
 * several versions of one id only the latest `modified` counts; a revoked latest version, an expired one
 * (valid_until ≤ now) or one not yet valid is skipped. Two objects for the same kind and value yield one
 * input (the later `modified`). Companion identities, extension and marking definitions are ignored without
 * a skipped entry; every other object type is skipped. A bundle over MAX_STIX_OBJECTS objects or
 * MAX_STIX_INPUT_BYTES is refused whole, with one skipped entry.
 *
 * The returned values are normalised and within IntelService's limits, so `upsert(indicators)` accepts the
 * batch as long as `opts.source` is a valid source. Whether to trust a peer's 'good' (allow-list) entries is
 * the caller's decision.
 */
export function fromStixBundle(bundle: unknown, opts: FromStixOptions): StixImportResult {
  const skipped: StixSkipped[] = [];
  let objects: unknown[];
  try {
    objects = readBundle(bundle).objects;
  } catch (e) {
    let id: string | null = null;
    try {
      if (isObj(bundle)) id = stixId(own(bundle, 'id'), 'bundle');
    } catch {
      // an exotic object (a throwing getter); no id then
    }
    return { indicators: [], skipped: [{ id, reason: e instanceof Skip ? e.reason : 'unreadable input' }] };
  }

  // 1. Headers, and the latest version of each id.
  const latest = new Map<string, Header>();
  for (const o of objects) {
    let h: Header | null;
    try {
      h = readHeader(o);
    } catch (e) {
      skipped.push({ id: safe(() => objectIdOf(o)), reason: reasonOf(e) });
      continue;
    }
    if (h === null) continue;
    const prev = latest.get(h.id);
    if (prev === undefined || h.modified > prev.modified) {
      if (prev !== undefined) skipped.push({ id: prev.id, reason: 'superseded by a later version in the bundle' });
      latest.set(h.id, h);
    } else skipped.push({ id: h.id, reason: h.modified === prev.modified ? 'duplicate object' : 'superseded by a later version in the bundle' });
  }

  // 2. Read each latest version; one input per kind and value, from the most recently modified object.
  const byKey = new Map<string, { id: string; modified: number; item: StixIndicatorImport }>();
  for (const h of latest.values()) {
    let read: { key: string; item: StixIndicatorImport };
    try {
      read = readIndicator(h.obj, h.id, h.modified, opts);
    } catch (e) {
      skipped.push({ id: h.id, reason: reasonOf(e) });
      continue;
    }
    const { key, item } = read;
    const prev = byKey.get(key);
    if (prev === undefined || h.modified > prev.modified) {
      if (prev !== undefined) skipped.push({ id: prev.id, reason: `same indicator as ${h.id}, which is newer` });
      byKey.set(key, { id: h.id, modified: h.modified, item });
    } else skipped.push({ id: h.id, reason: `same indicator as ${prev.id}` });
  }
  return { indicators: [...byKey.values()].map((c) => c.item), skipped };
}

function safe<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}
