import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppError } from '../core/index.js';
import { LineKeys, normalizeLine } from './line.js';

test('every way people write a Japanese mobile number gives one E.164 line and one pseudonym', () => {
  const forms = ['090-1234-5678', '09012345678', '+819012345678', '819012345678', '+81 90 1234 5678', '(090)1234-5678', '０９０ー１２３４ー５６７８', '090－1234－5678'];
  assert.deepEqual(new Set(forms.map(normalizeLine)), new Set(['+819012345678']));
  const keys = new LineKeys('a-test-key-of-16-chars');
  assert.equal(new Set(forms.map((f) => keys.of(f).lineKey)).size, 1);
  assert.match(keys.of(forms[0]!).lineKey, /^p1:[A-Za-z0-9_-]{22}$/);
});

test('only mobile lines: fixed, IP, free-dial, 0005, foreign and malformed numbers are refused with INVALID_LINE', () => {
  for (const bad of ['03-1234-5678', '050-1234-5678', '0120-123-456', '0800-123-4567', '00051234', '+14155552671', '090-1234-567', '', 'AMAZON', '9'.repeat(50)]) {
    assert.equal(normalizeLine(bad), null, bad);
    assert.throws(() => new LineKeys('a-test-key-of-16-chars').of(bad), (e) => isAppError(e) && e.code === 'INVALID_LINE' && !e.message.includes(bad || '\u0000'));
  }
});
