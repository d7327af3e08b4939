import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessBus, ManualClock } from '../../core/index.js';
import { IndicatorIndex } from '../indicator-index.js';
import { normalizeIndicatorValue, type Indicator, type IndicatorKind } from '../indicator.js';
import { IntelService, type IndicatorStore } from '../intel.service.js';
import { MAX_STIX_OBJECTS, fromStixBundle } from './from-stix.js';
import { MAMORU_EXTENSION_ID } from './stix-pattern.js';
import { stixIndicatorId, toStixBundle } from './to-stix.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const DAY = 86_400_000;
const NOW = T0 + 10 * DAY;
const IMPORT = { source: 'partner:op-a', now: NOW };
const BUNDLE_ID = 'bundle--5d0092c5-5f74-4287-9642-33f4c354e56d';

function ind(kind: IndicatorKind, raw: string, over: Partial<Indicator> = {}): Indicator {
  return {
    id: '01JTEST', kind, value: normalizeIndicatorValue(kind, raw), verdict: 'bad', source: 'report-hub', confidence: 0.8,
    firstSeen: T0, lastSeen: T0 + DAY, expiresAt: T0 + 30 * DAY, brand: null, family: null, note: null, ...over,
  };
}

let seq = 0;
/** A plain third-party STIX 2.1 indicator (no mamoru extension). */
function third(pattern: string, over: Record<string, unknown> = {}): Record<string, unknown> {
  seq += 1;
  return {
    type: 'indicator', spec_version: '2.1', id: `indicator--00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`,
    created: '2026-01-05T00:00:00Z', modified: '2026-01-06T12:00:00.5Z', pattern, pattern_type: 'stix',
    valid_from: '2026-01-05T00:00:00Z', indicator_types: ['malicious-activity'], ...over,
  };
}

function bundle(objects: unknown[]): Record<string, unknown> {
  return { type: 'bundle', id: BUNDLE_ID, objects };
}

const ROUND_TRIP: Indicator[] = [
  ind('phone', '090-1234-5678', { brand: 'amazon', family: 'account-lock', confidence: 0.95 }),
  ind('phone', '0005-123456'),
  ind('url', 'https://evil.example/login?x=1'),
  ind('url', "http://evil.example/it's/a\\b"),
  ind('url', 'http://銀行.example/ログイン'),
  ind('url', 'http://[2001:db8::1]/p'),
  ind('url', 'http://198.51.100.9'),
  ind('host', 'login.evil.example'),
  ind('host', '192.0.2.1'),
  ind('host', '2001:db8::2'),
  ind('domain', 'evil.example', { expiresAt: null }),
  ind('domain', 'amazon.co.jp', { verdict: 'good', brand: 'amazon', confidence: 1 }),
  ind('ip', '198.51.100.7', { confidence: 0 }),
  ind('ip', '2001:db8::3'),
  ind('fingerprint', 'tf1:0123456789abcdef', { family: 'delivery' }),
  ind('sender_id', `O'RE\\LLY`),
  ind('sender_id', 'アマゾン', { verdict: 'good' }),
];

void test('round trip: every kind and both verdicts come back as the same indicator', () => {
  const b = toStixBundle(ROUND_TRIP, { identity: { id: 'op-a', name: 'Operator A' }, now: NOW });
  const { indicators, skipped } = fromStixBundle(JSON.parse(JSON.stringify(b)), IMPORT);
  assert.deepEqual(skipped, []);
  assert.deepEqual(indicators, ROUND_TRIP.map((i) => ({
    // A url on an IPv6 host comes back as a full URL: its stored form does not normalise a second time
    // (indicator.ts), and upsert normalises; both name the same key.
    kind: i.kind, value: i.value === '2001:db8::1/p' ? 'http://[2001:db8::1]/p' : i.value, verdict: i.verdict, source: 'partner:op-a', confidence: i.confidence, expiresAt: i.expiresAt,
    seenAt: i.lastSeen, brand: i.brand, family: i.family, note: `STIX ${stixIndicatorId(i.kind, i.value)}; source at the producer: report-hub`,
  })));
});

