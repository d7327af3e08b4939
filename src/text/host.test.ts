import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHost } from './index.js';
import { parseIpv4 } from './host.js';

test('registrable domain and subdomain follow the Public Suffix List', () => {
  assert.deepEqual(parseHost('kuronekoyamato.co.jp.abc-xyz.top'), {
    host: 'kuronekoyamato.co.jp.abc-xyz.top',
    registrableDomain: 'abc-xyz.top',
    publicSuffix: 'top',
    subdomain: 'kuronekoyamato.co.jp',
    isIp: false,
    isPunycode: false,
  });
  assert.equal(parseHost('www.example.co.jp')?.registrableDomain, 'example.co.jp');
  assert.equal(parseHost('www.example.co.jp')?.publicSuffix, 'co.jp');
  assert.equal(parseHost('example.com')?.subdomain, '');
});

test('host names are canonicalised: case, trailing dot, Unicode to punycode, full-width', () => {
  assert.equal(parseHost('WWW.Example.COM.')?.host, 'www.example.com');
  assert.equal(parseHost('аррӏе.com')?.host, 'xn--80ak6aa92e.com');
  assert.equal(parseHost('аррӏе.com')?.isPunycode, true);
  assert.equal(parseHost('xn--80ak6aa92e.com')?.isPunycode, true);
  // Not valid punycode (found by the property test): no host, since no browser could open it.
  assert.equal(parseHost('xn--80ak6aa92ehttp.top'), null);
  assert.equal(parseHost('ｅｘａｍｐｌｅ．ｃｏｍ')?.host, 'example.com');
  assert.equal(parseHost('例え.テスト')?.host.startsWith('xn--'), true);
});

test('IP literals: no registrable domain, canonical text form', () => {
  assert.deepEqual(parseHost('192.168.0.1'), {
    host: '192.168.0.1',
    registrableDomain: null,
    publicSuffix: null,
    subdomain: '',
    isIp: true,
    isPunycode: false,
  });
  assert.equal(parseHost('[2001:DB8:0:0::1]')?.host, '2001:db8::1');
  assert.equal(parseHost('2001:db8::1')?.isIp, true);
});

test('IPv4 spellings: decimal, hex, octal and short forms as WHATWG URL reads them', () => {
  assert.equal(parseIpv4('3232235521'), '192.168.0.1');
  assert.equal(parseIpv4('0xc0a80001'), '192.168.0.1');
  assert.equal(parseIpv4('0xC0.0xA8.0.01'), '192.168.0.1');
  assert.equal(parseIpv4('0300.0250.0.1'), '192.168.0.1');
  assert.equal(parseIpv4('127.1'), '127.0.0.1');
  assert.equal(parseIpv4('256.1.1.1'), null);
  assert.equal(parseIpv4('4294967296'), null);
  assert.equal(parseIpv4('1.2.3.4.5'), null);
  assert.equal(parseIpv4('example.com'), null);
});

test('things that are not hosts give null', () => {
  for (const bad of ['', ' ', 'a..b', '-a.com', 'a-.com', 'exa mple.com', 'a/b.com', '[::g]', 'x'.repeat(64) + '.com', '1.2.3.999', '〇〇〇〇/']) {
    assert.equal(parseHost(bad), null, JSON.stringify(bad));
  }
  assert.equal(parseHost(undefined as unknown as string), null);
});

test('a TLD missing from the list still parses; it is extractUrls that refuses it', () => {
  const h = parseHost('myjcb-click.lin');
  assert.equal(h?.host, 'myjcb-click.lin');
  assert.equal(h?.publicSuffix, 'lin');
});

test('the cached result cannot be corrupted by a caller', () => {
  const a = parseHost('cache.example.com');
  if (a) a.host = 'changed';
  assert.equal(parseHost('cache.example.com')?.host, 'cache.example.com');
});
