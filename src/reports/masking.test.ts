import assert from 'node:assert/strict';
import { test } from 'node:test';
import { maskForSharing } from './masking.js';

test('phone numbers in the text are masked except the scam sender; links stay', () => {
  const t = maskForSharing('未払いがあります。本日中に050-1234-5678までご連絡下さい https://scam.example/x 担当 03-1111-2222', '+815012345678');
  assert.match(t, /050-1234-5678/, 'the sender stays');
  assert.ok(!t.includes('03-1111-2222'));
  assert.match(t, /\[電話番号\]/);
  assert.match(t, /https:\/\/scam\.example\/x/);
});

test('personal names before honorifics are masked; generic forms of address are not', () => {
  const t = maskForSharing('山田太郎様 お荷物のお届けです。お客様の口座が凍結されました。さくらさん、ありがとう。Taro Yamada様', null);
  assert.ok(!t.includes('山田太郎'));
  assert.ok(!t.includes('さくら'));
  assert.ok(!t.includes('Taro Yamada'));
  assert.match(t, /お客様/);
  assert.match(t, /\[氏名\]様/);
});
