// The public report form: Japanese first, English on request, no scripts allowed, a reference on success, clear
// errors on bad input, and a limit per client.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { testApp } from './helpers/app.js';

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const headers = { 'content-type': 'application/x-www-form-urlencoded' };

test('the form files a report and answers with its reference; errors are explained in the page', async () => {
  const t = await testApp();
  try {
    const get = await t.app.inject({ method: 'GET', url: '/report' });
    assert.equal(get.statusCode, 200);
    assert.match(get.body, /<html lang="ja">/);
    assert.match(get.body, /<label for="body">SMSの本文<\/label>/);
    assert.match(String(get.headers['content-security-policy']), /default-src 'none'/);
    assert.match((await t.app.inject({ method: 'GET', url: '/report?lang=en' })).body, /Report a scam SMS/);

    const ok = await t.app.inject({ method: 'POST', url: '/report', headers, payload: form({ body: '不在のため持ち帰りました https://yamato-x.top/a', sender: '090-1234-5678', when: '2026-11-20T10:15' }) });
    assert.equal(ok.statusCode, 200, ok.body);
    const ref = /class="ref">(R-[^<]+)</.exec(ok.body)?.[1];
    assert.ok(ref, ok.body);
    const stored = await t.services.storage.db.selectFrom('reports').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.reference, ref);
    assert.equal(stored[0]!.channel, 'web');
    assert.equal(Number(stored[0]!.received_at), Date.parse('2026-11-20T10:15:00+09:00'));

    const empty = await t.app.inject({ method: 'POST', url: '/report', headers, payload: form({ body: '  ' }) });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /本文を入力してください/);
    const badSender = await t.app.inject({ method: 'POST', url: '/report?lang=en', headers, payload: form({ body: 'x', sender: '%%%' }) });
    assert.equal(badSender.statusCode, 400);
    assert.match(badSender.body, /The sender is not a valid number/);
    const xss = await t.app.inject({ method: 'POST', url: '/report', headers, payload: form({ body: ' ', sender: '<script>alert(1)</script>' }) });
    assert.ok(!xss.body.includes('<script>alert'), 'values are escaped');
    let limited = false;
    for (let i = 0; i < 12 && !limited; i++) {
      limited = (await t.app.inject({ method: 'POST', url: '/report', headers, payload: form({ body: `テスト${i}` }) })).statusCode === 429;
    }
    assert.ok(limited, 'one client is limited');
  } finally {
    await t.close();
  }
});
