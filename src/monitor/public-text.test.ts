// Texts for the public gallery: anyone can read them, so no phone number (the senders are mostly infected
// subscribers, the call-back numbers reach the fraudsters), no name, and no link that can be clicked or pasted.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { defang, maskForPublic } from './index.js';

/** Seven or more digits in a row (ASCII or full-width): what is left of a phone number that was not masked. */
const DIGIT_RUN = /[0-9０-９]{7,}/;
const LIVE_SCHEME = /https?:\/\//i;

describe('maskForPublic: phone numbers', () => {
  const numbers: Array<[string, string]> = [
    ['mobile with hyphens', '至急 090-1234-5678 までお電話ください'],
    ['mobile without separators', '09012345678に折り返しください'],
    ['international form with spaces', '担当 +81 90 1234 5678 から連絡します'],
    ['international form with hyphens', '+81-90-1234-5678'],
    ['full-width digits and hyphens', 'お問い合わせは０９０－１２３４－５６７８へ'],
    ['full-width digits, no separators', '０９０１２３４５６７８'],
    ['toll-free 0120 with hyphens', 'お問い合わせ窓口 0120-123-456（平日9時〜18時）'],
    ['toll-free 0120 with spaces', 'フリーダイヤル 0120 123 456'],
    ['mobile with spaces', '090 1234 5678 にSMSを'],
    ['Tokyo landline', '連絡先 03-1234-5678 担当：佐藤'],
    ['050 IP phone', '(株)ネット債権管理 050-1234-1198'],
    ['navi dial', '0570-000-123'],
    ['brackets around the area code', '(03)1234-5678'],
    ['long-vowel marks as hyphens', '０９０ー１２３４ー５６７８'],
    ['mixed-width digits', '電話 0３-1234-5678'],
  ];
  for (const [name, text] of numbers) {
    test(name, () => {
      const out = maskForPublic(text);
      assert.doesNotMatch(out, DIGIT_RUN, out);
      // Not even the subscriber part survives in pieces.
      for (const part of ['1234', '5678', '１２３４', '５６７８', '123-456', '123 456']) assert.ok(!out.includes(part), `${JSON.stringify(part)} left in ${out}`);
      assert.match(out, /X/, `the number is shown masked, not dropped: ${out}`);
    });
  }

  test('the words around a number stay', () => {
    const out = maskForPublic('至急 090-1234-5678 までお電話ください');
    assert.ok(out.startsWith('至急 '), out);
    assert.ok(out.endsWith(' までお電話ください'), out);
  });

  test('two numbers in one text are both masked', () => {
    const out = maskForPublic('代表 03-1234-5678 または携帯 080-8765-4321');
    assert.doesNotMatch(out, DIGIT_RUN);
    assert.ok(!out.includes('8765') && !out.includes('4321') && !out.includes('5678'), out);
  });
});

describe('maskForPublic: names', () => {
  test('a name before 様 or さん is masked; the honorific stays', () => {
    assert.equal(maskForPublic('山田様 お荷物のお届けについて'), '[氏名]様 お荷物のお届けについて');
    assert.equal(maskForPublic('佐藤太郎さん、ご確認ください'), '[氏名]さん、ご確認ください');
    assert.equal(maskForPublic('たなかさま、こんにちは'), '[氏名]さま、こんにちは');
  });

  test('generic forms of address are not names: お客様, 皆様, 会員様 stay', () => {
    for (const text of ['お客様へ重要なお知らせ', '皆様にお知らせします', 'ご利用者様各位']) assert.equal(maskForPublic(text), text);
  });
});

