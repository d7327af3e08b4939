// The answer to "what number did it come from?" is read strictly: the whole answer must be one sender once
// the polite wrapping is gone, so that a forwarded scam text is never mistaken for an answer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSenderReply } from './sender-reply.js';

const MOBILE = '+819012345678';
const SCAM = '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。https://sagawa-xx.top/abc';

test('sender replies: the bare number, or wrapped in the usual phrases', () => {
  const cases: Array<[string, string]> = [
    ['090-1234-5678', MOBILE],
    ['０９０１２３４５６７８', MOBILE],
    ['送信元は 090-1234-5678 です。', MOBILE],
    ['番号: +81 90 1234 5678', MOBILE],
    ['0005-12-3456から来ました', '0005123456'],
    ['From: AMAZON', 'AMAZON'],
    ['amazon', 'AMAZON'],
    ['「AMAZON」', 'AMAZON'],
    ['sender is RAKUTEN', 'RAKUTEN'],
    // An English label needs a separator: TELSTRA is a sender, not "tel" + "STRA".
    ['TELSTRA', 'TELSTRA'],
    ['+1 202 555 0100', '+12025550100'],
  ];
  for (const [reply, sender] of cases) assert.deepEqual(parseSenderReply(reply), { kind: 'sender', sender }, reply);
});

test('sender replies: "I don\'t know" ends the question, anything else is invalid', () => {
  for (const reply of ['不明', 'わかりません', '送信元は不明です', 'unknown', "don't know", 'no']) {
    assert.deepEqual(parseSenderReply(reply), { kind: 'unknown' }, reply);
  }
  // OK and HELP would pass as alphanumeric ids; 7726 is a short code, which no consumer SMS comes from.
  for (const reply of ['OK', 'はい', 'help', '7726', '', '090-1234', '電話して https://x.top', '山田さん', `${SCAM}`]) {
    assert.deepEqual(parseSenderReply(reply), { kind: 'invalid' }, reply);
  }
});

test('a scam text with a call-back number is not read as a sender reply', () => {
  // The strict reading matters here: the number inside is the scammer's call-back, not the sender.
  assert.deepEqual(parseSenderReply('未納料金があります。0120-123-456 まで'), { kind: 'invalid' });
});
