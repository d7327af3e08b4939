// Concrete URL extraction cases. Every host here is invented or reserved (example.*, .test, .example) or a
// public service domain used without a real message path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractUrls, type ExtractedUrl } from './index.js';

function one(text: string): ExtractedUrl {
  const urls = extractUrls(text);
  assert.equal(urls.length, 1, `expected one URL in ${JSON.stringify(text)}, got ${JSON.stringify(urls.map((u) => u.url))}`);
  return urls[0] as ExtractedUrl;
}

const urlsOf = (text: string): string[] => extractUrls(text).map((u) => u.url);

test('parcel lure with defanged scheme and [.]: registrable domain is the attacker’s, brand is a subdomain', () => {
  const u = one('ヤマト運輸よりお届けにあがりましたが不在の為持ち帰りました。hxxps://kuronekoyamato.co.jp.abc-xyz[.]top/ をご確認ください');
  assert.equal(u.url, 'https://kuronekoyamato.co.jp.abc-xyz.top/');
  assert.equal(u.raw, 'hxxps://kuronekoyamato.co.jp.abc-xyz[.]top/');
  assert.equal(u.scheme, 'https');
  assert.equal(u.registrableDomain, 'abc-xyz.top');
  assert.equal(u.publicSuffix, 'top');
  assert.equal(u.subdomain, 'kuronekoyamato.co.jp');
  assert.equal(u.defanged, true);
  assert.equal(u.bare, false);
});

test('a link written entirely in full-width forms is found and marked defanged', () => {
  const u = one('https：／／ａｍａｚｏｎ－ｊｐ．ｃｏｍ／ｌｏｇｉｎ');
  assert.equal(u.url, 'https://amazon-jp.com/login');
  assert.equal(u.raw, 'https：／／ａｍａｚｏｎ－ｊｐ．ｃｏｍ／ｌｏｇｉｎ');
  assert.equal(u.registrableDomain, 'amazon-jp.com');
  assert.equal(u.path, '/login');
  assert.equal(u.defanged, true);
});

test('IPv4 literals in every spelling browsers accept resolve to the same dotted address', () => {
  const a = one('http://192.168.0.1/a');
  assert.deepEqual([a.host, a.isIp, a.registrableDomain, a.publicSuffix, a.path], ['192.168.0.1', true, null, null, '/a']);
  assert.equal(one('http://3232235521/').host, '192.168.0.1');
  assert.equal(one('http://0xC0A80001/').host, '192.168.0.1');
  assert.equal(one('http://0300.0250.0.1/').host, '192.168.0.1');
  assert.equal(one('http://192.168.1/').host, '192.168.0.1');
});

test('IPv6 literal with port', () => {
  const u = one('http://[2001:DB8::1]:8080/p');
  assert.equal(u.host, '2001:db8::1');
  assert.equal(u.port, 8080);
  assert.equal(u.url, 'http://[2001:db8::1]:8080/p');
  assert.equal(u.isIp, true);
});

test('userinfo trick: the host is what follows the @, the brand is only userinfo', () => {
  const u = one('https://www.amazon.co.jp@evil.example/');
  assert.equal(u.host, 'evil.example');
  assert.equal(u.userinfo, 'www.amazon.co.jp');
  assert.equal(u.url, 'https://evil.example/');
  assert.equal(u.registrableDomain, 'evil.example');
  const p = one('http://user:pass@login.example.test/x');
  assert.equal(p.userinfo, 'user:pass');
  assert.equal(p.host, 'login.example.test');
});

test('IDN: punycode and Unicode spellings of a homograph give the same canonical URL', () => {
  const a = one('https://xn--80ak6aa92e.com/');
  const b = one('https://аррӏе.com/');
  assert.equal(a.url, 'https://xn--80ak6aa92e.com/');
  assert.equal(b.url, a.url);
  assert.equal(a.hostUnicode, 'аррӏе.com');
  assert.equal(b.host, 'xn--80ak6aa92e.com');
  assert.equal(a.isPunycode, true);
  assert.equal(b.isPunycode, true);
  assert.equal(one('https://ヤマト-example.com/').isPunycode, true);
});

