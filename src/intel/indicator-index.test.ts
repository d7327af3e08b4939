import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IndicatorIndex, type IndexEntry } from './indicator-index.js';

const NOW = 1_767_225_600_000;

function entry(over: Partial<IndexEntry> = {}): IndexEntry {
  return { id: 'I1', kind: 'url', value: 'evil.example/login', verdict: 'bad', confidence: 0.9, expiresAt: null, source: 'report-hub', brand: 'amazon', family: 'fakeshop', ...over };
}

void test('a stored indicator is found by kind and value, with every field the verdict engine reads', () => {
  const idx = new IndicatorIndex();
  idx.upsert(entry());
  assert.deepEqual(idx.lookup('url', 'evil.example/login', NOW), {
    id: 'I1', kind: 'url', value: 'evil.example/login', verdict: 'bad', confidence: 0.9, source: 'report-hub', brand: 'amazon', family: 'fakeshop',
  });
  assert.equal(idx.size, 1);
});

void test('kind is part of the key: the same string under another kind is a miss', () => {
  const idx = new IndicatorIndex();
  idx.upsert(entry({ kind: 'host', value: 'evil.example' }));
  assert.equal(idx.lookup('domain', 'evil.example', NOW), undefined);
  assert.equal(idx.lookup('host', 'evil.example', NOW)?.id, 'I1');
  assert.equal(idx.lookup('nonsense', 'evil.example', NOW), undefined);
});

void test('expiry: live until expiresAt, a miss from expiresAt on; null never expires', () => {
  const idx = new IndicatorIndex();
  idx.upsert(entry({ expiresAt: NOW + 1000 }));
  idx.upsert(entry({ id: 'I2', value: 'forever.example', expiresAt: null }));
  assert.ok(idx.lookup('url', 'evil.example/login', NOW + 999));
  assert.equal(idx.lookup('url', 'evil.example/login', NOW + 1000), undefined);
  assert.ok(idx.lookup('url', 'forever.example', Number.MAX_SAFE_INTEGER));
  assert.equal(idx.prune(NOW + 1000), 1);
  assert.equal(idx.size, 1);
});

void test('good verdicts (the allow-list) come back as good, with null brand and family kept null', () => {
  const idx = new IndicatorIndex();
  idx.upsert(entry({ verdict: 'good', brand: null, family: null, confidence: 1 }));
  const hit = idx.lookup('url', 'evil.example/login', NOW);
  assert.equal(hit?.verdict, 'good');
  assert.equal(hit?.brand, null);
  assert.equal(hit?.family, null);
});

void test('upsert of an existing value replaces it in place (verdict flip, new confidence and source)', () => {
  const idx = new IndicatorIndex();
  idx.upsert(entry());
  idx.upsert(entry({ verdict: 'good', confidence: 0.3, source: 'operator', brand: null }));
  assert.equal(idx.size, 1);
  assert.deepEqual(
    { ...idx.lookup('url', 'evil.example/login', NOW) },
    { id: 'I1', kind: 'url', value: 'evil.example/login', verdict: 'good', confidence: 0.3, source: 'operator', brand: null, family: 'fakeshop' },
  );
});

void test('remove deletes only that entry, and its slot is reused without leaking old fields', () => {
  const idx = new IndicatorIndex();
  idx.upsert(entry());
  idx.upsert(entry({ id: 'I2', value: 'other.example' }));
  assert.equal(idx.remove('url', 'evil.example/login'), true);
  assert.equal(idx.remove('url', 'evil.example/login'), false);
  assert.equal(idx.lookup('url', 'evil.example/login', NOW), undefined);
  assert.equal(idx.lookup('url', 'other.example', NOW)?.id, 'I2');
  idx.upsert(entry({ id: 'I3', kind: 'phone', value: '+819012345678', verdict: 'good', brand: null, family: null, expiresAt: NOW + 5 }));
  assert.deepEqual(idx.lookup('phone', '+819012345678', NOW), {
    id: 'I3', kind: 'phone', value: '+819012345678', verdict: 'good', confidence: 0.9, source: 'report-hub', brand: null, family: null,
  });
  assert.deepEqual(idx.countByKind(), { phone: 1, url: 1, host: 0, domain: 0, ip: 0, fingerprint: 0, sender_id: 0 });
});

void test('load grows past the initial capacity and keeps every entry', () => {
  const idx = new IndicatorIndex(4);
  const n = idx.load(Array.from({ length: 5000 }, (_, i) => entry({ id: `I${i}`, value: `h${i}.example`, confidence: i / 5000 })));
  assert.equal(n, 5000);
  assert.equal(idx.size, 5000);
  assert.equal(idx.lookup('url', 'h4999.example', NOW)?.confidence, 4999 / 5000);
  assert.equal(idx.lookup('url', 'h0.example', NOW)?.id, 'I0');
});

void test('unknown kinds are refused on upsert rather than silently unreachable', () => {
  assert.throws(() => new IndicatorIndex().upsert(entry({ kind: 'email' })), { code: 'INVALID_INDICATOR' });
});
