// The subscriber's settings page: the member portal's hand-off (who may ask, what it accepts), the one-time link
// (single use, expiry on the injected clock), the session cookie and its expiry, the form token, strict forms, a
// change through the page reaching the API and the firewall's decision at once, the audit trail — and no phone
// number anywhere in the pages, the audit log or the request log. The store-level behaviour (a link raced by two
// processes, sessions shared by processes, the purge) runs on every available store.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pino } from 'pino';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { AppError, AuditLog, loadConfig, ManualClock, silentLogger, type ConfigOverrides, type Logger } from '../src/core/index.js';
import { PageSessionStore } from '../src/firewall/index.js';
import { buildApp, compose, type Services } from '../src/server/index.js';
import { storeMatrix } from './storage-fixtures.js';

// From data/holdout/independent.jsonl: a parcel lure with a link, blocked at the network (test/firewall-service.test.ts).
const BLOCK = 'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。http://yamato-qv3k.top';
const LINE = '090-3333-4444';
const DIGITS = ['09033334444', '9033334444', '3333-4444', '33334444'];
const T0 = Date.UTC(2025, 5, 1, 3, 0, 0);
const MIN = 60_000;

interface Rig {
  app: FastifyInstance; services: Services; clock: ManualClock;
  keys: Record<'member' | 'analyst' | 'admin' | 'partner' | 'police', { authorization: string }>;
  lineKey: string;
  link(line?: string, body?: object): Promise<LightMyRequestResponse>;
  /** Asks for a link and enters it; the session's cookie header. */
  enter(lang?: 'ja' | 'en'): Promise<{ cookie: string }>;
  page(cookie: string, lang?: 'ja' | 'en'): Promise<LightMyRequestResponse>;
  post(cookie: string, form: string, url?: string): Promise<LightMyRequestResponse>;
  csrfOf(html: string): string;
  close(): Promise<void>;
}

/** The response's Set-Cookie headers, in order. */
const setCookies = (res: LightMyRequestResponse): string[] => {
  const h = res.headers['set-cookie'];
  return h === undefined ? [] : Array.isArray(h) ? h : [String(h)];
};

async function rig(overrides: ConfigOverrides = {}, logger: Logger = silentLogger): Promise<Rig> {
  const clock = new ManualClock(T0);
  const config = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, intel: { operatorName: 'carrier-a' }, notify: { carrierName: 'まもるモバイル' }, ...overrides } });
  const services = await compose(config, logger, { clock, memory: true, defaultMetrics: false });
  const app = await buildApp(config, services, logger);
  await app.ready();
  const own = await services.access.addMember('carrier-a', 'carrier');
  const partner = await services.access.addMember('carrier-b', 'carrier');
  const bearer = async (memberId: string, role: 'member' | 'analyst' | 'police' | 'admin') => ({ authorization: `Bearer ${(await services.access.createKey(memberId, role)).key}` });
  const keys = {
    member: await bearer(own.id, 'member'), analyst: await bearer(own.id, 'analyst'), admin: await bearer(own.id, 'admin'),
    police: await bearer(own.id, 'police'), partner: await bearer(partner.id, 'member'),
  };
  const r: Rig = {
    app, services, clock, keys, lineKey: services.lineKeys.of(LINE).lineKey,
    link: (line = LINE, body) => app.inject({ method: 'POST', url: `/v1/filter/${encodeURIComponent(line)}/page-link`, headers: keys.member, ...(body ? { payload: body } : {}) }),
    async enter(lang = 'ja') {
      const res = await r.link(LINE, { lang });
      assert.equal(res.statusCode, 201, res.body);
      const entered = await app.inject({ method: 'GET', url: res.json<{ url: string }>().url });
      assert.equal(entered.statusCode, 303, entered.body);
      return { cookie: setCookies(entered)[0]!.split(';')[0]! };
    },
    page: (cookie, lang = 'ja') => app.inject({ method: 'GET', url: `/my/sms-settings${lang === 'en' ? '?lang=en' : ''}`, headers: { cookie } }),
    post: (cookie, form, url = '/my/sms-settings') => app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: form }),
    csrfOf(html) {
      const m = /name="csrf" value="([A-Za-z0-9_-]+)"/.exec(html);
      assert.ok(m, 'the page holds a form token');
      return m[1]!;
    },
    async close() {
      await app.close();
      await services.close();
    },
  };
  return r;
}

