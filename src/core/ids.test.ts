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
