import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BrandMatcher } from './brand.js';

const base = { nameEn: 'x', category: 'bank' as const, officialDomains: ['example.jp'] };

test('a catalogue with only ASCII, only non-ASCII, or empty aliases never hangs and matches what it should', () => {
  const ascii = new BrandMatcher([{ ...base, id: 'a', name: 'A', aliases: ['acme'] }]);
  assert.deepEqual(ascii.mentions('acme bank').map((m) => m.brand.id), ['a']);
  assert.deepEqual(ascii.mentions('acmes'), []);
  const kana = new BrandMatcher([{ ...base, id: 'k', name: 'K', aliases: ['カナ銀行'] }]);
  assert.deepEqual(kana.mentions('カナ銀行です').map((m) => m.brand.id), ['k']);
  const empty = new BrandMatcher([{ ...base, id: 'e', name: 'E', aliases: ['', '  '] }]);
  assert.deepEqual(empty.mentions('anything at all'), []);
  assert.deepEqual(new BrandMatcher([]).mentions('text'), []);
});

test('short ASCII aliases only match as words', () => {
  const m = new BrandMatcher([{ ...base, id: 'au', name: 'au', aliases: ['au'] }]);
  assert.deepEqual(m.mentions('【au】料金').map((x) => x.brand.id), ['au']);
  assert.deepEqual(m.mentions('august'), []);
});