test('hand-off: this operator\'s member keys and admins get a one-time link; analysts, police, partners and the public do not; no return address', async () => {
  const r = await rig();
  try {
    const ask = (headers: { authorization: string } | undefined, payload?: unknown, line = LINE) =>
      r.app.inject({ method: 'POST', url: `/v1/filter/${encodeURIComponent(line)}/page-link`, ...(headers ? { headers } : {}), ...(payload === undefined ? {} : { payload: payload as object }) });
    assert.equal((await ask(undefined)).statusCode, 401);
    for (const who of ['analyst', 'police', 'partner'] as const) {
      const res = await ask(r.keys[who]);
      assert.deepEqual([res.statusCode, res.json().code], [403, 'FORBIDDEN'], who);
    }
    const ok = await ask(r.keys.member);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.headers['cache-control'], 'no-store');
    const body = ok.json<{ url: string; expiresAt: number }>();
    assert.match(body.url, /^\/my\/sms-settings\/enter\?t=[A-Za-z0-9_-]{43}$/, 'a path on this server with a 32-byte token');
    assert.equal(body.expiresAt, T0 + 2 * MIN, 'valid for the default 2 minutes (the portal redirects at once)');
    assert.equal((await ask(r.keys.admin, { lang: 'en' })).json<{ url: string }>().url.endsWith('&lang=en'), true, 'admins too; English on request');
    const stored = await r.services.storage.db.selectFrom('page_links').selectAll().execute();
    assert.equal(stored.length, 2);
    assert.ok(stored.every((l) => l.line_key === r.lineKey && /^[0-9a-f]{64}$/.test(l.token_hash)), 'bound to the pseudonym; only the hash kept');
    assert.ok(!stored.some((l) => body.url.includes(l.token_hash)));
    for (const bad of [{ returnUrl: 'https://evil.example/' }, { lang: 'fr' }, { lang: 'ja', next: '/x' }]) {
      const res = await ask(r.keys.member, bad);
      assert.deepEqual([res.statusCode, res.json().code], [400, 'VALIDATION_FAILED'], JSON.stringify(bad));
    }
    const badLine = await ask(r.keys.member, undefined, '03-1234-5678');
    assert.deepEqual([badLine.statusCode, badLine.json().code], [400, 'INVALID_LINE']);
    assert.equal((await r.services.storage.db.selectFrom('page_links').selectAll().execute()).length, 2, 'refused requests stored nothing');
  } finally {
    await r.close();
  }
  const off = await rig({ firewall: { page: { enabled: false, linkTtlSeconds: 600, sessionIdleSeconds: 1800, sessionMaxSeconds: 7200, secureCookie: true } } });
  try {
    const res = await off.link();
    assert.deepEqual([res.statusCode, res.json().code], [403, 'FORBIDDEN'], 'disabled by configuration');
    assert.equal((await off.app.inject({ method: 'GET', url: '/my/sms-settings' })).statusCode, 404, 'and the page is not served');
  } finally {
    await off.close();
  }
});

