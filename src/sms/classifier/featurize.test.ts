import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Featurizer } from './featurize.js';

const unigrams = new Featurizer({ bucketBits: 18, maxN: 1 });
/** The masked text, read back from the 1-gram names, and the token names. */
function masked(text: string): { text: string; tokens: string[] } {
  const d = unigrams.describe(text);
  return { text: d.filter((f) => !f.name.includes(':') || f.name === ':').map((f) => f.name).join(''), tokens: d.map((f) => f.name).filter((n) => /^(tld|url|tel|w):/.test(n)) };
}

test('links become " U " whatever their form: scheme, defanged, bare host, www, IP', () => {
  for (const link of ['https://yamato-jp.top/abc', 'hxxps://t[.]co/~', 'amzn.example.asia/8cjhqds', 'www.example.jp', 'http://192.0.2.4:8080/x', 'HTTPS://EXAMPLE.COM']) {
    assert.equal(masked(`確認 ${link} です`).text, ' 確認 U です ', link);
  }
});

test('a link token names its last host label, or says it is an IP', () => {
  assert.deepEqual(masked('https://sagawa-exp.cyou/jp').tokens, ['tld:cyou']);
  assert.deepEqual(masked('hxxp://192[.]0[.]2[.]9/').tokens, ['url:ip']);
});

test('phone numbers become " T " with their kind; other digits become 0', () => {
  assert.deepEqual(masked('050-1234-5678まで'), { text: ' T まで ', tokens: ['tel:050'] });
  assert.equal(masked('090-1234-5678').tokens[0], 'tel:mobile');
  assert.equal(masked('0120-440-620').tokens[0], 'tel:free');
  assert.equal(masked('0005123456').tokens[0], 'tel:0005');
  assert.equal(masked('03-1234-5678').tokens[0], 'tel:fixed');
  assert.equal(masked('+639171234567').tokens[0], 'tel:abroad');
  assert.equal(masked('認証コード 123456').text, ' 認証コード 000000 ');
});

test('ASCII is lower-cased, words of two letters or more become tokens, white space collapses', () => {
  assert.deepEqual(masked('SoftBank\n\n  未払い'), { text: ' softbank 未払い ', tokens: ['w:softbank'] });
  // Not a link: version numbers, abbreviations, company suffixes.
  assert.equal(masked('e.g. ver.2 Co.,Ltd.').text, ' e.g. ver.0 co.,ltd. ');
});

test('extract() and describe() see the same features, and n-grams go up to maxN', () => {
  const f = new Featurizer({ bucketBits: 18, maxN: 3 });
  const text = '【ヤマト運輸】お荷物を持ち帰りました https://example.top/ 050-1234-5678';
  const n = f.extract(text);
  const buckets = Array.from(f.idx.subarray(0, n));
  const named = f.describe(text);
  assert.deepEqual(named.map((x) => x.bucket), buckets);
  assert.ok(named.some((x) => x.name === '持ち帰'));
  assert.ok(!named.some((x) => x.name === '持ち帰り'));
});

test('weightSum() adds the weight of every feature occurrence, the predict path without buckets stored', () => {
  const f = new Featurizer({ bucketBits: 16, maxN: 3 });
  const w = new Float32Array(1 << 16);
  for (let i = 0; i < w.length; i++) w[i] = (i % 7) - 3;
  const text = 'お荷物 https://x.example.top 090-1234-5678 ok';
  const n = f.extract(text);
  let expected = 0;
  for (let j = 0; j < n; j++) expected += w[f.idx[j] as number] as number;
  assert.equal(f.weightSum(text, w), expected);
  assert.equal(f.lastCount, n);
});

test('empty, emoji-only and very long texts are handled', () => {
  const f = new Featurizer();
  assert.equal(f.extract(''), 1); // the single boundary space
  assert.ok(f.extract('🎍😊') > 0);
  assert.ok(f.extract('あ'.repeat(20000)) > 20000);
});

test('bad configurations are rejected', () => {
  assert.throws(() => new Featurizer({ bucketBits: 30, maxN: 3 }), RangeError);
  assert.throws(() => new Featurizer({ bucketBits: 18, maxN: 0 }), RangeError);
});
