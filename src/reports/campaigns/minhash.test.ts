import assert from 'node:assert/strict';
import { test } from 'node:test';
import { templateOf } from '../../sms/index.js';
import { bandKeys, decodeSig, encodeSig, minhash, NEAR_DUPLICATE, similarity } from './minhash.js';

const sig = (s: string) => minhash(templateOf(s));

test('variants that change a few words or the link are near-duplicates; unrelated texts are not', () => {
  const a = sig('お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください https://a.top/x');
  const b = sig('お客様宛にお荷物のお届けに参りましたが不在の為持ち帰りました。配送物は下記よりご確認下さい https://b.top/y');
  const c = sig('明日の会議は10時からに変更になりました。資料は共有フォルダにあります。よろしくお願いします');
  assert.ok(similarity(a, b) >= NEAR_DUPLICATE, `variants: ${similarity(a, b)}`);
  assert.ok(similarity(a, c) < 0.2, `unrelated: ${similarity(a, c)}`);
  const shared = bandKeys(a).filter((k) => bandKeys(b).includes(k));
  assert.ok(shared.length > 0, 'variants share a band');
});

test('signatures round-trip through their text form', () => {
  const s = sig('テスト用のメッセージです');
  assert.deepEqual(decodeSig(encodeSig(s)), s);
  assert.equal(decodeSig('xyz'), null);
  assert.equal(bandKeys(s).length, 8);
});