test('defanged forms: hxxp, h**p, ttps, [.], (.), {.}, [dot], (dot), ［．］, [:]', () => {
  assert.deepEqual(urlsOf('hxxp://bad.example-shop.top/a'), ['http://bad.example-shop.top/a']);
  assert.deepEqual(urlsOf('h**ps://bad.example-shop.top/a'), ['https://bad.example-shop.top/a']);
  assert.deepEqual(urlsOf('ttps://bad.example-shop.top/a'), ['https://bad.example-shop.top/a']);
  for (const dot of ['[.]', '(.)', '{.}', '[dot]', '(dot)', '[ . ]', '［．］', '（．）']) {
    const u = one(`hxxps://login.example-bank${dot}top/x`);
    assert.equal(u.url, 'https://login.example-bank.top/x', dot);
    assert.equal(u.defanged, true, dot);
  }
  assert.equal(one('hxxps[:]//login.example-bank.top/').url, 'https://login.example-bank.top/');
  assert.equal(one('https://example.com/').defanged, false);
});

test('spaces inserted into a link: around dots, after the scheme, inside a label, letters spaced out', () => {
  assert.equal(one('https :// example . top').url, 'https://example.top/');
  assert.equal(one('https:// example.top/a').url, 'https://example.top/a');
  assert.equal(one('https://exa mple.top/x').url, 'https://example.top/x');
  const spaced = one('h t t p s : / / example . top / abc');
  assert.equal(spaced.url, 'https://example.top/abc');
  assert.equal(spaced.defanged, true);
  assert.equal(one('https //www.example.go.jp').url, 'https://www.example.go.jp/');
});

test('a line break inside the host is bridged; one after a complete link is not', () => {
  assert.equal(one('https://\nexample.top/a').url, 'https://example.top/a');
  assert.equal(one('https://exam\nple.top/a').url, 'https://example.top/a');
  assert.deepEqual(urlsOf('https://example.top/a\nこちらから'), ['https://example.top/a']);
});

test('Japanese text glued to a link ends it', () => {
  const u = one('https://ex.top/abcこちら');
  assert.equal(u.path, '/abc');
  assert.equal(u.raw, 'https://ex.top/abc');
  assert.equal(one('https://example.comをご確認ください。').url, 'https://example.com/');
  assert.equal(one('https://example.com:こちら').url, 'https://example.com/');
  assert.equal(one('詳細はhttps://example.top/a?b=1からご確認').query, 'b=1');
});

test('trailing punctuation is not part of the link; balanced parentheses are', () => {
  assert.equal(one('（https://example.com/a）。').path, '/a');
  assert.equal(one('(https://example.com/a_(b))').path, '/a_(b)');
  assert.equal(one('「https://example.com/x」').path, '/x');
  assert.equal(one('see https://example.com/x.').path, '/x');
  assert.equal(one('see https://example.com/x!?').path, '/x');
  assert.equal(one('<https://example.com/x>').path, '/x');
  assert.equal(one('https://example.com/x、次に').path, '/x');
  assert.equal(one('https://example.com。次に').url, 'https://example.com/');
});

test('bare domains: with a path, with www., or a plain listed domain; Japanese directly before', () => {
  const a = one('こちらexample-jp.top/abc');
  assert.deepEqual([a.url, a.scheme, a.bare, a.raw], ['http://example-jp.top/abc', 'none', true, 'example-jp.top/abc']);
  const w = one('www.example.com');
  assert.deepEqual([w.url, w.subdomain, w.registrableDomain], ['http://www.example.com/', 'www', 'example.com']);
  assert.equal(one('ログインはexample.co.jpから').url, 'http://example.co.jp/');
  assert.equal(one('example[.]top/login').defanged, true);
});