test('a link works once, within its time; the session cookie is HttpOnly, Secure, SameSite=Strict on /my/sms-settings; the token leaves the address bar', async () => {
  const r = await rig();
  try {
    const url = (await r.link()).json<{ url: string }>().url;
    // A link checker's HEAD does not use the link up.
    assert.notEqual((await r.app.inject({ method: 'HEAD', url })).statusCode, 303);
    const first = await r.app.inject({ method: 'GET', url });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/my/sms-settings');
    assert.equal(first.headers['referrer-policy'], 'no-referrer');
    const [cookie, old, ...more] = setCookies(first);
    // Set on /my/sms-settings/enter for /my/sms-settings: the path covers where it is set, the page and /end, and
    // nothing else under /my/ (where a carrier's portal may live on the same site).
    assert.match(cookie!, /^mamoru_sms_settings=[A-Za-z0-9_-]{43}; Path=\/my\/sms-settings; HttpOnly; Secure; SameSite=Strict$/);
    assert.match(old!, /^mamoru_sms_settings=; Path=\/my\/; Max-Age=0;/, 'a copy at the former path is removed, or it would be sent beside the new one');
    assert.deepEqual(more, []);
    const page = await r.page(cookie!.split(';')[0]!);
    assert.equal(page.statusCode, 200, page.body);

    const again = await r.app.inject({ method: 'GET', url });
    assert.equal(again.statusCode, 410, 'a used link is gone');
    assert.match(again.body, /有効期限が切れているか、すでに使われています/);
    assert.match(again.body, /もう一度「迷惑SMS対策の設定」を開いてください/);
    assert.equal(again.headers['set-cookie'], undefined, 'a refused link leaves the browser\'s session alone');
    assert.equal(again.headers['cache-control'], 'no-store');

    const unknown = await r.app.inject({ method: 'GET', url: `/my/sms-settings/enter?t=${'A'.repeat(43)}&lang=en` });
    assert.equal(unknown.statusCode, 401);
    assert.match(unknown.body, /<html lang="en">/);
    assert.match(unknown.body, /This link is not valid/);
    for (const t of ['', 'short', `${'A'.repeat(43)}x`, '%00']) {
      assert.equal((await r.app.inject({ method: 'GET', url: `/my/sms-settings/enter?t=${t}` })).statusCode, 401, t);
    }
    assert.equal((await r.app.inject({ method: 'GET', url: '/my/sms-settings/enter' })).statusCode, 401);

    const late = (await r.link()).json<{ url: string }>().url;
    r.clock.advance(2 * MIN);
    const expired = await r.app.inject({ method: 'GET', url: late });
    assert.equal(expired.statusCode, 410, 'at its expiry time a link no longer works');

    const ttl = await rig({ firewall: { page: { enabled: true, linkTtlSeconds: 60, sessionIdleSeconds: 1800, sessionMaxSeconds: 7200, secureCookie: false } } });
    try {
      const res = await ttl.link();
      assert.equal(res.json<{ expiresAt: number }>().expiresAt, T0 + MIN, 'linkTtlSeconds is honoured');
      const entered = await ttl.app.inject({ method: 'GET', url: res.json<{ url: string }>().url });
      assert.doesNotMatch(String(entered.headers['set-cookie']), /Secure/, 'plain-http development: no Secure flag');
    } finally {
      await ttl.close();
    }
  } finally {
    await r.close();
  }
});

