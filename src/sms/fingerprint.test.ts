import assert from 'node:assert/strict';
import { test } from 'node:test';
import { templateFingerprint, templateOf } from './fingerprint.js';

test('the template masks links and digit runs and drops punctuation', () => {
  assert.equal(templateOf('【ヤマト運輸】12月3日 不在のため https://a.top/x1 ご確認を!', ['https://a.top/x1']), 'ヤマト運輸0月0日不在のためUご確認を');
});

test('variants that differ in link, digits, spacing and punctuation share a fingerprint; other texts do not', () => {
  const a = templateFingerprint('不在のため持ち帰りました。12/3 https://a-yamato.top/x1', ['https://a-yamato.top/x1']);
  const b = templateFingerprint('不在のため 持ち帰りました!! 11/28  https://b-yamato.top/zz', ['https://b-yamato.top/zz']);
  const c = templateFingerprint('不在のため持ち帰りました。', []);
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.match(a, /^tf1:[0-9a-f]{16}$/);
});

test('without extracted links a regex finds them, giving the same fingerprint', () => {
  const text = '不在のため持ち帰りました https://a-yamato.top/x1';
  assert.equal(templateFingerprint(text), templateFingerprint(text, ['https://a-yamato.top/x1']));
});
