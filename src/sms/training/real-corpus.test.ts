import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildRealCorpus, defangLinks, type RealRecord } from './real-corpus.js';

test('links lose their working form: hxxp scheme and [.] between host labels', () => {
  assert.equal(defangLinks('詳細はこちら:https://t.co/abc'), '詳細はこちら:hxxps://t[.]co/abc');
  assert.equal(defangLinks('http://www.example.co.jp/s/124/ まで'), 'hxxp://www[.]example[.]co[.]jp/s/124/ まで');
  // The colon lost in a quote ("https //host") still counts as a link.
  assert.equal(defangLinks('URL:https //www.example.go.jp'), 'URL:hxxps //www[.]example[.]go[.]jp');
  // A host written without a scheme.
  assert.equal(defangLinks('amzn.example.com/xyz を開く'), 'amzn[.]example[.]com/xyz を開く');
});

test('placeholders quoted instead of links stay as they are', () => {
  assert.equal(defangLinks('ご確認ください。 https://..../'), 'ご確認ください。 hxxps://..../');
  assert.equal(defangLinks('https://○○○'), 'hxxps://○○○');
  assert.equal(defangLinks('https://….を登録'), 'hxxps://….を登録');
});

test('defanging twice changes nothing (the script re-reads its own output)', () => {
  const once = defangLinks('a https://x.example.com/p b http://192.0.2.1/ c');
  assert.equal(defangLinks(once), once);
  assert.doesNotMatch(once, /https?:/);
});

function rec(text: string, label: RealRecord['label']): RealRecord {
  return { text, label, brand: null, source_url: 'https://example.org/', seen: null };
}

test('splits are stratified by label: floor(30 %) of each label goes to dev', () => {
  const records = [
    ...Array.from({ length: 20 }, (_, i) => rec(`lure ${i}`, 'smishing')),
    ...Array.from({ length: 10 }, (_, i) => rec(`code ${i}`, 'legit')),
    rec('only one', 'recruitment'),
  ];
  const out = buildRealCorpus(records);
  const dev = (label: string) => out.filter((r) => r.label === label && r.split === 'dev').length;
  assert.equal(dev('smishing'), 6);
  assert.equal(dev('legit'), 3);
  assert.equal(dev('recruitment'), 0);
  assert.ok(out.every((r) => r.synthetic === false));
});

test('the split of a message depends only on its text, not on what else is in the file', () => {
  const a = buildRealCorpus(Array.from({ length: 30 }, (_, i) => rec(`m${i}`, 'smishing')));
  const b = buildRealCorpus(Array.from({ length: 30 }, (_, i) => rec(`m${29 - i}`, 'smishing')));
  const split = (rows: typeof a) => Object.fromEntries(rows.map((r) => [r.text, r.split]));
  assert.deepEqual(split(a), split(b));
});

test('exact duplicates (after defanging) are kept once', () => {
  const out = buildRealCorpus([rec('see https://a.example.com', 'smishing'), rec('see hxxps://a[.]example[.]com', 'smishing')]);
  assert.equal(out.length, 1);
});
