import { test } from 'node:test';
import assert from 'node:assert/strict';
import { editDistance, skeleton } from './index.js';
import fc from 'fast-check';
import { CONFUSABLES_DATA, CONFUSABLES_UNICODE_VERSION } from './confusables-data.js';
import { skeletonWithoutShortcut } from './skeleton.js';

test('the well-known ASCII tricks collapse onto the brand', () => {
  assert.equal(skeleton('rnufg'), skeleton('mufg'));
  assert.equal(skeleton('amaz0n'), skeleton('amazon'));
  assert.equal(skeleton('paypa1'), skeleton('paypal'));
  assert.equal(skeleton('PAYPAI'), skeleton('paypal'));
  assert.equal(skeleton('vvestpac'), skeleton('westpac'));
  assert.equal(skeleton('clocomo'), skeleton('docomo'));
});

test('Cyrillic and Greek homographs match Latin', () => {
  assert.equal(skeleton('аррӏе'), skeleton('apple'));
  assert.equal(skeleton('аmazon'), skeleton('amazon'));
  assert.equal(skeleton('ΑΜΑΖΟΝ'), skeleton('amazon'));
  assert.equal(skeleton('ѕоftbаnk'), skeleton('softbank'));
});

test('full-width and mathematical letters match ASCII', () => {
  assert.equal(skeleton('ＡＭＡＺＯＮ'), skeleton('amazon'));
  assert.equal(skeleton('𝐚𝐦𝐚𝐳𝐨𝐧'), skeleton('amazon'));
  assert.equal(skeleton('ⓜⓤⓕⓖ'), skeleton('mufg'));
});

test('invisible or different letters do not collapse different words', () => {
  assert.notEqual(skeleton('amazon'), skeleton('amazom'));
  assert.notEqual(skeleton('rakuten'), skeleton('rakutan'));
  assert.notEqual(skeleton('docomo'), skeleton('docono'));
});

test('skeleton is stable: applying it twice changes nothing', () => {
  for (const s of ['rnufg', 'аррӏе', 'ＡＭＡＺＯＮ', 'clclcl', 'ヤマト運輸', 'kuronekoyamato-co-jp']) {
    assert.equal(skeleton(skeleton(s)), skeleton(s), s);
  }
});

test('kana lookalikes from the Unicode table: katakana ロ and kanji 口 share a skeleton', () => {
  assert.equal(skeleton('ロ'), skeleton('口'));
  assert.equal(skeleton('カ'), skeleton('力'));
});

test('the ASCII shortcut gives exactly the skeleton of the full algorithm', () => {
  for (let c = 0; c < 128; c++) assert.equal(skeleton(String.fromCharCode(c)), skeletonWithoutShortcut(String.fromCharCode(c)));
  fc.assert(
    fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 30 }), (s) => {
      assert.equal(skeleton(s), skeletonWithoutShortcut(s));
    }),
  );
});

test('empty and non-string input', () => {
  assert.equal(skeleton(''), '');
  assert.equal(skeleton(null as unknown as string), '');
});

test('the generated table decodes and states its Unicode version', () => {
  assert.match(CONFUSABLES_UNICODE_VERSION, /^\d+\.\d+\.\d+$/);
  const entries = CONFUSABLES_DATA.join(',').split(',');
  assert.ok(entries.length > 2000, `only ${entries.length} entries`);
  for (const e of entries) assert.match(e, /^[0-9a-z]+:[0-9a-z]+(?:\.[0-9a-z]+)*$/);
});

test('editDistance: insert, delete, substitute, swap', () => {
  assert.equal(editDistance('amazon', 'amazon'), 0);
  assert.equal(editDistance('amazom', 'amazon'), 1);
  assert.equal(editDistance('amazn', 'amazon'), 1);
  assert.equal(editDistance('amazoon', 'amazon'), 1);
  assert.equal(editDistance('amzaon', 'amazon'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('abc', ''), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('ca', 'abc'), 3);
});

test('editDistance counts code points, not UTF-16 units', () => {
  assert.equal(editDistance('𝐚b', 'ab'), 1);
  assert.equal(editDistance('ヤマト', 'ヤマ卜'), 1);
});

test('editDistance stops at the cap and returns max + 1', () => {
  assert.equal(editDistance('amazon', 'rakuten', 2), 3);
  assert.equal(editDistance('a', 'abcdefgh', 2), 3);
  assert.equal(editDistance('amazom', 'amazon', 1), 1);
  assert.equal(editDistance('abc', 'xyz', 0), 1);
  assert.equal(editDistance('abc', 'abc', 0), 0);
});

test('editDistance is symmetric and agrees with the uncapped value below the cap', () => {
  const words = ['amazon', 'amazom', 'amzaon', 'rakuten', 'rakutem', 'mufg', 'rnufg', '', 'a'];
  for (const a of words) {
    for (const b of words) {
      const d = editDistance(a, b);
      assert.equal(editDistance(b, a), d, `${a}/${b}`);
      for (const cap of [0, 1, 2, 3]) assert.equal(editDistance(a, b, cap), Math.min(d, cap + 1), `${a}/${b}/${cap}`);
    }
  }
});