void test('raw JSON is accepted as a string or as UTF-8 bytes', () => {
  const json = JSON.stringify(toStixBundle([ind('sender_id', 'アマゾン')], { identity: { id: 'a', name: 'A' }, now: NOW }));
  assert.equal(fromStixBundle(json, IMPORT).indicators[0]?.value, 'アマゾン');
  assert.equal(fromStixBundle(new TextEncoder().encode(json), IMPORT).indicators[0]?.value, 'アマゾン');
  assert.deepEqual(fromStixBundle('{"type":"bundle",', IMPORT), { indicators: [], skipped: [{ id: null, reason: 'invalid JSON' }] });
  assert.deepEqual(fromStixBundle(new Uint8Array([0x7b, 0xff, 0x7d]), IMPORT).skipped, [{ id: null, reason: 'invalid JSON' }]);
});

void test('the output is ready for IntelService.upsert: the whole batch is accepted and answers lookups', async () => {
  const rows = new Map<string, Indicator>();
  const store: IndicatorStore = {
    upsertMany: async (inds) => { for (const i of inds) rows.set(`${i.kind}:${i.value}`, i); return [...inds]; },
    remove: async () => undefined,
    list: async () => [...rows.values()],
    streamIndexEntries: async function* () {},
    changedSince: async () => [],
  };
  const bus = new InProcessBus();
  const svc = new IntelService({ repository: store, index: new IndicatorIndex(), bus, clock: new ManualClock(NOW) });
  try {
    await svc.start();
    const { indicators } = fromStixBundle(toStixBundle(ROUND_TRIP, { identity: { id: 'a', name: 'A' }, now: NOW }), IMPORT);
    const stored = await svc.upsert(indicators);
    assert.equal(stored.length, ROUND_TRIP.length);
    assert.equal(svc.lookup('phone', '09012345678')?.source, 'partner:op-a');
    assert.equal(svc.lookup('domain', 'amazon.co.jp')?.verdict, 'good');
  } finally {
    await svc.stop();
    await bus.close();
  }
});

void test('third-party bundle: single comparisons over url, domain-name and IP addresses are read; the rest skipped', () => {
  const ok = [
    third("[url:value = 'https://Phish.Example/login.php?id=42']", { confidence: 70 }),
    third("[domain-name:value = 'sub.phish.example']"),
    third("  [ ipv4-addr:value='203.0.113.5' ]  ", { indicator_types: ['benign'], valid_until: '2026-02-01T00:00:00Z' }),
    third("[ipv6-addr:value = '2001:DB8::AB']", { indicator_types: undefined }),
  ];
  const unsupported = [
    "[url:value = 'http://a.example/'] OR [url:value = 'http://b.example/']",
    "[domain-name:value = 'a.example' AND domain-name:value = 'b.example']",
    "[file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']",
    "[email-addr:value = 'phisher@evil.example']",
    "[url:value = 'http://a.example/'] WITHIN 10 SECONDS",
    "[domain-name:value MATCHES '^evil']",
    "[domain-name:value != 'good.example']",
    "[url:value = 'http://a.example/\\x']", // \x is not an escape the grammar allows
    'not a pattern',
  ].map((p) => third(p));
  const invalid = [
    third("[ipv4-addr:value = '10.0.0.0/8']"), // a CIDR block is not one address mamoru can match
    third("[ipv4-addr:value = '2001:db8::1']"),
    third("[url:value = 'ftp://evil.example/x']"),
    third("[domain-name:value = '203.0.113.9']"),
    third("[url:value = 'http://evil.example/']", { pattern_type: 'sigma' }),
  ];
  const { indicators, skipped } = fromStixBundle(bundle([...ok, ...unsupported, ...invalid]), IMPORT);
  assert.deepEqual(indicators.map((i) => [i.kind, i.value, i.verdict, i.confidence, i.expiresAt]), [
    ['url', 'phish.example/login.php', 'bad', 0.7, null],
    // STIX domain-name matches that exact name, so it is a host indicator (mamoru 'domain' covers subdomains).
    ['host', 'sub.phish.example', 'bad', 0.5, null],
    ['ip', '203.0.113.5', 'good', 0.5, Date.parse('2026-02-01T00:00:00Z')],
    ['ip', '2001:db8::ab', 'bad', 0.5, null],
  ]);
  const first = indicators[0]!;
  assert.equal(first.seenAt, Date.parse('2026-01-06T12:00:00.500Z'));
  assert.equal(first.note, `STIX ${String(ok[0]!.id)}`);
  assert.deepEqual(first.brand, null);
  assert.deepEqual(skipped.map((s) => s.reason), [
    ...unsupported.map(() => 'unsupported pattern'),
    'invalid value: not an IPv4 address',
    'invalid value: not an IPv4 address',
    'invalid value: invalid url indicator: scheme ftp is not http(s)',
    'invalid value: an IP address is not a domain name',
    'unsupported pattern type',
  ]);
  assert.deepEqual(skipped.map((s) => s.id), [...unsupported, ...invalid].map((o) => o.id));
});

