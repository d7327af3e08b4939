// Consent to infected-handset warnings: the HTTP API (default covered, opt out, back in, history, audit, roles,
// invalid numbers), the public notice page, and the registry itself on every available store.
import assert from 'node:assert/strict';
import { describe, test as nodeTest, test } from 'node:test';
import { AuditLog, DEVELOPMENT_PSEUDONYM_KEY, ManualClock, type Storage } from '../src/core/index.js';
import { ConsentRegistry, LineKeys } from '../src/subscribers/index.js';
import { testApp } from './helpers/app.js';
import { storeMatrix, type FixtureFactory } from './storage-fixtures.js';

async function keys(t: Awaited<ReturnType<typeof testApp>>) {
  const m = await t.services.access.addMember('carrier-a', 'carrier');
  const bearer = async (role: 'member' | 'analyst' | 'police' | 'admin') => ({ authorization: `Bearer ${(await t.services.access.createKey(m.id, role)).key}` });
  return { member: await bearer('member'), analyst: await bearer('analyst'), police: await bearer('police'), admin: await bearer('admin') };
}

// The instance is run by carrier-a: consent belongs to its subscribers.
const OWN = { intel: { operatorName: 'carrier-a' } };

test('consent API: covered by default, opt out, back in, history for analysts; every form of a number is one line; all audited', async () => {
  const t = await testApp(OWN);
  try {
    const k = await keys(t);
    const get = (line: string, headers = k.member) => t.app.inject({ method: 'GET', url: `/v1/consent/${encodeURIComponent(line)}`, headers });
    const put = (line: string, payload: Record<string, unknown>, headers = k.member) => t.app.inject({ method: 'PUT', url: `/v1/consent/${encodeURIComponent(line)}`, headers, payload });

    const first = await get('090-1234-5678');
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { lineKey: t.services.lineKeys.of('+819012345678').lineKey, status: 'covered', source: 'terms', changedAt: null, changedBy: null });

    const out = await put('09012345678', { status: 'opted_out' });
    assert.equal(out.statusCode, 200, out.body);
    assert.equal(out.json().status, 'opted_out');
    assert.equal(out.json().source, 'api');
    assert.equal(out.json().changed, true);
    assert.equal((await get('+819012345678')).json().status, 'opted_out', 'takes effect at once, whatever the form of the number');
    assert.equal(await t.services.consent.isOptedOut(first.json().lineKey), true);

    const again = await put('+81 90-1234-5678', { status: 'opted_out' });
    assert.equal(again.json().changed, false, 'setting the same status changes nothing');
    const back = await put('０９０ー１２３４ー５６７８', { status: 'covered', source: 'page' });
    assert.equal(back.statusCode, 200, back.body);
    assert.deepEqual([back.json().status, back.json().source], ['covered', 'page']);
    assert.equal(await t.services.consent.isOptedOut(first.json().lineKey), false);

    const history = await t.app.inject({ method: 'GET', url: '/v1/consent/09012345678/history?purpose=complaint%20T-42', headers: k.analyst });
    assert.equal(history.statusCode, 200, history.body);
    assert.deepEqual(history.json().changes.map((c: { previousStatus: string; status: string; source: string }) => [c.previousStatus, c.status, c.source]), [
      ['covered', 'opted_out', 'api'], ['opted_out', 'covered', 'page'],
    ]);
    assert.match(history.json().changes[0].changedBy, /^carrier-a\//);

    const audit = await t.services.audit.list();
    const target = `line:${first.json().lineKey}`;
    assert.ok(audit.every((e) => !JSON.stringify(e).includes('5678')), 'the audit log holds the pseudonym, never the number');
    const count = (action: string) => audit.filter((e) => e.action === action && e.target === target).length;
    assert.equal(count('consent.read'), 2);
    assert.equal(count('consent.set'), 3);
    assert.equal(count('consent.history.read'), 1);
    assert.ok(audit.some((e) => e.action === 'consent.history.read' && e.purpose === 'complaint T-42'));
  } finally {
    await t.close();
  }
});

test('consent API: invalid numbers are 400 INVALID_LINE; roles are enforced', async () => {
  const t = await testApp(OWN);
  try {
    const k = await keys(t);
    for (const bad of ['12345', '03-1234-5678', '0120-123-456', '+14155552671', '090-1234-567', 'abc']) {
      const r = await t.app.inject({ method: 'GET', url: `/v1/consent/${encodeURIComponent(bad)}`, headers: k.member });
      assert.equal(r.statusCode, 400, bad);
      assert.equal(r.json().code, 'INVALID_LINE');
      assert.ok(!r.body.includes(bad.replace(/\D/g, '')) || bad === 'abc', 'the number is not echoed');
    }
    const badBody = await t.app.inject({ method: 'PUT', url: '/v1/consent/09012345678', headers: k.member, payload: { status: 'maybe' } });
    assert.equal(badBody.json().code, 'VALIDATION_FAILED');
    const importSource = await t.app.inject({ method: 'PUT', url: '/v1/consent/09012345678', headers: k.member, payload: { status: 'opted_out', source: 'import' } });
    assert.equal(importSource.statusCode, 400, 'the API cannot claim to be an import');

    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/consent/09012345678' })).statusCode, 401);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/consent/09012345678', headers: k.police })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/v1/consent/09012345678', headers: k.police, payload: { status: 'opted_out' } })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/consent/09012345678/history', headers: k.member })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/consent/09012345678/history', headers: k.admin })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/consent/09012345678', headers: k.analyst })).statusCode, 200);
    assert.equal((await t.app.inject({ method: 'PUT', url: '/v1/consent/09012345678', headers: k.analyst, payload: { status: 'opted_out' } })).statusCode, 403, 'analysts read, they do not change');
    // A partner operator's member key may neither read nor change this operator's subscribers' consent.
    const partner = await t.services.access.addMember('carrier-b', 'carrier');
    const other = { authorization: `Bearer ${(await t.services.access.createKey(partner.id, 'member')).key}` };
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/consent/09012345678', headers: other })).statusCode, 403);
    const flip = await t.app.inject({ method: 'PUT', url: '/v1/consent/09012345678', headers: other, payload: { status: 'covered' } });
    assert.equal(flip.statusCode, 403);
    assert.equal(flip.json().code, 'FORBIDDEN');
    assert.equal((await t.app.inject({ method: 'PUT', url: '/v1/consent/09012345678', headers: k.admin, payload: { status: 'covered' } })).statusCode, 200);
  } finally {
    await t.close();
  }
});