test('sessions end after 30 idle minutes, and after 2 hours however active; "finish" ends one at once', async () => {
  const r = await rig();
  try {
    const { cookie } = await r.enter();
    r.clock.advance(29 * MIN);
    assert.equal((await r.page(cookie)).statusCode, 200, 'each request moves the idle expiry');
    r.clock.advance(29 * MIN);
    assert.equal((await r.page(cookie)).statusCode, 200);
    r.clock.advance(30 * MIN);
    const idle = await r.page(cookie);
    assert.equal(idle.statusCode, 401);
    assert.match(idle.body, /一定時間操作がなかったため/);
    assert.equal(await r.services.storage.db.selectFrom('page_sessions').selectAll().executeTakeFirst(), undefined, 'the expired row is gone');

    const busy = await r.enter();
    for (let i = 0; i < 4; i++) {
      r.clock.advance(29 * MIN);
      assert.equal((await r.page(busy.cookie)).statusCode, 200);
    }
    r.clock.advance(5 * MIN);
    assert.equal((await r.page(busy.cookie)).statusCode, 401, 'no session lives past sessionMaxSeconds');

    const done = await r.enter('en');
    const page = await r.page(done.cookie, 'en');
    const finish = await r.post(done.cookie, `csrf=${r.csrfOf(page.body)}`, '/my/sms-settings/end?lang=en');
    assert.equal(finish.statusCode, 200, finish.body);
    assert.match(finish.body, /To change your settings again/);
    assert.match(String(finish.headers['set-cookie']), /Max-Age=0/);
    assert.equal((await r.page(done.cookie)).statusCode, 401, 'the session is over');
    const stale = await r.page('mamoru_sms_settings=not-a-session');
    assert.equal(stale.statusCode, 401);
    assert.deepEqual(setCookies(stale).map((c) => c.split('; Max-Age=0')[0]), ['mamoru_sms_settings=; Path=/my/sms-settings', 'mamoru_sms_settings=; Path=/my/'],
      'a cookie of a session that is over is removed, at its path and its former one');
    assert.equal((await r.post('mamoru_sms_settings=', 'csrf=x', '/my/sms-settings/end')).statusCode, 401);
    assert.equal((await r.page('')).statusCode, 200, 'no cookie at all: the one step of our own first (below)');
    assert.equal((await r.app.inject({ method: 'GET', url: '/my/sms-settings?via=self' })).statusCode, 401);

    // Arriving without the cookie through a redirect from another site (the browser withholds SameSite=Strict
    // cookies there): one page of our own that moves on, marked so that it cannot loop. With Sec-Fetch-Site, and
    // without it (Safari before 16.4 does not send it, and withholds the cookie all the same).
    for (const headers of [{ 'sec-fetch-site': 'cross-site' }, {}]) {
      const bounce = await r.app.inject({ method: 'GET', url: '/my/sms-settings?lang=en', headers });
      assert.equal(bounce.statusCode, 200, JSON.stringify(headers));
      assert.match(bounce.body, /<meta http-equiv="refresh" content="0; url=\/my\/sms-settings\?lang=en&amp;via=self">/);
      assert.ok(!/<script/i.test(bounce.body));
      assert.deepEqual(setCookies(bounce), [], 'nothing to remove');
      const looped = await r.app.inject({ method: 'GET', url: '/my/sms-settings?lang=en&via=self', headers });
      assert.equal(looped.statusCode, 401, 'the marked second request without a cookie gets the "open it again" page');
      assert.match(looped.body, /Please open "Scam SMS protection settings" again/);
    }
    // A live session reached directly (with its cookie) never sees the step.
    const live = await r.enter();
    assert.match((await r.app.inject({ method: 'GET', url: '/my/sms-settings', headers: { cookie: live.cookie } })).body, /name="csrf"/);
  } finally {
    await r.close();
  }
});

