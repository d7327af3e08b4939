import { test } from 'node:test';
import assert from 'node:assert/strict';
import { classifySender } from './index.js';

test('phone senders, E.164 and national, come back as E.164', () => {
  for (const s of ['+819012345678', '09012345678', '090-1234-5678', '+81 90 1234 5678', '０９０１２３４５６７８']) {
    const r = classifySender(s);
    assert.equal(r.type, 'phone', s);
    assert.equal(r.normalized, '+819012345678', s);
    assert.equal(r.phone?.kind, 'mobile', s);
  }
  assert.equal(classifySender('+12025550100').normalized, '+12025550100');
  assert.equal(classifySender('+12025550100').phone?.kind, 'international');
  assert.equal(classifySender('0312345678').phone?.kind, 'fixed');
  assert.equal(classifySender('0120123456').phone?.kind, 'freedial');
});

test('SMPP-style international numbers without "+" are read as Japanese E.164', () => {
  assert.equal(classifySender('819012345678').normalized, '+819012345678');
  assert.equal(classifySender('81312345678').normalized, '+81312345678');
});

test('0005 common numbers keep their national digits (there is no E.164 form)', () => {
  const r = classifySender('0005-12-3456');
  assert.deepEqual([r.type, r.normalized, r.phone?.e164], ['common', '0005123456', null]);
});

test('alphanumeric sender ids are upper-cased', () => {
  for (const [s, n] of [
    ['AMAZON', 'AMAZON'],
    ['Smbc', 'SMBC'],
    ['NTTDOCOMO', 'NTTDOCOMO'],
    ['au', 'AU'],
    ['Rakuten-Bk', 'RAKUTEN-BK'],
    ['ＳＭＢＣ', 'SMBC'],
  ]) {
    const r = classifySender(s);
    assert.equal(r.type, 'alphanumeric', s);
    assert.equal(r.normalized, n, s);
    assert.equal(r.phone, null);
  }
});

test('short codes: 3 to 6 digits not starting with 0', () => {
  assert.deepEqual(classifySender('12345'), { type: 'shortcode', normalized: '12345', phone: null });
  assert.equal(classifySender('123').type, 'shortcode');
  assert.equal(classifySender('12').type, 'invalid');
  assert.equal(classifySender('1234567').type, 'invalid');
});

test('absent and invalid', () => {
  for (const s of [undefined, null, '', '   ']) assert.equal(classifySender(s).type, 'absent', String(s));
  // A number where a string belongs (e.g. a JSON sender of 12345) is a caller bug, not a missing sender.
  assert.equal(classifySender(12345 as unknown as string).type, 'invalid');
  for (const s of ['x'.repeat(25), 'ABCDEFGHIJKL', 'アマゾン', '090-1234-567', '+', '!!!', '0000', 'AMAZON<script>']) {
    const r = classifySender(s);
    assert.equal(r.type, 'invalid', s);
    assert.equal(r.normalized, null, s);
  }
});
