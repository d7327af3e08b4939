// Replies must fit one SMS segment: 70 UCS-2 characters in Japanese, 160 GSM-7 characters in English, even
// with the longest reference and short code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DIALOGUE_TEXTS } from './texts.js';

const REFERENCE = `R-${'Z'.repeat(26)}`;
const SHORT_CODE = '12345678';

function all(lang: 'ja' | 'en'): string[] {
  const t = DIALOGUE_TEXTS[lang];
  return [t.askSender(), t.thanks(REFERENCE), t.retrySender(), t.empty(SHORT_CODE), t.tooLong()];
}

test('every Japanese reply fits one SMS segment (70 characters)', () => {
  for (const text of all('ja')) assert.ok([...text].length <= 70, `${[...text].length}: ${text}`);
});

test('every English reply is GSM-7 plain ASCII within one segment (160 characters)', () => {
  for (const text of all('en')) {
    assert.ok(text.length <= 160, text);
    assert.match(text, /^[\x20-\x7E]+$/, 'characters outside GSM-7 would force UCS-2 and a 70-character limit');
  }
});

test('the thanks carries the reference and the empty-message error names the short code', () => {
  for (const lang of ['ja', 'en'] as const) {
    assert.ok(DIALOGUE_TEXTS[lang].thanks(REFERENCE).includes(REFERENCE));
    assert.ok(DIALOGUE_TEXTS[lang].empty('7726').includes('7726'));
  }
});

test('the question is the wording agreed with the operators', () => {
  assert.equal(DIALOGUE_TEXTS.ja.askSender(), 'ご報告ありがとうございます。この SMS の送信元の電話番号を返信してください。');
});