describe('maskForPublic: links', () => {
  test('a URL is defanged: scheme broken, every dot of the host bracketed, path kept', () => {
    assert.equal(maskForPublic('こちら https://bad.example.top/x を開いて'), 'こちら hxxps://bad[.]example[.]top/x を開いて');
    assert.equal(maskForPublic('http://yamato-qv3k.top'), 'hxxp://yamato-qv3k[.]top');
  });

  test('a link the link reader does not take (an invalid punycode host) is still broken', () => {
    // Found by the property below with a random seed: "xn--a" is not valid punycode, so it was left clickable.
    assert.equal(maskForPublic('https://xn--a.a0.top '), 'hxxps://xn--a[.]a0[.]top ');
    assert.equal(maskForPublic('詳細 ｈｔｔｐｓ：／／xn--a.top/x'), '詳細 hxxps://xn--a[.]top/x');
    // Separators browsers accept, a second link glued to the first, and the text after a link left as it was.
    assert.equal(maskForPublic('https:\\\\xn--a.top と https:/xn--b.top と https﹕//xn--c.top'), 'hxxps://xn--a[.]top と hxxps://xn--b[.]top と hxxps://xn--c[.]top');
    assert.equal(maskForPublic('see https://xn--a.tophttps://xn--b.top now'), 'see hxxps://xn--a[.]tophxxps://xn--b[.]top now');
    assert.equal(maskForPublic('https://xn--a.topで確認。料金は１．５円です'), 'hxxps://xn--a[.]topで確認。料金は１．５円です');
  });

  test('a bare domain (no scheme) is defanged too', () => {
    const out = maskForPublic('再配達はこちら bad-example.top/login へ');
    assert.equal(out, '再配達はこちら bad-example[.]top/login へ');
  });

  test('an already defanged link stays defanged and is not bracketed twice', () => {
    assert.equal(maskForPublic('hxxp://a[.]b を開いて'), 'hxxp://a[.]b を開いて');
    assert.equal(maskForPublic('hxxps://mufg-secure[.]top/a'), 'hxxps://mufg-secure[.]top/a');
  });

  test('an upper-case scheme and an IP address host are defanged', () => {
    assert.doesNotMatch(maskForPublic('HTTPS://BAD.TOP/X'), LIVE_SCHEME);
    assert.equal(maskForPublic('http://203.0.113.5/a'), 'hxxp://203[.]0[.]113[.]5/a');
  });

  test('an official domain a lure mentions is defanged like any other (the gallery links nowhere)', () => {
    assert.equal(maskForPublic('公式 https://www.smbc.co.jp/ はこちら'), '公式 hxxps://www[.]smbc[.]co[.]jp/ はこちら');
  });

  test('the host is defanged even when a link is glued to Japanese punctuation', () => {
    assert.equal(maskForPublic('こちら→https://bad.top/a。'), 'こちら→hxxps://bad[.]top/a。');
    assert.equal(maskForPublic('（https://bad.top/x）'), '（hxxps://bad[.]top/x）');
  });
});

describe('defang', () => {
  test('breaks the scheme and brackets host dots, full-width dots included; the path is left alone', () => {
    assert.equal(defang('https://bad.example.top/x.php?a=b.c'), 'hxxps://bad[.]example[.]top/x.php?a=b.c');
    assert.equal(defang('http://a．b。c/'), 'hxxp://a[.]b[.]c/');
    assert.equal(defang('hxxp://a[.]b'), 'hxxp://a[.]b');
    assert.equal(defang('hxxp://a(.)b'), 'hxxp://a[.]b');
    assert.equal(defang('bad.top'), 'bad[.]top');
  });
});

describe('maskForPublic: ordinary text', () => {
  test('text with no number, name or link comes back unchanged', () => {
    for (const text of [
      '明日 10時に駅で会いましょう',
      '今日の会議は15時からに変更になりました。よろしくお願いします。',
      'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。',
      '【重要】ご利用料金のお支払いが確認できておりません。',
      '合計 3,980円（税込）',
      '',
    ]) assert.equal(maskForPublic(text), text);
  });

  test('short numbers (dates, prices, codes under seven digits) are not masked', () => {
    assert.equal(maskForPublic('2026年11月19日 12:30 お届け予定 料金 1,200円 確認コード 482913'), '2026年11月19日 12:30 お届け予定 料金 1,200円 確認コード 482913');
  });
});