test('the cookie sent twice (a stale copy, or one planted by a sibling subdomain): removed and explained, nothing changed; a new link works', async () => {
  const r = await rig();
  try {
    const { cookie } = await r.enter();
    const csrf = r.csrfOf((await r.page(cookie)).body);
    const planted = `mamoru_sms_settings=${'P'.repeat(43)}`;
    for (const [why, res] of [
      ['GET', await r.page(`${cookie}; ${planted}`)],
      ['GET, planted first', await r.page(`${planted}; ${cookie}`, 'en')],
      ['POST', await r.post(`${cookie}; ${planted}`, `csrf=${csrf}&setting=network&value=off`)],
      ['finish', await r.post(`${planted}; ${cookie}`, `csrf=${csrf}`, '/my/sms-settings/end')],
    ] as const) {
      assert.equal(res.statusCode, 401, why);
      // Neither copy is trusted (the planted one may be a live session of someone else's line), and leaving them would
      // lock the subscriber out: both are removed, at the cookie's path and its former one.
      assert.deepEqual(setCookies(res).map((c) => c.split('; Max-Age=0')[0]), ['mamoru_sms_settings=; Path=/my/sms-settings', 'mamoru_sms_settings=; Path=/my/'], why);
      assert.match(res.body, /Cookieが二つ送られてきました|sent this page's cookie twice/, why);
      assert.match(res.body, /もう一度「迷惑SMS対策の設定」を開いてください|Please open "Scam SMS protection settings" again/, why);
      assert.match(res.body, /Cookie（サイトデータ）を削除してから|delete this site's cookies/, why);
    }
    assert.equal((await r.services.firewall.settings.fromStore(r.lineKey)).source, 'default', 'the POST changed nothing');
    // The portal's next link: entering ends every session the browser sent, and the one cookie left works.
    const again = await r.link();
    const entered = await r.app.inject({ method: 'GET', url: again.json<{ url: string }>().url, headers: { cookie: `${cookie}; ${planted}` } });
    assert.equal(entered.statusCode, 303);
    assert.equal((await r.page(cookie)).statusCode, 401, 'the earlier session was ended');
    assert.equal((await r.page(setCookies(entered)[0]!.split(';')[0]!)).statusCode, 200);
  } finally {
    await r.close();
  }
});

test('login CSRF: the page says whose line it is for and what to do if it was opened from a message', async () => {
  // Anyone can ask their own portal for a link to their own line and send it to someone else, whose browser then opens
  // the sender's line. The page cannot show the number (it does not know it): it names where it must have been opened
  // from, and links live for 2 minutes by default.
  const r = await rig();
  try {
    const { cookie } = await r.enter();
    const ja = (await r.page(cookie)).body;
    assert.match(ja, /まもるモバイルの公式サイト・公式アプリにログインして開いた回線の、迷惑SMS対策の設定です。/);
    assert.match(ja, /data-testid="not-yours">ご自身で公式サイト・公式アプリから開いたのではない場合（メール・SMS・SNSなどのリンクから開いた場合）は、ほかの方の回線の設定かもしれません。何も変更せずに「設定を終了する」を押してください。/);
    assert.match((await r.page(cookie, 'en')).body, /these may be someone else's settings: change nothing and press "Finish"/);
  } finally {
    await r.close();
  }
});

test('errors: an AppError keeps its status (a 409 from the consent registry is a 409 page, logged at info); only failures are 500s', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
  const r = await rig({ log: { level: 'info' } }, logger);
  try {
    const { cookie } = await r.enter('en');
    const csrf = r.csrfOf((await r.page(cookie, 'en')).body);
    const consent = r.services.consent;
    const setByKey = consent.setByKey.bind(consent);
    try {
      // Another request changed the line's consent at the same moment: the registry says so with CONFLICT (409).
      consent.setByKey = () => Promise.reject(new AppError('CONFLICT', 'changed concurrently'));
      const conflict = await r.post(cookie, `csrf=${csrf}&setting=warnings&value=off`, '/my/sms-settings?lang=en');
      assert.equal(conflict.statusCode, 409, conflict.body);
      assert.match(String(conflict.headers['content-type']), /text\/html/);
      assert.match(conflict.body, /This request could not be accepted. Nothing was changed. Please reload the page and check your current settings./);
      assert.doesNotMatch(conflict.body, /ID:/, 'not a failure: no request id to report');
      assert.deepEqual(lines.filter((l) => /"level":(50|60)/.test(l)), [], 'nothing logged as an error');
      assert.ok(lines.some((l) => /"level":30.*"status":409.*"code":"CONFLICT".*settings page refused a request/.test(l)), 'logged at info with its status and code');

      consent.setByKey = () => Promise.reject(new Error('the disk is on fire'));
      const failed = await r.post(cookie, `csrf=${csrf}&setting=warnings&value=off`, '/my/sms-settings?lang=en');
      assert.equal(failed.statusCode, 500);
      assert.match(failed.body, /Your settings could not be processed just now/);
      assert.match(failed.body, /ID: /, 'a failure carries the request id');
      assert.ok(lines.some((l) => /"level":50.*settings page failed/.test(l)), 'logged at error');

      consent.setByKey = () => Promise.reject(new AppError('STORAGE_FAILED', 'store unavailable'));
      assert.equal((await r.post(cookie, `csrf=${csrf}&setting=warnings&value=off`)).statusCode, 503, 'a 5xx AppError keeps its status');
    } finally {
      consent.setByKey = setByKey;
    }
    assert.equal((await r.services.consent.state(r.lineKey)).status, 'covered', 'nothing was changed');
  } finally {
    await r.close();
  }
});

test('the page shows the three settings in plain words, without the number, with a strict CSP and nothing cached', async () => {
  const r = await rig();
  try {
    const { cookie } = await r.enter();
    const ja = await r.page(cookie);
    assert.equal(ja.statusCode, 200);
    assert.match(String(ja.headers['content-type']), /text\/html; charset=utf-8/);
    const csp = String(ja.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /form-action 'self'/);
    assert.ok(!csp.includes('script-src'));
    assert.equal(ja.headers['cache-control'], 'no-store');
    assert.equal(ja.headers['referrer-policy'], 'no-referrer');
    assert.ok(!/<script/i.test(ja.body));
    assert.match(ja.body, /<html lang="ja">/);
    assert.match(ja.body, /迷惑SMSブロック<\/h2><p class="state">現在の設定：<strong>オン<\/strong>（初期設定）/);
    assert.match(ja.body, /オフにすると、こうしたSMSもそのまま端末に届きます/);
    assert.match(ja.body, /迷惑SMSの隔離・警告（アプリ）<\/h2><p class="state">現在の設定：<strong>オフ<\/strong>（初期設定）/);
    assert.match(ja.body, /30日後に削除されます/);
    assert.match(ja.body, /マルウェア感染端末への注意喚起<\/h2><p class="state">現在の設定：<strong>受け取る<\/strong>/);
    assert.match(ja.body, /料金やその他のご契約条件は変わりません/);
    assert.match(ja.body, /まもるモバイル/);
    const en = await r.page(cookie, 'en');
    assert.match(en.body, /<html lang="en">/);
    assert.match(en.body, /Scam SMS blocking<\/h2><p class="state">Current setting: <strong>On<\/strong> \(default\)/);
    assert.match(en.body, /action="\/my\/sms-settings\?lang=en"/);
    for (const body of [ja.body, en.body]) for (const d of DIGITS) assert.ok(!body.includes(d), `no ${d} in the page`);
  } finally {
    await r.close();
  }
});

test('opting out on the page: the API and the firewall see it at once; consent and the client layer too; all audited, with the key that issued the link, without the number', async () => {
  const r = await rig();
  try {
    const decide = async () => (await r.services.firewall.decide({ direction: 'deliver_sm', peer: 'smsc-a', from: '+819011112222', to: '09033334444', text: BLOCK, receivedAt: r.clock.now() })).action;
    assert.equal(await decide(), 'reject', 'defaults: blocked at the network');

    const { cookie } = await r.enter();
    const csrf = r.csrfOf((await r.page(cookie)).body);
    const off = await r.post(cookie, `csrf=${csrf}&setting=network&value=off`);
    assert.equal(off.statusCode, 303, off.body);
    assert.equal(off.headers.location, '/my/sms-settings');
    assert.equal(await decide(), 'forward', 'opted out: the next message is not blocked');
    const api = await r.app.inject({ method: 'GET', url: `/v1/filter/${LINE}`, headers: r.keys.member });
    assert.deepEqual([api.json().network, api.json().client, api.json().changedBy], [false, false, 'subscriber:page']);

    const shown = await r.page(cookie);
    assert.match(shown.body, /迷惑SMSブロックをオフにしました。これから届くSMSに、すぐに反映されます。/);
    assert.match(shown.body, /迷惑SMSブロック<\/h2><p class="state">現在の設定：<strong>オフ<\/strong>/);
    assert.match(shown.body, /迷惑SMSブロックをオンにする/);
    assert.doesNotMatch((await r.page(cookie)).body, /オフにしました/, 'the confirmation is shown once');

    r.clock.advance(1_000);
    assert.equal((await r.post(cookie, `csrf=${csrf}&setting=warnings&value=off`)).statusCode, 303);
    const consent = await r.app.inject({ method: 'GET', url: `/v1/consent/${LINE}`, headers: r.keys.member });
    assert.deepEqual([consent.json().status, consent.json().source, consent.json().changedBy], ['opted_out', 'page', 'subscriber:page']);
    assert.equal(await r.services.consent.isOptedOut(r.lineKey), true);
    assert.match((await r.page(cookie)).body, /注意喚起を「受け取らない」にしました/);

    r.clock.advance(1_000);
    assert.equal((await r.post(cookie, `setting=client&value=on&csrf=${csrf}`)).statusCode, 303, 'field order does not matter');
    assert.deepEqual(await r.services.firewall.settings.fromStore(r.lineKey).then((s) => [s.network, s.client]), [false, true]);
    r.clock.advance(1_000);
    assert.equal((await r.post(cookie, `csrf=${csrf}&setting=network&value=on`)).statusCode, 303);
    assert.equal(await decide(), 'reject', 'back on: blocked again');

    const audit = await r.services.audit.list({ limit: 1000 });
    const of = (action: string) => audit.filter((e) => e.action === action && e.target === `line:${r.lineKey}`);
    assert.equal(of('page.link.issue').length, 1);
    assert.match(of('page.link.issue')[0]!.actor, /^carrier-a\//, 'the portal key that asked for the link');
    assert.equal(of('page.session.start').length, 1);
    // A portal key can open the page for any of its lines: every change says which key handed the subscriber over,
    // so changes made through a misused key do not read as the subscriber's own.
    const issuer = of('page.link.issue')[0]!.actor;
    assert.deepEqual(of('filter.set').filter((e) => e.actor === 'subscriber:page').map((e) => e.details).reverse(), [
      { issuedBy: issuer, before: { network: true, client: false }, after: { network: false, client: false }, changed: true },
      { issuedBy: issuer, before: { network: false, client: false }, after: { network: false, client: true }, changed: true },
      { issuedBy: issuer, before: { network: false, client: true }, after: { network: true, client: true }, changed: true },
    ]);
    assert.deepEqual(of('consent.set').map((e) => [e.actor, e.details]), [
      ['subscriber:page', { issuedBy: issuer, status: 'opted_out', previous: 'covered', source: 'page', changed: true }],
    ]);
    // Each view of the page is a read of the line's settings, audited like GET /v1/filter/{line}: four views here.
    assert.deepEqual(of('page.view').map((e) => [e.actor, e.details]), Array(4).fill(['subscriber:page', { issuedBy: issuer }]));
    const text = JSON.stringify(audit);
    for (const d of DIGITS) assert.ok(!text.includes(d), `no ${d} in the audit log`);
  } finally {
    await r.close();
  }
});

test('forms are refused without the session\'s token, or when they are not exactly a settings form; nothing changes', async () => {
  const r = await rig();
  try {
    const { cookie } = await r.enter();
    const csrf = r.csrfOf((await r.page(cookie)).body);
    const other = await r.enter();
    const otherCsrf = r.csrfOf((await r.page(other.cookie)).body);
    assert.notEqual(csrf, otherCsrf, 'each session has its own token');

    for (const [why, form] of [
      ['no token', 'setting=network&value=off'],
      ['a wrong token', `csrf=${'x'.repeat(csrf.length)}&setting=network&value=off`],
      ['another session\'s token', `csrf=${otherCsrf}&setting=network&value=off`],
      ['a token given twice', `csrf=${csrf}&csrf=${csrf}&setting=network&value=off`],
    ] as const) {
      const res = await r.post(cookie, form);
      assert.equal(res.statusCode, 403, why);
      assert.match(res.body, /この操作は受け付けられませんでした。設定は変更されていません。/, why);
    }
    for (const [why, form] of [
      ['unknown field', `csrf=${csrf}&setting=network&value=off&next=/x`],
      ['unknown setting', `csrf=${csrf}&setting=everything&value=off`],
      ['bad value', `csrf=${csrf}&setting=network&value=false`],
      ['missing value', `csrf=${csrf}&setting=network`],
      ['a setting given twice', `csrf=${csrf}&setting=network&setting=client&value=off`],
    ] as const) {
      const res = await r.post(cookie, form);
      assert.equal(res.statusCode, 400, why);
      assert.match(res.body, /送信された内容が正しくないため、受け付けられませんでした。設定は変更されていません。/, why);
      assert.match(res.body, /name="csrf"/, 'the page is shown again with its forms');
    }
    const json = await r.app.inject({ method: 'POST', url: '/my/sms-settings', headers: { cookie }, payload: { csrf, setting: 'network', value: 'off' } });
    assert.equal(json.statusCode, 415, 'only the form encoding');
    assert.match(String(json.headers['content-type']), /text\/html/);
    const large = await r.post(cookie, `csrf=${csrf}&setting=network&value=off&pad=${'x'.repeat(5000)}`);
    assert.equal(large.statusCode, 413);
    assert.match(large.body, /大きすぎます/);
    const noSession = await r.post('', `csrf=${csrf}&setting=network&value=off`);
    assert.equal(noSession.statusCode, 401);
    assert.equal((await r.post(cookie, 'setting=network', '/my/sms-settings/end')).statusCode, 403, 'finishing needs the token too');

    const s = await r.services.firewall.settings.fromStore(r.lineKey);
    assert.equal(s.source, 'default', 'no refused request changed anything');
    assert.equal((await r.services.consent.state(r.lineKey)).source, 'terms');
    assert.equal((await r.page(cookie)).statusCode, 200, 'and the session goes on');
  } finally {
    await r.close();
  }
});

test('the request log holds neither the link\'s token nor the line\'s number', async () => {
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(s) });
  const r = await rig({ log: { level: 'info' } }, logger);
  try {
    const res = await r.link();
    const url = res.json<{ url: string }>().url;
    const token = url.split('t=')[1]!;
    await r.app.inject({ method: 'GET', url });
    await r.app.inject({ method: 'GET', url });
    const log = lines.join('');
    assert.ok(log.includes('/my/sms-settings/enter?t=[token]'), 'the request was logged, redacted');
    assert.ok(log.includes('/v1/filter/[line]/page-link'));
    assert.ok(!log.includes(token), 'no token');
    for (const d of DIGITS) assert.ok(!log.includes(d), `no ${d}`);
  } finally {
    await r.close();
  }
});

describe('settings page store on every store', () => {
  for (const s of storeMatrix()) {
    test(s.name, { skip: s.skip }, async () => {
      const fx = await s.factory!();
      try {
        const a = await fx.open();
        // Two handles where the store allows it (SQLite: one per process; test/sqlite-storage.test.ts races processes).
        const b = fx.shared && a.capabilities.concurrentWriters ? await fx.open() : a;
        const clock = new ManualClock(T0);
        const opts = { clock, linkTtlMs: 10 * MIN, sessionIdleMs: 30 * MIN, sessionMaxMs: 120 * MIN };
        // Two API processes behind a load balancer: each with its own handle on the one store.
        const here = new PageSessionStore({ ...opts, db: a.db });
        const there = new PageSessionStore({ ...opts, db: b.db });
        const link = await here.issueLink('p1:line-a', 'carrier-a/k1');
        const raced = await Promise.all([here.enter(link.token), there.enter(link.token), there.enter(link.token)]);
        assert.equal(raced.filter((x) => x.ok).length, 1, 'a link opens exactly one session, whoever races for it');
        assert.deepEqual(raced.filter((x) => !x.ok).map((x) => !x.ok && x.reason), ['used', 'used']);
        const won = raced.find((x) => x.ok)!;
        assert.ok(won.ok);
        assert.equal((await there.session(won.sessionId))?.lineKey, 'p1:line-a', 'the session is known to every process');
        await here.setFlash(won.sessionId, 'network.off');
        assert.equal((await there.session(won.sessionId, true))?.flash, 'network.off');
        assert.equal((await here.session(won.sessionId, true))?.flash, null, 'taken once');

        const stale = await here.issueLink('p1:line-b', 'carrier-a/k1');
        clock.advance(31 * MIN);
        assert.equal(await there.session(won.sessionId), null, 'idle too long');
        assert.deepEqual(await there.enter(stale.token), { ok: false, reason: 'expired' });
        const fresh = await here.issueLink('p1:line-c', 'carrier-a/k1');
        const purged = await here.purgeExpired();
        assert.deepEqual(purged, { links: 2, sessions: 0 }, 'both expired links (the used one too); the idle session was deleted when found');
        assert.equal((await there.enter(fresh.token)).ok, true, 'a live link survives the purge');
        assert.deepEqual(await here.enter(stale.token), { ok: false, reason: 'unknown' }, 'a purged link is unknown');
        const audit = await new AuditLog(a.db, clock).list({ limit: 100 });
        assert.deepEqual(audit.map((e) => e.action).sort(), [
          'page.link.issue', 'page.link.issue', 'page.link.issue', 'page.link.refused', 'page.link.refused', 'page.link.refused', 'page.session.start', 'page.session.start',
        ]);
      } finally {
        await fx.dispose();
      }
    });
  }
});
