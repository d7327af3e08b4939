import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAppError } from '../core/index.js';
import { normalizeIndicatorValue as norm, type IndicatorKind } from './indicator.js';

function rejects(kind: IndicatorKind, raw: string): void {
  assert.throws(() => norm(kind, raw), (e) => isAppError(e) && e.code === 'INVALID_INDICATOR', `${kind} ${JSON.stringify(raw)} should be refused`);
}

void test('phone: every way a Japanese mobile number is written maps to one E.164 key', () => {
  for (const raw of ['090-1234-5678', '09012345678', '０９０−１２３４−５６７８', '+81 90 1234 5678', '+81 (0)90-1234-5678', '819012345678', '090ー1234ー5678']) {
    assert.equal(norm('phone', raw), '+819012345678', raw);
  }
});

void test('phone: free dial, fixed lines, 0005 common numbers and foreign numbers', () => {
  assert.equal(norm('phone', '0120-123-456'), '+81120123456');
  assert.equal(norm('phone', '03-1234-5678'), '+81312345678');
  // 0005 numbers are carrier-internal and have no E.164 form, so they stay as digits.
  assert.equal(norm('phone', '0005-123456'), '0005123456');
  assert.equal(norm('phone', '00051234'), '00051234');
  assert.equal(norm('phone', '+1 (415) 555-0100'), '+14155550100');
  assert.equal(norm('phone', '010-1-415-555-0100'), '+14155550100');
});

void test('phone: refuses what is not a number', () => {
  for (const raw of ['', 'abc', '0005123', '00051234567', '090123', '12345', '+0123456789', '+1234567890123456']) rejects('phone', raw);
});

void test('url: scheme, port, query, fragment, user info and trailing slash are dropped; host is lower-case punycode', () => {
  assert.equal(norm('url', 'HTTPS://Evil.Example/login/?id=1#x'), 'evil.example/login');
  assert.equal(norm('url', 'evil.example/login'), 'evil.example/login');
  assert.equal(norm('url', 'http://evil.example/'), 'evil.example');
  // The real host of this phishing trick is after the '@'.
  assert.equal(norm('url', 'https://amazon.co.jp@evil.example/Path'), 'evil.example/Path');
  assert.equal(norm('url', 'http://銀行.example/ログイン'), 'xn--jn2ax2s.example/%E3%83%AD%E3%82%B0%E3%82%A4%E3%83%B3');
  // Same key as the verdict engine builds from an extracted link (host + path), whatever the port.
  assert.equal(norm('url', 'http://evil.example:8080/a'), 'evil.example/a');
  assert.equal(norm('url', 'http://[2001:DB8::1]/p'), '2001:db8::1/p');
  assert.equal(norm('url', 'http://evil.example:80/a'), 'evil.example/a');
  assert.equal(norm('url', 'http://0x7f000001/x'), '127.0.0.1/x');
  assert.equal(norm('url', 'http://evil.example./a'), 'evil.example/a');
});

void test('url: refuses other schemes and host-less input', () => {
  for (const raw of ['javascript:alert(1)', 'ftp://evil.example/x', 'mailto://x@y', 'http://', '']) rejects('url', raw);
});

void test('host and domain: lower-case, no trailing dot, punycode', () => {
  assert.equal(norm('host', 'Login.Evil.Example.'), 'login.evil.example');
  assert.equal(norm('domain', '銀行.example'), 'xn--jn2ax2s.example');
  assert.equal(norm('host', 'XN--JN2AX2S.example'), 'xn--jn2ax2s.example');
  assert.equal(norm('host', '192.168.0.1'), '192.168.0.1');
  assert.equal(norm('host', '[2001:DB8::0:1]'), '2001:db8::1');
  assert.equal(norm('host', '2001:db8::1'), '2001:db8::1');
});

void test('host and domain: refuses paths, ports, empty labels and (for domain) IP addresses', () => {
  // domainToASCII would silently cut "evil.example/x" to "evil.example"; the indicator must be refused instead.
  for (const raw of ['evil.example/x', 'evil.example:80', 'a..b', '', 'a b.example', 'user@evil.example']) rejects('host', raw);
  rejects('domain', '192.168.0.1');
  rejects('domain', '2001:db8::1');
});

void test('ip: canonical IPv4 and RFC 5952 IPv6', () => {
  assert.equal(norm('ip', '127.0.0.1'), '127.0.0.1');
  assert.equal(norm('ip', '0x7f.1'), '127.0.0.1');
  assert.equal(norm('ip', '2001:DB8:0:0:0:0:0:1'), '2001:db8::1');
  assert.equal(norm('ip', '[2001:db8::1]'), '2001:db8::1');
  for (const raw of ['evil.example', '256.1.1.1', '', '1.2.3.4/24']) rejects('ip', raw);
});

void test('fingerprint: lower-case <scheme>:<hex>', () => {
  assert.equal(norm('fingerprint', ' TF1:0123456789ABCDEF '), 'tf1:0123456789abcdef');
  for (const raw of ['0123456789abcdef', 'tf1:xyz', 'tf1:', ':0123456789abcdef']) rejects('fingerprint', raw);
});

void test('sender_id: upper-case, at most 11 characters', () => {
  assert.equal(norm('sender_id', ' Amazon '), 'AMAZON');
  assert.equal(norm('sender_id', 'ＳＭＢＣ'), 'SMBC');
  for (const raw of ['', '   ', 'ABCDEFGHIJKL']) rejects('sender_id', raw);
});

void test('unknown kinds are refused, not passed through', () => {
  rejects('email' as IndicatorKind, 'a@b.example');
});