describe('maskForPublic: properties', () => {
  // Lure-shaped texts: Japanese phrases, phone numbers written every way, URLs with real TLDs, names with honorifics.
  const digit = fc.constantFrom(...'0123456789０１２３４５６７８９');
  const sep = fc.constantFrom('', '', '-', '－', 'ー', ' ', '　', '.', '・', '‐');
  const phone = fc.tuple(fc.constantFrom('090', '080', '070', '050', '0120', '03', '06', '+81 90', '+81-80', '＋８１９０', '０９０'), sep, fc.array(digit, { minLength: 3, maxLength: 4 }), sep, fc.array(digit, { minLength: 3, maxLength: 4 }))
    .map(([p, s1, a, s2, b]) => `${p}${s1}${a.join('')}${s2}${b.join('')}`);
  const label = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}[a-z0-9]$/);
  const url = fc.tuple(
    fc.constantFrom('https://', 'http://', 'HTTPS://', 'Http://', 'hxxps://', ''),
    fc.array(label, { minLength: 1, maxLength: 3 }),
    fc.constantFrom('top', 'com', 'jp', 'co.jp', 'xyz', 'cn', 'net', 'shop', 'cyou', 'info'),
    fc.constantFrom('', '/', '/x', '/a/b?c=1', '/ログイン', '#f', ':8080/x', '/0120123456'),
  ).map(([s, l, t, p]) => `${s}${l.join('.')}.${t}${p}`);
  const phrase = fc.constantFrom(
    'お荷物のお届けにあがりましたが不在の為持ち帰りました', 'こちら', 'ご確認ください', '【ヤマト運輸】', '。', '、', '→', '：', '（', '）', '\n',
    '未払い料金があります', '山田様', '佐藤さん', 'お客様', '本日中に', '連絡先', '2026年11月19日', '料金 1,200円', '',
  );
  // A link is followed by a space, as links are in the messages: the scanner needs to know where it ends.
  const piece = fc.oneof(phrase, phone, url.map((u) => `${u} `));
  const lure = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));

  test('no output holds seven digits in a row or a live http(s):// link', () => {
    fc.assert(
      fc.property(lure, (text) => {
        const out = maskForPublic(text);
        assert.doesNotMatch(out, DIGIT_RUN, `${JSON.stringify(text)} → ${JSON.stringify(out)}`);
        assert.doesNotMatch(out, LIVE_SCHEME, `${JSON.stringify(text)} → ${JSON.stringify(out)}`);
      }),
      { numRuns: 1500 },
    );
  });

  test('no output of any digit soup holds seven digits in a row', () => {
    const soup = fc.array(fc.constantFrom(...'0123456789０１２９', '-', '－', 'ー', '・', '.', ' ', '　', '(', ')', '（', '）', '+81', '/', '円', '年', 'a', 'TEL', '\n', '‐', '—', ','), { maxLength: 60 })
      .map((p) => p.join(''));
    fc.assert(fc.property(soup, (text) => !DIGIT_RUN.test(maskForPublic(text))), { numRuns: 3000 });
  });
});

describe('maskForPublic: links next to names, spread-out numbers', () => {
  // The name pattern takes Latin letters: links are taken out before names are masked, so "https://aa.top 様" is
  // not cut into "https://aa.[氏名] 様" with a live scheme.
  test('a link followed by an honorific is still defanged, and the name pattern does not eat into it', () => {
    const out = maskForPublic('確認 https://aa.top 様');
    assert.doesNotMatch(out, LIVE_SCHEME);
    assert.match(out, /hxxps:\/\/aa\[\.\]top/);
  });

  test('a full-width scheme is broken too', () => {
    assert.doesNotMatch(maskForPublic('こちら ｈｔｔｐｓ：／／ｂａｄ．ｔｏｐ／ｘ から').normalize('NFKC'), LIVE_SCHEME);
  });

  // Phone extraction does not see these forms; the last guard allows up to three separators between digits.
  test('a number spread out with " - ", double spaces, underscores or slashes is masked', () => {
    for (const n of ['090 - 1234 - 5678', '090  1234  5678', '090_1234_5678', '090/1234/5678']) {
      assert.doesNotMatch(maskForPublic(n).replace(/[\s\-_/]/g, ''), DIGIT_RUN, n);
    }
  });
});
