import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { normalizeIndicatorValue, type Indicator, type IndicatorKind } from '../indicator.js';
import { MAMORU_EXTENSION_ID, MAMORU_PROJECT_IDENTITY_ID, MAMORU_STIX_NAMESPACE, escapePatternString, parsePattern } from './stix-pattern.js';
import type { StixIndicator } from './stix.types.js';
import { MAMORU_EXTENSION_DEFINITION, stixIdentityId, stixIndicatorId, toStixBundle } from './to-stix.js';
import { uuidV5 } from './uuid-v5.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z
const DAY = 86_400_000;
const OPTS = { identity: { id: 'op-a', name: 'Operator A' }, now: T0 + 10 * DAY };

function ind(kind: IndicatorKind, raw: string, over: Partial<Indicator> = {}): Indicator {
  return {
    id: '01JTEST', kind, value: normalizeIndicatorValue(kind, raw), verdict: 'bad', source: 'report-hub', confidence: 0.8,
    firstSeen: T0, lastSeen: T0 + DAY, expiresAt: T0 + 30 * DAY, brand: null, family: null, note: null, ...over,
  };
}

function indicators(b: ReturnType<typeof toStixBundle>): StixIndicator[] {
  return b.objects.filter((o): o is StixIndicator => o.type === 'indicator');
}

void test('uuidV5 matches the RFC reference implementation (Python uuid5(NAMESPACE_DNS, "python.org"))', () => {
  assert.equal(uuidV5('6ba7b810-9dad-11d1-80b4-00c04fd430c8', 'python.org'), '886313e1-3b8a-5372-9b90-0c9aee199e5d');
});

void test('the fixed ids are what their documented names hash to, so docs and code cannot drift apart', () => {
  assert.equal(MAMORU_EXTENSION_ID, `extension-definition--${uuidV5(MAMORU_STIX_NAMESPACE, 'extension-definition:mamoru-indicator:1')}`);
  assert.equal(MAMORU_PROJECT_IDENTITY_ID, `identity--${uuidV5(MAMORU_STIX_NAMESPACE, 'identity:mamoru-project')}`);
});

