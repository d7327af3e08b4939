import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expand } from './template.js';
import { mulberry32 } from './prng.js';

const slots = { name: () => '佐藤', n: () => '42' };

test('a template without braces comes back unchanged', () => {
  assert.equal(expand('お荷物を持ち帰りました。', mulberry32(1), slots), 'お荷物を持ち帰りました。');
});

test('alternatives, nested alternatives and slots all expand; nothing of the syntax is left', () => {
  const rng = mulberry32(7);
  for (let i = 0; i < 200; i++) {
    const out = expand('{【{重要|緊急}】|}{name}様{、|}{n}件{です|でした}', rng, slots);
    assert.match(out, /^(【(重要|緊急)】)?佐藤様、?42件(です|でした)$/);
  }
});

test('every alternative is reachable, including the empty one (optional parts)', () => {
  const rng = mulberry32(3);
  const seen = new Set<string>();
  for (let i = 0; i < 300; i++) seen.add(expand('{a|b|}', rng, slots));
  assert.deepEqual([...seen].sort(), ['', 'a', 'b']);
});

test('a bare slot name as an alternative calls the slot, so {name|} is "the slot or nothing"', () => {
  const rng = mulberry32(5);
  const seen = new Set<string>();
  for (let i = 0; i < 100; i++) seen.add(expand('{name|}', rng, slots));
  assert.deepEqual([...seen].sort(), ['', '佐藤']);
});

test('the same seed gives the same text (the corpus depends on it)', () => {
  const t = '{a|b|c}{d|e}{f|g|h|i}';
  assert.equal(expand(t, mulberry32(99), slots), expand(t, mulberry32(99), slots));
});

test('ASCII square brackets stay literal ([KDDI] is common in lures)', () => {
  assert.equal(expand('[KDDI]{name}', mulberry32(1), slots), '[KDDI]佐藤');
});

test('an undefined slot or an unbalanced brace is a template bug and throws', () => {
  assert.throws(() => expand('{nope}', mulberry32(1), slots), /slot \{nope\}/);
  assert.throws(() => expand('{a|b', mulberry32(1), slots), /unbalanced/);
});
