import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearedCookie, FormFields, parseChange, sessionCookie, sessionIdFrom } from './page-http.js';
import { csrfMatches, csrfOf } from './page-sessions.js';

const ID = 'a'.repeat(43);

void test('the session cookie: attributes, and read back only when given exactly once', () => {
  assert.equal(sessionCookie(ID, true), `mamoru_sms_settings=${ID}; Path=/my/; HttpOnly; Secure; SameSite=Strict`);
  assert.equal(sessionCookie(ID, false), `mamoru_sms_settings=${ID}; Path=/my/; HttpOnly; SameSite=Strict`);
  assert.match(clearedCookie(true), /^mamoru_sms_settings=; Path=\/my\/; Max-Age=0;/);
  assert.equal(sessionIdFrom(`other=1; mamoru_sms_settings=${ID}; x=y`), ID);
  // Two values (one planted by a sibling subdomain, say): neither is trusted.
  assert.equal(sessionIdFrom(`mamoru_sms_settings=${ID}; mamoru_sms_settings=${'b'.repeat(43)}`), null);
  assert.equal(sessionIdFrom('mamoru_sms_settings='), null);
  assert.equal(sessionIdFrom(undefined), null);
  assert.equal(sessionIdFrom('mamoru_sms_settings_x=1'), null);
});

void test('settings forms are read strictly: known fields, each once, known values', () => {
  const form = (s: string) => parseChange(FormFields.parse(s));
  assert.deepEqual(form('csrf=t&setting=network&value=off'), { csrf: 't', setting: 'network', value: 'off' });
  assert.deepEqual(form('value=on&setting=warnings&csrf=t'), { csrf: 't', setting: 'warnings', value: 'on' });
  for (const bad of ['', 'csrf=t&setting=network', 'csrf=t&setting=network&value=off&x=1', 'csrf=t&setting=network&setting=client&value=off',
    'csrf=t&setting=all&value=off', 'csrf=t&setting=network&value=OFF', 'csrf=t&setting=__proto__&value=on']) {
    assert.equal(form(bad), null, bad);
  }
});

void test('the form token belongs to its session and is compared whole', () => {
  const token = csrfOf(ID);
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.equal(csrfMatches(ID, token), true);
  assert.equal(csrfMatches('b'.repeat(43), token), false);
  assert.equal(csrfMatches(ID, token.slice(0, -1)), false);
  assert.equal(csrfMatches(ID, ''), false);
});