void test('revoked, expired and not-yet-valid indicators are skipped; only the latest version of an id counts', () => {
  const v1 = third("[domain-name:value = 'versioned.example']", { modified: '2026-01-06T00:00:00Z' });
  const v2 = { ...v1, modified: '2026-01-07T00:00:00Z', confidence: 90 };
  const rev1 = third("[domain-name:value = 'revoked.example']", { modified: '2026-01-06T00:00:00Z' });
  const rev2 = { ...rev1, modified: '2026-01-08T00:00:00Z', revoked: true };
  const expired = third("[domain-name:value = 'expired.example']", { valid_until: new Date(NOW - 1).toISOString() });
  const endsNow = third("[domain-name:value = 'ends-now.example']", { valid_until: new Date(NOW).toISOString() });
  const future = third("[domain-name:value = 'future.example']", { valid_from: '2026-03-01T00:00:00Z' });
  const skew = third("[domain-name:value = 'skew.example']", { valid_from: new Date(NOW + 60_000).toISOString() });
  const { indicators, skipped } = fromStixBundle(bundle([v2, v1, rev1, rev2, expired, endsNow, future, skew]), IMPORT);
  assert.deepEqual(indicators.map((i) => [i.value, i.confidence]), [['versioned.example', 0.9], ['skew.example', 0.5]]);
  assert.deepEqual(skipped, [
    { id: v1.id, reason: 'superseded by a later version in the bundle' },
    { id: rev1.id, reason: 'superseded by a later version in the bundle' },
    { id: rev1.id, reason: 'revoked' },
    { id: expired.id, reason: 'expired' },
    { id: endsNow.id, reason: 'expired' },
    { id: future.id, reason: 'not yet valid' },
  ]);
});

void test('two objects for the same indicator give one input, from the most recently modified', () => {
  const older = third("[url:value = 'http://dup.example/a/']", { modified: '2026-01-06T00:00:00Z', confidence: 10 });
  const newer = third("[url:value = 'HTTPS://DUP.example/a']", { modified: '2026-01-09T00:00:00Z', confidence: 60 });
  const { indicators, skipped } = fromStixBundle(bundle([older, newer]), IMPORT);
  assert.deepEqual(indicators.map((i) => [i.value, i.confidence]), [['dup.example/a', 0.6]]);
  assert.deepEqual(skipped, [{ id: older.id, reason: `same indicator as ${String(newer.id)}, which is newer` }]);
});

void test('the mamoru extension must agree with the pattern and indicator_types', () => {
  const b = toStixBundle([ind('sender_id', 'AMAZON'), ind('host', 'a.example'), ind('domain', 'b.example')], { identity: { id: 'a', name: 'A' }, now: NOW });
  type Obj = { extensions: Record<string, Record<string, unknown>>; indicator_types: string[] };
  const [, , s, h, d] = JSON.parse(JSON.stringify(b.objects)) as Obj[];
  s!.extensions[MAMORU_EXTENSION_ID]!.kind = 'phone'; // kind/pattern mismatch
  h!.extensions[MAMORU_EXTENSION_ID]!.value = 'other.example';
  d!.indicator_types = ['benign']; // extension still says bad
  const { indicators, skipped } = fromStixBundle(bundle([s, h, d]), IMPORT);
  assert.deepEqual(indicators, []);
  assert.deepEqual(skipped.map((x) => x.reason), [
    'extension kind phone does not match the pattern',
    'extension value does not match the pattern',
    'extension verdict conflicts with indicator_types',
  ]);
});