test('the line pseudonym is the senderKey the SMS verdict events carry, for every form of the number', async () => {
  const t = await testApp();
  try {
    const seen: Array<string | null> = [];
    await t.services.bus.subscribe('sms.verdict.v1', (env) => {
      seen.push(env.payload.senderKey);
    });
    for (const from of ['090-1234-5678', '09012345678', '+819012345678']) t.services.sms.classify({ from, body: 'お荷物のお届けにあがりました https://a.example.com/x' }, 'network');
    for (let i = 0; i < 50 && seen.length < 3; i++) await new Promise((r) => setTimeout(r, 10));
    assert.deepEqual(seen, Array(3).fill(t.services.lineKeys.of('090-1234-5678').lineKey));
  } finally {
    await t.close();
  }
});

test('the public notice page: Japanese, English on request, no scripts, strict CSP, how to opt out', async () => {
  const t = await testApp({ notify: { carrierName: 'mamoruモバイル', supportContact: 'サポートセンター 0120-000-000（9:00〜20:00）' } });
  try {
    const ja = await t.app.inject({ method: 'GET', url: '/notice/infected-handset' });
    assert.equal(ja.statusCode, 200);
    assert.match(String(ja.headers['content-type']), /text\/html; charset=utf-8/);
    assert.match(ja.body, /<html lang="ja">/);
    assert.match(ja.body, /マルウェア感染端末への注意喚起について/);
    assert.match(ja.body, /mamoruモバイルは、ご契約約款に基づき/);
    assert.match(ja.body, /メッセージの内容を人が読むことはありません/);
    assert.match(ja.body, /初期化/);
    assert.match(ja.body, /オプトアウト/);
    assert.match(ja.body, /いつでも変更でき/);
    assert.match(ja.body, /ご契約条件が変わることはありません/);
    assert.match(ja.body, /0120-000-000（9:00〜20:00）/);
    assert.ok(!/<script/i.test(ja.body), 'no scripts');
    const csp = String(ja.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.ok(!csp.includes('script-src'), 'scripts are not allowed by any directive');
    assert.equal(ja.headers['x-content-type-options'], 'nosniff');
    const en = await t.app.inject({ method: 'GET', url: '/notice/infected-handset?lang=en' });
    assert.match(en.body, /<html lang="en">/);
    assert.match(en.body, /Warnings to owners of infected handsets/);
    assert.match(en.body, /opt out/);
    assert.match(en.body, /href="\/notice\/infected-handset\?lang=ja"/);
  } finally {
    await t.close();
  }
});

function registrySuite(name: string, factory: FixtureFactory): void {
  void describe(`consent registry: ${name}`, () => {
    void nodeTest('history is append-only, the change and its audit entry are one write, and another process sees a change within cacheMs', async () => {
      const fx = await factory();
      try {
        const s: Storage = await fx.open();
        const clock = new ManualClock(1_767_225_600_000);
        const lineKeys = new LineKeys(DEVELOPMENT_PSEUDONYM_KEY);
        const here = new ConsentRegistry({ db: s.db, clock, lineKeys });
        const other = new ConsentRegistry({ db: (fx.shared ? await fx.open() : s).db, clock, lineKeys, cacheMs: 1000 });
        const { lineKey } = lineKeys.of('080-1111-2222');
        assert.equal(await other.isOptedOut(lineKey), false);
        await here.set('08011112222', 'opted_out', 'user:a', 'api');
        assert.equal(await here.isOptedOut(lineKey), true, 'at once in the process that made the change');
        clock.advance(1001);
        assert.equal(await other.isOptedOut(lineKey), true, 'within cacheMs in another process');
        assert.equal(await other.statusFromStore(lineKey), 'opted_out', 'and at once from the store, which the notifier asks before contact');
        clock.advance(1000);
        await here.set('08011112222', 'covered', 'user:b', 'page');
        clock.advance(1000);
        assert.equal(await here.applyImported(lineKey, 'covered', 'cli'), false, 'an import never opts a line back in');
        assert.equal(await here.applyImported(lineKey, 'opted_out', 'cli'), true);
        assert.deepEqual((await here.history(lineKey)).map((c) => [c.status, c.source, c.changedBy]), [
          ['opted_out', 'api', 'user:a'], ['covered', 'page', 'user:b'], ['opted_out', 'import', 'cli'],
        ]);
        const audit = await new AuditLog(s.db, clock).list();
        assert.equal(audit.filter((e) => e.action === 'consent.set').length, 3);
        assert.equal(await here.status(lineKeys.of('080-3333-4444').lineKey), 'covered', 'no row: covered by the terms');
      } finally {
        await fx.dispose();
      }
    });
  });
}

for (const { name, factory, skip } of storeMatrix()) {
  if (factory) registrySuite(name, factory);
  else if (skip) void describe(`consent registry: ${name}`, () => void nodeTest(skip, { skip }, () => undefined));
}
