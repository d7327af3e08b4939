// Numbers here are from reserved or illustrative ranges (555-01xx in the US, 1234-5678 patterns); none is a
// number quoted in a real message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractPhones, parsePhone, type PhoneInfo } from './index.js';

function pick(p: PhoneInfo | null | undefined): Partial<PhoneInfo> | null {
  if (!p) return null;
  return { e164: p.e164, national: p.national, kind: p.kind, country: p.country, valid: p.valid };
}

test('Japanese numbers in their usual spellings', () => {
  const mobile = { e164: '+819012345678', national: '09012345678', kind: 'mobile', country: 'JP', valid: true };
  for (const s of ['090-1234-5678', '09012345678', '090 1234 5678', '090(1234)5678', '０９０（１２３４）５６７８', '０９０－１２３４－５６７８', '090ー1234ー5678', '+81 90-1234-5678', '+81(0)90-1234-5678', '+819012345678', 'TEL: 090-1234-5678', 'tel:09012345678']) {
    assert.deepEqual(pick(parsePhone(s)), mobile, s);
  }
});

test('kinds follow the Japanese numbering plan', () => {
  const kinds: Array<[string, string, number]> = [
    ['070-1234-5678', 'mobile', 11],
    ['080-1234-5678', 'mobile', 11],
    ['050-1234-5678', 'ip', 11],
    ['0120-123-456', 'freedial', 10],
    ['0800-123-4567', 'freedial', 11],
    ['0570-123-456', 'navidial', 10],
    ['0990-123-456', 'premium', 10],
    ['03-1234-5678', 'fixed', 10],
    ['06-1234-5678', 'fixed', 10],
    ['0422-12-3456', 'fixed', 10],
    ['020-1234-5678', 'other', 11],
    ['0180-123-456', 'other', 10],
  ];
  for (const [s, kind, len] of kinds) {
    const p = parsePhone(s);
    assert.equal(p?.kind, kind, s);
    assert.equal(p?.valid, true, s);
    assert.equal(p?.national.length, len, s);
    assert.equal(p?.e164, `+81${p?.national.slice(1)}`, s);
  }
});

test('0005 common numbers: valid with 8 to 10 digits, no E.164 form', () => {
  for (const s of ['0005-1234', '0005-12-345', '0005-12-3456', '0005123456']) {
    const p = parsePhone(s);
    assert.equal(p?.kind, 'common', s);
    assert.equal(p?.valid, true, s);
    assert.equal(p?.e164, null, s);
    assert.equal(p?.national, s.replace(/-/g, ''));
  }
  assert.equal(parsePhone('0005-123')?.valid ?? false, false);
});

test('a wrong digit count for the prefix is a number, but not a valid one', () => {
  const p = parsePhone('090-1234-567');
  assert.equal(p?.kind, 'mobile');
  assert.equal(p?.valid, false);
  assert.equal(p?.e164, null);
});

test('foreign numbers go through libphonenumber-js', () => {
  assert.deepEqual(pick(parsePhone('+1 202 555 0100')), {
    e164: '+12025550100',
    national: '2025550100',
    kind: 'international',
    country: 'US',
    valid: true,
  });
  assert.equal(parsePhone('+86 138 1234 5678')?.country, 'CN');
  assert.equal(parsePhone('+82 10-1234-5678')?.country, 'KR');
  assert.equal(parsePhone('+1 123 456 7890')?.valid, false);
});

test("Japan's international prefix 010 (optionally after a carrier code) dials abroad", () => {
  assert.equal(parsePhone('010-1-202-555-0100')?.e164, '+12025550100');
  assert.equal(parsePhone('001-010-1-202-555-0100')?.e164, '+12025550100');
  assert.equal(parsePhone('010 81 90 1234 5678')?.e164, '+819012345678');
});

test('not phone numbers', () => {
  for (const s of ['', 'abc', '81901234 5678', '12345', '2024-11-22', '090', '0000-0000-0000', '0012345678', '+', '9012345678']) {
    assert.equal(parsePhone(s), null, JSON.stringify(s));
  }
  assert.equal(parsePhone(null as unknown as string), null);
});

test('extraction: masked call-back numbers are reported with the kind of their prefix', () => {
  const a = extractPhones('未払いがございます。\n本日中に担当渡辺までご連絡下さい。\n050-68○○-○○○○');
  assert.deepEqual(a.map(pick), [{ e164: null, national: '05068', kind: 'ip', country: 'JP', valid: false }]);
  assert.equal(a[0]?.raw, '050-68○○-○○○○');
  assert.equal(extractPhones('本日中に\n050xxxxxxxx\nソフトバンクサポートセンター迄')[0]?.kind, 'ip');
  assert.equal(extractPhones('本日中に\n050-****-****\nauフィナンシャルサービス迄')[0]?.kind, 'ip');
  assert.equal(extractPhones('090-XXXX-XXXX まで')[0]?.kind, 'mobile');
  assert.equal(extractPhones('03-××××-×××× まで')[0]?.kind, 'fixed');
});

test('extraction: usual forms inside text, in order, each once', () => {
  const found = extractPhones(
    'お問い合わせ(03)1234-5678、携帯＋８１ ９０－１２３４－５６７８、ＴＥＬ：０１２０－１２３－４５６、再掲 03-1234-5678',
  );
  assert.deepEqual(
    found.map((p) => p.e164),
    ['+81312345678', '+819012345678', '+81120123456'],
  );
  assert.equal(found[0]?.raw, '(03)1234-5678');
  assert.equal(extractPhones('エポスカードです。0120123456までご連絡をお願いいたします')[0]?.kind, 'freedial');
  assert.equal(extractPhones('TEL0312345678')[0]?.national, '0312345678');
  assert.equal(extractPhones('海外 +1 202 555 0100 まで')[0]?.country, 'US');
  assert.equal(extractPhones('国際 010 1 202 555 0100 まで')[0]?.e164, '+12025550100');
});

test('extraction: a number followed by a time is cut at the space', () => {
  const p = extractPhones('詳細・配信停止・問合せ先 0120-123-456 15:18');
  assert.deepEqual(p.map((x) => x.national), ['0120123456']);
});

test('extraction: no false hits on dates, amounts, times, codes, long ids, postal codes, URLs', () => {
  for (const text of [
    '利用日:2024-11-22 利用金額:50,000円',
    '有効期限 09/05 22:00 受付 09:00-18:00',
    '認証番号:012345 セキュリティコード 683437',
    'ご注文番号 012345678901234 / 0123-4567-8901-2345',
    '〒060-0001 札幌市',
    'https://example.com/09012345678',
    'ID09012345678',
    '090-1234-5678-9',
    '0.5%還元 1,000,000円',
    'あなたの非公開コードは407 072です',
    '2022年7月2日より発生',
  ]) {
    assert.deepEqual(extractPhones(text), [], text);
  }
});

test('extraction never throws on odd input', () => {
  assert.deepEqual(extractPhones(undefined as unknown as string), []);
  assert.deepEqual(extractPhones('+'), []);
  assert.deepEqual(extractPhones('0'.repeat(5000)), []);
  assert.deepEqual(extractPhones('(('), []);
});