test('ports, queries and fragments', () => {
  const u = one('https://example.top:8443/a/b?x=1&y=2#frag');
  assert.deepEqual([u.port, u.path, u.query], [8443, '/a/b', 'x=1&y=2']);
  assert.equal(u.url, 'https://example.top:8443/a/b?x=1&y=2');
  const d = one('https://example.top:443/');
  assert.equal(d.port, 443);
  assert.equal(d.url, 'https://example.top/');
  assert.equal(one('https://example.top?x=1').url, 'https://example.top/?x=1');
});

test('scheme and host are canonicalised: upper case, trailing dot', () => {
  assert.equal(one('HTTPS://WWW.EXAMPLE.COM./Path').url, 'https://www.example.com/Path');
});

test('no URL in ordinary Japanese text, numbers, e-mail addresses or file names', () => {
  for (const text of [
    'お荷物のお届けにあがりましたが不在のため持ち帰りました。',
    '利用金額:81,008円 利用日:2024年8月21日20:40',
    '1.5倍のポイント 15.30 v1.2.3 Ver.2.0 No.1 3.14159',
    'お問い合わせは info@example.com まで',
    'foo.bar@example.co.jp',
    'image.png report.pdf data.json setup.exe main.py archive.zip notes.md',
    'Node.js と Vue.js',
    '有効期限:09/05 22:00',
  ]) {
    assert.deepEqual(urlsOf(text), [], text);
  }
});

test('placeholder links in quoted examples yield nothing', () => {
  for (const text of [
    '不在により荷物は本社で待機。https://〇〇〇〇/△△△△',
    'https://●●●',
    'https://○○○',
    'http://(偽サイトへのリンク)',
    'https://*********',
    'https://..../',
    'https://….を登録確認してください',
    'https://~',
    '‹URL›',
    '<確認用URLの記述>',
    'https://',
  ]) {
    assert.deepEqual(urlsOf(text), [], text);
  }
});

test('a link cut short by the quoting page (no listed TLD) is not a link', () => {
  assert.deepEqual(urlsOf('電話番号をご再登録ください。https://myjcb-click.lin'), []);
});

test('shorteners are flagged, official short domains are not', () => {
  assert.equal(one('https://bit.ly/3abcDEF').isShortener, true);
  assert.equal(one('https://t.co/~').isShortener, true);
  assert.equal(one('https://cutt.ly/xyz').isShortener, true);
  assert.equal(one('https://www.tinyurl.com/xyz').isShortener, true);
  assert.equal(one('https://qr.paypay.ne.jp/abc').isShortener, false);
  assert.equal(one('https://example.com/').isShortener, false);
});

test('several links: de-duplicated by canonical URL, in order of appearance', () => {
  const urls = urlsOf('A: https://b.example.top/1 B: www.a-example.com C: hxxps://b.example[.]top/1 D: http://a.example.test/');
  assert.deepEqual(urls, ['https://b.example.top/1', 'http://www.a-example.com/', 'http://a.example.test/']);
});

test('hosts reserved for documentation count only with a scheme', () => {
  assert.deepEqual(urlsOf('https://evil.example/ and evil.example'), ['https://evil.example/']);
});

test('a scheme glued to a preceding word still counts, even with its h missing', () => {
  assert.equal(one('URLhttps://example.top/a').url, 'https://example.top/a');
  assert.deepEqual(urlsOf('URLttps://example.top/a'), ['https://example.top/a']);
});

test('zero-width characters inside a link are removed and mark it defanged', () => {
  const u = one('https://exa\u200Bmple.top/lo\u200Dgin');
  assert.equal(u.url, 'https://example.top/login');
  assert.equal(u.raw, 'https://exa\u200Bmple.top/lo\u200Dgin');
  assert.equal(u.defanged, true);
});

test('spaces around a hyphen inside the first label are bridged; a dash after a complete host is not', () => {
  assert.equal(extractUrls('https://docomo - pay.top/login')[0]?.host, 'docomo-pay.top');
  assert.equal(extractUrls('https://example.com - 詳細はこちら')[0]?.host, 'example.com');
  assert.equal(extractUrls('https://example.com - 詳細はこちら')[0]?.url, 'https://example.com/');
});