void test('an object calling itself both benign and malicious is not trusted with either', () => {
  const o = third("[domain-name:value = 'both.example']", { indicator_types: ['malicious-activity', 'benign'] });
  assert.deepEqual(fromStixBundle(bundle([o]), IMPORT).skipped, [{ id: o.id, reason: 'conflicting indicator_types' }]);
});

void test('companion objects are ignored quietly; other object types are skipped by name', () => {
  const identity = { type: 'identity', spec_version: '2.1', id: 'identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f', name: 'X' };
  const malware = { type: 'malware', spec_version: '2.1', id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' };
  const { skipped } = fromStixBundle(bundle([identity, malware]), IMPORT);
  assert.deepEqual(skipped, [{ id: malware.id, reason: 'not an indicator: malware' }]);
});

void test('malformed input never throws: bundles are refused and objects skipped, each with a reason', () => {
  const big = 'x'.repeat(10 * 1024 * 1024);
  const bundles: Array<[unknown, string]> = [
    [null, 'not a STIX bundle'],
    [undefined, 'not a STIX bundle'],
    [42, 'not a STIX bundle'],
    [[], 'not a STIX bundle'],
    [{}, 'not a STIX bundle'],
    [{ type: 'bundle' }, 'missing or invalid bundle id'],
    [{ type: 'bundle', id: 'bundle--nope' }, 'missing or invalid bundle id'],
    [{ type: 'bundle', id: BUNDLE_ID.replace('bundle', 'indicator') }, 'missing or invalid bundle id'],
    [{ type: 'bundle', id: BUNDLE_ID, objects: {} }, 'objects is not an array'],
    [{ type: 'bundle', id: BUNDLE_ID, objects: new Array(MAX_STIX_OBJECTS + 1).fill(null) }, `more than ${MAX_STIX_OBJECTS} objects`],
    [{ type: 'bundle', id: BUNDLE_ID, objects: Array.from({ length: 6 }, () => ({ type: 'indicator', pattern: big })) }, 'input larger than 50 MB'],
    ['x'.repeat(50 * 1024 * 1024 + 1), 'input larger than 50 MB'],
    ['', 'invalid JSON'],
  ];
  for (const [input, reason] of bundles) {
    const r = fromStixBundle(input, IMPORT);
    assert.deepEqual(r.indicators, []);
    assert.equal(r.skipped.length, 1);
    assert.equal(r.skipped[0]!.reason, reason, String(reason));
  }

  const good = () => third("[domain-name:value = 'fine.example']");
  const objects: Array<[unknown, string]> = [
    [null, 'not an object'],
    [[1, 2], 'not an object'],
    ['indicator', 'not an object'],
    [{}, 'missing or invalid type'],
    [{ type: 42 }, 'missing or invalid type'],
    [{ ...good(), id: 'indicator--1234' }, 'missing or invalid id'],
    [{ ...good(), id: 'malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f' }, 'missing or invalid id'],
    [{ ...good(), id: big }, 'missing or invalid id'],
    [{ ...good(), spec_version: undefined }, 'spec_version is not 2.1'],
    [{ ...good(), spec_version: 2.1 }, 'spec_version is not 2.1'],
    [{ ...good(), created: undefined }, 'missing created'],
    [{ ...good(), created: '2026-02-30T00:00:00Z' }, 'invalid created'],
    [{ ...good(), modified: '2026-01-01T00:00:00+09:00' }, 'invalid modified'],
    [{ ...good(), modified: big }, 'invalid modified'],
    [{ ...good(), modified: '2026-01-04T00:00:00Z' }, 'modified is before created'],
    [{ ...good(), revoked: 'yes' }, 'invalid revoked'],
    [{ ...good(), pattern_type: undefined }, 'missing pattern_type'],
    [{ ...good(), pattern: undefined }, 'missing pattern'],
    [{ ...good(), pattern: ['[url:value = \'x\']'] }, 'missing pattern'],
    [{ ...good(), pattern: `[url:value = '${big}']` }, 'unsupported pattern'],
    [{ ...good(), valid_from: 0 }, 'invalid valid_from'],
    [{ ...good(), valid_until: '2026-01-05T00:00:00Z' }, 'valid_until is not after valid_from'],
    [{ ...good(), confidence: 50.5 }, 'invalid confidence'],
    [{ ...good(), confidence: 101 }, 'invalid confidence'],
    [{ ...good(), confidence: '50' }, 'invalid confidence'],
    [{ ...good(), indicator_types: 'benign' }, 'invalid indicator_types'],
    [{ ...good(), indicator_types: [null] }, 'invalid indicator_types'],
    [{ ...good(), extensions: [] }, 'invalid extensions'],
    [{ ...good(), extensions: { [MAMORU_EXTENSION_ID]: { kind: 'host' } } }, 'invalid mamoru extension'],
    [{ ...good(), extensions: { [MAMORU_EXTENSION_ID]: { extension_type: 'property-extension', kind: 'nope' } } }, 'invalid extension property kind'],
    [{ ...good(), extensions: { [MAMORU_EXTENSION_ID]: { extension_type: 'property-extension', kind: 'host', value: 1 } } }, 'invalid extension property value'],
    [{ ...good(), extensions: { [MAMORU_EXTENSION_ID]: { extension_type: 'property-extension', kind: 'host', brand: big } } }, 'invalid extension property brand'],
    [{ ...good(), extensions: { [MAMORU_EXTENSION_ID]: { extension_type: 'property-extension', kind: 'host', reporters: -1 } } }, 'invalid extension property reporters'],
    [{ ...good(), pattern: `[url:value = 'http://evil.example/${'a'.repeat(5000)}']` }, 'invalid value: too long'],
  ];
  const r = fromStixBundle(bundle(objects.map(([o]) => o)), IMPORT);
  assert.deepEqual(r.indicators, []);
  assert.deepEqual(r.skipped.map((s) => s.reason), objects.map(([, reason]) => reason));
  // Only well-formed ids are echoed back (skipped entries are logged; a 10 MB id must not be).
  assert.ok(r.skipped.every((s) => s.id === null || s.id.length < 100));
});

void test('hostile JavaScript values (cycles, throwing getters, prototype keys, deep nesting) never throw', () => {
  const cyclic: Record<string, unknown> = { type: 'bundle', id: BUNDLE_ID, objects: [] };
  (cyclic.objects as unknown[]).push(cyclic);
  assert.equal(fromStixBundle(cyclic, IMPORT).skipped[0]?.reason, 'input larger than 50 MB');

  const getter = { type: 'indicator', get id(): string { throw new Error('boom'); } };
  // Not JSON at all, so the whole bundle is refused (the size walk is the first to touch every property).
  assert.deepEqual(fromStixBundle(bundle([getter]), IMPORT).skipped, [{ id: BUNDLE_ID, reason: 'unreadable input' }]);
  const hostileRoot = new Proxy({}, {
    get: () => { throw new Error('boom'); },
    getOwnPropertyDescriptor: () => { throw new Error('boom'); },
    ownKeys: () => { throw new Error('boom'); },
  });
  assert.deepEqual(fromStixBundle(hostileRoot, IMPORT).skipped, [{ id: null, reason: 'unreadable input' }]);

  const proto = JSON.parse(`{"type":"bundle","id":"${BUNDLE_ID}","objects":[{"__proto__":{"type":"indicator"},"constructor":1}]}`) as unknown;
  assert.deepEqual(fromStixBundle(proto, IMPORT).skipped.map((s) => s.reason), ['missing or invalid type']);

  let deep: unknown = 'x';
  for (let i = 0; i < 200_000; i++) deep = [deep];
  assert.deepEqual(fromStixBundle(bundle([deep]), IMPORT).skipped.map((s) => s.reason), ['not an object']);
});
