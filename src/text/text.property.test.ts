// Property-based tests: no function of the module throws on any input, and extracted URLs are always
// well-formed. Plus adversarial inputs that would expose catastrophic regex backtracking.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  classifySender,
  editDistance,
  extractMessengerIds,
  extractPhones,
  extractUrls,
  foldForMatch,
  normalizeText,
  parseHost,
  parsePhone,
  skeleton,
  type ExtractedUrl,
} from './index.js';

// Fragments that make random text look like the messages the extractors are built for.
const FRAGMENTS = [
  'http', 'https', 'hxxps', 'h**p', 'ttps', '://', ':', '/', '//', '.', '[.]', '(.)', '[dot]', '［．］', '．', '／', '：',
  'www.', 'example', '.com', '.co.jp', '.top', '.example', 'xn--80ak6aa92e', 'аррӏе', '@', '?', '#', '=', '&', '%',
  ' ', '  ', '\n', '\r\n', '\t', '\u200B', '\uFEFF', '\u00AD', '。', '、', '「', '」', '（', '）', '(', ')', '[', ']',
  'こちら', 'ご確認ください', '〇〇', '○', '●', '*', 'x', 'X', '090', '050', '0120', '0005', '+81', '010', '-', 'ー',
  '－', '1234', '5678', '０９０', '１２３４', 'TEL', 'ＴＥＬ', 'LINE', 'ID:', 'テレグラム', 't.me/', 'line.me/ti/p/~',
  '\uD800', '\uDC00', '😀', '\u0301', '192.168.0.1', '3232235521', '[::1]', ':8080', '65536',
];

const urlish = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 }), fc.string({ unit: 'grapheme', maxLength: 3 })), {
    maxLength: 40,
  })
  .map((parts) => parts.join(''));

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  urlish,
);

const RUNS = { numRuns: 400 };

function assertWellFormed(u: ExtractedUrl, input: string): void {
  assert.ok(input.includes(u.raw), 'raw is a substring of the input');
  assert.ok(u.raw.length > 0);
  assert.ok(['http', 'https', 'none'].includes(u.scheme));
  assert.equal(u.bare, u.scheme === 'none');
  assert.match(u.host, /^[a-z0-9._:-]+$/, 'host is ASCII lower case');
  assert.ok(!u.host.endsWith('.'));
  assert.ok(u.path.startsWith('/'));
  assert.ok(!u.path.includes('?') && !u.path.includes('#'));
  assert.ok(!u.query.includes('#'));
  assert.ok(u.port === null || (Number.isInteger(u.port) && u.port >= 0 && u.port <= 65535));
  const scheme = u.scheme === 'none' ? 'http' : u.scheme;
  assert.ok(u.url.startsWith(`${scheme}://`), u.url);
  assert.doesNotThrow(() => new URL(u.url), u.url);
  assert.equal(u.isIp, u.registrableDomain === null && u.publicSuffix === null && u.isIp);
  if (!u.isIp) {
    assert.ok(u.host.includes('.'));
    assert.ok(u.registrableDomain !== null && u.host.endsWith(u.registrableDomain));
    assert.ok(u.publicSuffix !== null && u.registrableDomain.endsWith(u.publicSuffix));
    assert.equal(u.subdomain === '' ? u.registrableDomain : `${u.subdomain}.${u.registrableDomain}`, u.host);
  }
  assert.equal(u.isPunycode, u.isPunycode && true);
}

test('normalizeText and foldForMatch never throw, return well-formed text, and are idempotent', () => {
  fc.assert(
    fc.property(anyText, (s) => {
      const n = normalizeText(s);
      assert.equal(typeof n, 'string');
      assert.ok(!/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(n), 'no lone surrogates');
      assert.ok(!/[\u200B\uFEFF\r\t]/.test(n));
      assert.equal(n, n.trim());
      assert.equal(normalizeText(n), n);
      assert.equal(typeof foldForMatch(s), 'string');
    }),
    RUNS,
  );
});

test('extractUrls never throws and every result is well-formed, on raw and normalised text', () => {
  fc.assert(
    fc.property(anyText, (s) => {
      for (const input of [s, normalizeText(s)]) {
        const urls = extractUrls(input);
        const seen = new Set<string>();
        for (const u of urls) {
          assertWellFormed(u, input);
          assert.ok(!seen.has(u.url), 'de-duplicated');
          seen.add(u.url);
        }
      }
    }),
    RUNS,
  );
});

