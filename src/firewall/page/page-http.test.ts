import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clearedCookies, FormFields, oldCookieCleared, parseChange, readSessionCookie, sessionCookie } from './page-http.js';
import { csrfMatches, csrfOf } from './page-sessions.js';

const ID = 'a'.repeat(43);

void test('the session cookie: only on the page\'s own paths; cleared there and at its former path', () => {
  // Path=/my/sms-settings, not /my/: a carrier's portal under /my/ on the same site never receives it. The path
  // covers /my/sms-settings/enter (where it is set) and /my/sms-settings/end.
  assert.equal(sessionCookie(ID, true), `mamoru_sms_settings=${ID}; Path=/my/sms-settings; HttpOnly; Secure; SameSite=Strict`);
  assert.equal(sessionCookie(ID, false), `mamoru_sms_settings=${ID}; Path=/my/sms-settings; HttpOnly; SameSite=Strict`);
  assert.deepEqual(clearedCookies(true), [
    'mamoru_sms_settings=; Path=/my/sms-settings; Max-Age=0; HttpOnly; Secure; SameSite=Strict',
    'mamoru_sms_settings=; Path=/my/; Max-Age=0; HttpOnly; Secure; SameSite=Strict',
  ]);
  assert.equal(oldCookieCleared(false), 'mamoru_sms_settings=; Path=/my/; Max-Age=0; HttpOnly; SameSite=Strict');
});

void test('the session cookie is read as none, one, or several copies (none of which is trusted)', () => {
  assert.deepEqual(readSessionCookie(`other=1; mamoru_sms_settings=${ID}; x=y`), { kind: 'one', id: ID });
  // Two values (a stale copy at the former path, or one planted by a sibling subdomain): the caller clears them.
  assert.deepEqual(readSessionCookie(`mamoru_sms_settings=${ID}; mamoru_sms_settings=${'b'.repeat(43)}`), { kind: 'many', ids: [ID, 'b'.repeat(43)] });
  assert.deepEqual(readSessionCookie('mamoru_sms_settings='), { kind: 'one', id: '' }, 'present but empty: cleared as a session that is over');
  assert.deepEqual(readSessionCookie(undefined), { kind: 'none' });
  assert.deepEqual(readSessionCookie(''), { kind: 'none' });
  assert.deepEqual(readSessionCookie('mamoru_sms_settings_x=1'), { kind: 'none' });
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
