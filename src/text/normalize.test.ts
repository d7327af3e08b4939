import { test } from 'node:test';
import assert from 'node:assert/strict';
import { foldForMatch, normalizeText } from './index.js';
import { INVISIBLE, charTable, isInvisibleCodePoint, stripInvisible } from './char-class.js';

test('full-width ASCII becomes ASCII and half-width katakana full-width (NFKC)', () => {
  assert.equal(normalizeText('ＡＭＡＺＯＮ　ｊｐ　１２３'), 'AMAZON jp 123');
  assert.equal(normalizeText('ｱﾏｿﾞﾝ'), 'アマゾン');
  assert.equal(normalizeText('https：／／ｅｘａｍｐｌｅ．ｃｏｍ'), 'https://example.com');
});

test('zero-width, bidi and other invisible characters are removed so keywords match again', () => {
  assert.equal(normalizeText('ア\u200Bマ\u200Cゾ\u200Dン'), 'アマゾン');
  assert.equal(normalizeText('\uFEFFパス\u2060ワード\u00AD'), 'パスワード');
  assert.equal(normalizeText('a\u202Egnp.exe'), 'agnp.exe');
  assert.equal(normalizeText('再\uFE0F配達\u{E0100}'), '再配達');
  assert.equal(normalizeText('ロ\u3164グイン'), 'ログイン');
});

test('a zero-width character between a letter and its combining mark does not block composition', () => {
  // カ + ZWSP + combining voiced mark: once the invisible is gone, NFKC composes ガ.
  assert.equal(normalizeText('カ\u200B\u3099'), 'ガ');
});

test('line endings become \\n, other control characters go, spaces and tabs collapse', () => {
  assert.equal(normalizeText('一行目\r\n二行目\r三行目\u2028四行目'), '一行目\n二行目\n三行目\n四行目');
  assert.equal(normalizeText('a\u0000b\u0007c\u009Fd'), 'abcd');
  assert.equal(normalizeText('  ご確認  \t ください \n  以上  '), 'ご確認 ください\n以上');
  assert.equal(normalizeText('a\v\fb'), 'a b');
});

test('placeholders that mean "masked" are kept', () => {
  assert.equal(normalizeText('050-68○○-○○○○ https://〇〇〇〇/ ●●●'), '050-68○○-○○○○ https://〇〇〇〇/ ●●●');
});

test('lone surrogate halves become U+FFFD; valid pairs (emoji) stay', () => {
  assert.equal(normalizeText('a\uD800b\uDC00c'), 'a\uFFFDb\uFFFDc');
  assert.equal(normalizeText('📦お荷物'), '📦お荷物');
});

test('non-string and empty input give the empty string instead of throwing', () => {
  assert.equal(normalizeText(''), '');
  assert.equal(normalizeText(undefined as unknown as string), '');
  assert.equal(normalizeText(42 as unknown as string), '');
});

test('normalisation is idempotent on typical text', () => {
  const once = normalizeText('【ａｕ】\u200Bご利用料金  のお支払いについて\r\nhttps：／／ｅｘａｍｐｌｅ．ｔｏｐ');
  assert.equal(normalizeText(once), once);
});

test('foldForMatch lower-cases Latin letters and leaves kana and kanji alone', () => {
  assert.equal(foldForMatch('ＡｍａｚｏｎプライムのＩＤ'), 'amazonプライムのid');
  assert.equal(foldForMatch('SoftBank ソフトバンク'), 'softbank ソフトバンク');
});

test('the invisible-character table agrees with its range checker and strips astral invisibles', () => {
  const table = charTable();
  for (let cp = 0; cp <= 0xffff; cp++) {
    assert.equal(((table[cp] ?? 0) & INVISIBLE) !== 0, isInvisibleCodePoint(cp), `U+${cp.toString(16)}`);
  }
  assert.equal(stripInvisible('a\u{E0041}b\u{1D173}c'), 'abc');
});