test('a link embedded in random Japanese-ish text is still found', () => {
  const filler = fc.string({ unit: fc.constantFrom(...'あいうえおアイウエオ漢字。、！？「」 \n'), maxLength: 30 });
  fc.assert(
    fc.property(filler, filler, fc.constantFrom('https://', 'http://', 'hxxps://', ''), (before, after, scheme) => {
      const urls = extractUrls(`${before}${scheme}login.example-bank.top/a1${after}`).map((u) => u.url);
      assert.ok(urls.includes(`${scheme.startsWith('https') || scheme.startsWith('hxxps') ? 'https' : 'http'}://login.example-bank.top/a1`), urls.join());
    }),
    RUNS,
  );
});

test('phone, sender, messenger, host, skeleton and distance functions never throw', () => {
  fc.assert(
    fc.property(anyText, anyText, (s, t) => {
      for (const p of extractPhones(s)) {
        assert.ok(s.includes(p.raw));
        assert.ok(p.e164 === null || /^\+\d{7,15}$/.test(p.e164));
        assert.match(p.national, /^\d*$/);
      }
      const one = parsePhone(s);
      assert.ok(one === null || typeof one.valid === 'boolean');
      const sender = classifySender(s);
      assert.ok(['phone', 'common', 'alphanumeric', 'shortcode', 'absent', 'invalid'].includes(sender.type));
      for (const m of extractMessengerIds(s)) assert.ok(m.id === null || m.id.length > 0);
      const h = parseHost(s);
      assert.ok(h === null || h.host.length > 0);
      assert.equal(typeof skeleton(s), 'string');
      const d = editDistance(s, t, 3);
      assert.ok(d >= 0 && d <= 4);
    }),
    RUNS,
  );
});

test('huge inputs (20k characters) are handled', () => {
  fc.assert(
    fc.property(fc.string({ unit: 'grapheme', minLength: 5000, maxLength: 20000 }), urlish, (big, mix) => {
      const s = `${big}${mix}${big.slice(0, 100)}`;
      extractUrls(s);
      extractPhones(s);
      extractMessengerIds(s);
      normalizeText(s);
      skeleton(s.slice(0, 2000));
    }),
    { numRuns: 10 },
  );
});

function timed(label: string, fn: () => unknown): void {
  const start = performance.now();
  fn();
  const ms = performance.now() - start;
  // This guards against catastrophic backtracking, not speed (speed is the benchmarks' business): a quadratic
  // blow-up takes seconds at this size, while a cold, JIT-less first call on a busy two-core CI machine has taken
  // up to 160 ms (spaced zeros). 500 ms tells the two apart.
  assert.ok(ms < 500, `${label}: ${ms.toFixed(1)} ms`);
}

test('adversarial 20k-character inputs finish quickly (no catastrophic backtracking)', () => {
  const n = 20_000;
  const cases: Array<[string, string]> = [
    ['labels', 'a.'.repeat(n / 2)],
    ['labels-digit-end', `${'ab.'.repeat(n / 3)}1`],
    ['hyphens', '-a'.repeat(n / 2)],
    ['long label', 'a'.repeat(n)],
    ['spaces after scheme', `http${' '.repeat(n)}`],
    ['colons', `https${':'.repeat(n)}`],
    ['slashes', `https://${'/'.repeat(n)}`],
    ['schemes', 'https://'.repeat(n / 8)],
    ['tt', 't'.repeat(n)],
    ['brackets', '[.'.repeat(n / 2)],
    ['spaced dots', 'https://a . '.repeat(n / 12)],
    ['digits', '0'.repeat(n)],
    ['digit groups', '090-'.repeat(n / 4)],
    ['spaced zeros', '0 '.repeat(n / 2)],
    ['parenthesised zeros', '(0'.repeat(n / 2)],
    ['plus zeros', '+0 '.repeat(n / 3)],
    ['masked', '0○'.repeat(n / 2)],
    ['ats', '@a'.repeat(n / 2)],
    ['ids', 'LINE ID: '.repeat(n / 9)],
    ['line ats', 'LINE @abc '.repeat(n / 10)],
    ['links with ids', 't.me/abcd @abcd '.repeat(n / 16)],
    ['ip-ish', '1.'.repeat(n / 2)],
    ['full-width', 'ａ．'.repeat(n / 2)],
    ['japanese+dots', 'あ.'.repeat(n / 2)],
    ['percent', `https://${'%'.repeat(n)}`],
    ['userinfo', `https://${'a@'.repeat(n / 2)}`],
  ];
  for (const [label, s] of cases) {
    timed(`extractUrls ${label}`, () => extractUrls(s));
    timed(`extractPhones ${label}`, () => extractPhones(s));
    timed(`extractMessengerIds ${label}`, () => extractMessengerIds(s));
    timed(`normalizeText ${label}`, () => normalizeText(s));
  }
});