void test('ids are deterministic: the same kind and value give the same id whoever exports it and whenever', () => {
  const a = toStixBundle([ind('url', 'https://evil.example/login')], OPTS);
  const b = toStixBundle([ind('url', 'HTTP://EVIL.example/login/', { confidence: 0.2, lastSeen: T0 + 5 * DAY })], {
    identity: { id: 'op-b', name: 'Operator B' }, now: T0 + 99 * DAY,
  });
  assert.equal(indicators(a)[0]!.id, indicators(b)[0]!.id);
  assert.equal(indicators(a)[0]!.id, stixIndicatorId('url', 'evil.example/login'));
  assert.match(indicators(a)[0]!.id, /^indicator--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  // The kind is part of the name: a host and a domain with the same text are different indicators.
  assert.notEqual(stixIndicatorId('host', 'evil.example'), stixIndicatorId('domain', 'evil.example'));
  // The whole bundle is a pure function of its input.
  assert.equal(JSON.stringify(toStixBundle([ind('phone', '090-1234-5678')], OPTS)), JSON.stringify(toStixBundle([ind('phone', '090-1234-5678')], OPTS)));
  assert.notEqual(a.id, b.id);
});

void test('bundle: the operator identity, the extension definition, then one indicator per input', () => {
  const b = toStixBundle([ind('domain', 'evil.example', { brand: 'amazon', family: 'account-lock' }), ind('ip', '198.51.100.7', { expiresAt: null })], OPTS);
  assert.equal(b.type, 'bundle');
  assert.match(b.id, /^bundle--/);
  assert.deepEqual(b.objects.map((o) => o.type), ['identity', 'extension-definition', 'indicator', 'indicator']);
  const identity = b.objects[0]!;
  assert.equal(identity.id, stixIdentityId('op-a'));
  assert.deepEqual(b.objects[1], MAMORU_EXTENSION_DEFINITION);
  const [d, ip] = indicators(b);
  assert.deepEqual(d, {
    type: 'indicator',
    spec_version: '2.1',
    id: stixIndicatorId('domain', 'evil.example'),
    created_by_ref: identity.id,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-02T00:00:00.000Z',
    name: 'bad domain evil.example',
    indicator_types: ['malicious-activity'],
    labels: ['block-list', 'kind:domain', 'brand:amazon', 'family:account-lock'],
    pattern: "[domain-name:value = 'evil.example']",
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: '2026-01-01T00:00:00.000Z',
    valid_until: '2026-01-31T00:00:00.000Z',
    confidence: 80,
    extensions: {
      [MAMORU_EXTENSION_ID]: {
        extension_type: 'property-extension', kind: 'domain', value: 'evil.example', verdict: 'bad', source: 'report-hub', brand: 'amazon', family: 'account-lock',
      },
    },
  });
  // No expiry is no valid_until (STIX: valid indefinitely), not a null.
  assert.equal('valid_until' in ip!, false);
});

void test('patterns: each kind maps to its STIX observable; phone and SMS kinds use the x-mamoru observables', () => {
  const cases: Array<[IndicatorKind, string, string]> = [
    ['url', 'https://Evil.Example/a/b?q=1', "[url:value = 'http://evil.example/a/b']"],
    ['url', 'http://evil.example/', "[url:value = 'http://evil.example']"],
    ['url', 'http://[2001:db8::1]/p', "[url:value = 'http://[2001:db8::1]/p']"],
    ['domain', '銀行.example', "[domain-name:value = 'xn--jn2ax2s.example']"],
    ['host', 'login.evil.example', "[domain-name:value = 'login.evil.example']"],
    // A host may be an IP address; STIX has no domain-name for that, so it is an address pattern.
    ['host', '192.0.2.1', "[ipv4-addr:value = '192.0.2.1']"],
    ['host', '[2001:db8::2]', "[ipv6-addr:value = '2001:db8::2']"],
    ['ip', '198.51.100.7', "[ipv4-addr:value = '198.51.100.7']"],
    ['ip', '2001:DB8::3', "[ipv6-addr:value = '2001:db8::3']"],
    ['phone', '090-1234-5678', "[x-mamoru-phone-number:value = '+819012345678']"],
    ['phone', '0005-123456', "[x-mamoru-phone-number:value = '0005123456']"],
    ['fingerprint', 'tf1:0123456789ABCDEF', "[x-mamoru-sms:fingerprint = 'tf1:0123456789abcdef']"],
    ['sender_id', 'Amazon', "[x-mamoru-sms:sender_id = 'AMAZON']"],
  ];
  for (const [kind, raw, pattern] of cases) {
    assert.equal(indicators(toStixBundle([ind(kind, raw)], OPTS))[0]!.pattern, pattern, `${kind} ${raw}`);
  }
});

void test('pattern escaping: quotes and backslashes are escaped, unicode passes through, and parsing undoes it', () => {
  assert.equal(escapePatternString(`a'b\\c`), `a\\'b\\\\c`);
  const tricky = [`O'REILLY`, `A\\B`, `\\'`, `''`, 'アマゾン', '🚚DELIVERY', `X'] OR [A:B = '`];
  for (const raw of tricky) {
    const i = ind('sender_id', raw.slice(0, 11));
    const p = indicators(toStixBundle([i], OPTS))[0]!.pattern;
    assert.deepEqual(parsePattern(p), { target: 'x-mamoru-sms:sender_id', literal: i.value }, p);
  }
  // A quote in a URL path (the URL parser leaves it unencoded) cannot end the literal early.
  const u = ind('url', "http://evil.example/it's");
  assert.equal(u.value, "evil.example/it's");
  assert.equal(indicators(toStixBundle([u], OPTS))[0]!.pattern, "[url:value = 'http://evil.example/it\\'s']");
  // An injection attempt stays one literal: the pattern is still a single comparison.
  const inj = indicators(toStixBundle([ind('sender_id', `X'] OR [A:B`)], OPTS))[0]!.pattern;
  assert.equal(inj, `[x-mamoru-sms:sender_id = 'X\\'] OR [A:B']`);
});

void test('good verdicts are benign allow-list entries', () => {
  const [g] = indicators(toStixBundle([ind('domain', 'amazon.co.jp', { verdict: 'good', brand: 'amazon' })], OPTS));
  assert.deepEqual(g!.indicator_types, ['benign']);
  assert.deepEqual(g!.labels, ['allow-list', 'kind:domain', 'brand:amazon']);
  assert.equal(g!.extensions[MAMORU_EXTENSION_ID]!.verdict, 'good');
});

void test('confidence is an integer 0–100; reporters are shared only when known', () => {
  const b = toStixBundle([
    ind('sender_id', 'A', { confidence: 0.456 }), ind('sender_id', 'B', { confidence: 1.7 }), ind('sender_id', 'C', { confidence: Number.NaN }),
    { ...ind('sender_id', 'D'), reporters: 12 }, { ...ind('sender_id', 'E'), reporters: null },
  ], OPTS);
  const out = indicators(b);
  assert.deepEqual(out.map((o) => o.confidence), [46, 100, 0, 80, 80]);
  assert.equal(out[3]!.extensions[MAMORU_EXTENSION_ID]!.reporters, 12);
  assert.equal('reporters' in out[4]!.extensions[MAMORU_EXTENSION_ID]!, false);
});

void test('nothing about subscribers or analysts leaves: the note is never exported', () => {
  const secret = '山田太郎 090-9999-8888 reported this';
  const json = JSON.stringify(toStixBundle([ind('url', 'evil.example/x', { note: secret })], OPTS));
  assert.equal(json.includes('山田'), false);
  assert.equal(json.includes('9999'), false);
  assert.equal(/reporter"|recipient|"note"/.test(json), false);
});

void test('identity: a STIX identity id is used as is; any other operator key gives a stable derived id', () => {
  const given = 'identity--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f';
  assert.equal(toStixBundle([], { identity: { id: given, name: 'X' }, now: T0 }).objects[0]!.id, given);
  assert.equal(stixIdentityId('op-a'), stixIdentityId('op-a'));
  assert.notEqual(stixIdentityId('op-a'), stixIdentityId('op-b'));
});

void test('times that STIX would reject are clamped: modified ≥ created, valid_until > valid_from', () => {
  const [o] = indicators(toStixBundle([ind('sender_id', 'X', { firstSeen: T0, lastSeen: T0 - 5, expiresAt: T0 - DAY })], OPTS));
  assert.equal(o!.modified, o!.created);
  assert.equal(o!.valid_until, '2026-01-01T00:00:00.001Z');
  assert.throws(() => toStixBundle([ind('sender_id', 'X', { firstSeen: Number.NaN })], OPTS), RangeError);
});

void test('the extension definition is well-formed STIX and names no external host', () => {
  const d = MAMORU_EXTENSION_DEFINITION;
  assert.equal(d.created_by_ref, MAMORU_PROJECT_IDENTITY_ID);
  assert.deepEqual(d.extension_types, ['property-extension']);
  assert.equal(/https?:|www\./.test(JSON.stringify(d)), false);
  // Bundles get a copy: changing one cannot change the next bundle.
  const b = toStixBundle([], OPTS);
  (b.objects[1] as { name: string }).name = 'changed';
  assert.equal(toStixBundle([], OPTS).objects[1]!.type, 'extension-definition');
  assert.equal(MAMORU_EXTENSION_DEFINITION.name, 'mamoru indicator');
});

void test('the example bundle in docs/stix.md is exactly what toStixBundle writes for it', () => {
  const doc = readFileSync(new URL('../../../docs/stix.md', import.meta.url), 'utf8');
  const block = /## Example[\s\S]*?```json\n([\s\S]*?)\n```/.exec(doc)?.[1];
  assert.ok(block, 'docs/stix.md has an example JSON block');
  const t = Date.parse('2026-11-20T03:15:00.000Z');
  const base = { id: 'x', firstSeen: t, lastSeen: t + 2 * 3_600_000, note: null } as const;
  const b = toStixBundle([
    { ...base, kind: 'phone', value: '+819000001234', verdict: 'bad', source: 'report-hub', confidence: 0.85, expiresAt: t + 30 * DAY, brand: 'sagawa', family: 'delivery-notice' },
    { ...base, kind: 'domain', value: 'sagawa-exp.co.jp', verdict: 'good', source: 'registry', confidence: 1, expiresAt: null, brand: 'sagawa', family: null },
  ], { identity: { id: 'example-operator', name: 'Example Operator K.K.' }, now: Date.parse('2026-11-22T00:00:00.000Z') });
  assert.equal(JSON.stringify(b, null, 2), block);
});
