import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId } from './ids.js';

test('ids are 26 Crockford characters, sort by time, and do not repeat', () => {
  const ids = Array.from({ length: 5000 }, (_, i) => newId(1_700_000_000_000 + i));
  for (const id of ids) assert.match(id, /^[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.deepEqual([...ids].sort(), ids);
  assert.equal(new Set(ids).size, ids.length);
  // Across pool refills (16 KiB / 16 bytes per id = 1024 ids) ids stay unique.
  const many = new Set(Array.from({ length: 3000 }, () => newId(0)));
  assert.equal(many.size, 3000);
});

test('a fractional, negative or NaN time still gives a well-formed id', () => {
  for (const t of [1_700_000_000_000.5, -5, Number.NaN]) assert.match(newId(t), /^[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.equal(newId(1_700_000_000_000.9).slice(0, 10), newId(1_700_000_000_000).slice(0, 10));
});
