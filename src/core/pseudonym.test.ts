import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createPseudonymizer } from './pseudonym.js';

test('pseudonyms are stable per key, differ between keys and do not contain the value', () => {
  const a = createPseudonymizer('key-one-0123456789');
  const b = createPseudonymizer('key-two-0123456789');
  assert.equal(a('+819012345678'), a('+819012345678'));
  assert.notEqual(a('+819012345678'), b('+819012345678'));
  assert.notEqual(a('+819012345678'), a('+819012345679'));
  assert.match(a('+819012345678'), /^p1:[A-Za-z0-9_-]{22}$/);
  assert.ok(!a('+819012345678').includes('9012345678'));
});
