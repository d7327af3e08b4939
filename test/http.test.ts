// The HTTP API as a carrier's system calls it: real app, real store (SQLite in memory), app.inject().
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { testApp } from './helpers/app.js';

const SMISHING = 'ヤマト運輸よりお届けにあがりましたが不在の為持ち帰りました。下記よりご確認ください。 https://kuronekoyamato.co.jp.abc-xyz.top/r';
const LEGIT = 'お疲れ！明日のお店ここだよ。19時に駅前で。';

describe('HTTP API', () => {
  let t: Awaited<ReturnType<typeof testApp>>;
  before(async () => {
    t = await testApp();
  });
  after(async () => t.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
    t.app.inject({ method: 'POST', url, payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { 'content-type': 'application/json', ...headers } });

  test('one verdict: a smishing message is blocked with its reasons', async () => {
    const r = await post('/v1/sms/verdict', { id: 'm1', from: '+819012345678', route: 'handset', body: SMISHING });
    assert.equal(r.statusCode, 200);
    const v = r.json();
    assert.equal(v.id, 'm1');
    assert.equal(v.action, 'block');
    assert.equal(v.category, 'smishing');
    assert.equal(v.brand, 'ヤマト運輸');
    assert.ok(v.reasons.length > 3 && v.reasons.every((x: { code: string; detail: string }) => x.code && x.detail));
    assert.match(v.fingerprint, /^tf1:[0-9a-f]{16}$/);
  });

  test('a personal message is allowed under both policies', async () => {
    for (const policy of ['network', 'client']) {
      const r = await post(`/v1/sms/verdict?policy=${policy}`, { from: '+819011112222', body: LEGIT });
      assert.equal(r.statusCode, 200);
      assert.equal(r.json().action, 'allow');
      assert.equal(r.json().policy, policy);
    }
  });

  test('the client policy warns where the network policy lets pass', async () => {
    const body = '配達の際にご不在だったため、お荷物を保管場所に置いております。';
    const n = (await post('/v1/sms/verdict?policy=network', { body })).json();
    const c = (await post('/v1/sms/verdict?policy=client', { body })).json();
    assert.equal(n.score, c.score);
    assert.notEqual(n.action, 'block');
    assert.equal(c.action, 'warn');
  });

  test('batch: verdicts in input order; a refused item becomes { id, error } and the rest go on', async () => {
    const r = await post('/v1/sms/verdicts', { messages: [{ id: 'a', body: SMISHING }, { id: 'b', body: '   ' }, { id: 'c', body: LEGIT }] });
    assert.equal(r.statusCode, 200);
    const out = r.json().verdicts;
    assert.deepEqual(out.map((v: { id: string }) => v.id), ['a', 'b', 'c']);
    assert.equal(out[0].action, 'block');
    assert.equal(out[1].error.code, 'BODY_EMPTY');
    assert.equal(out[2].action, 'allow');
  });

  test('batch over the limit is refused whole with BATCH_TOO_LARGE', async () => {
    const messages = Array.from({ length: 1001 }, (_, i) => ({ id: String(i), body: LEGIT }));
    const r = await post('/v1/sms/verdicts', { messages });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().code, 'BATCH_TOO_LARGE');
    assert.match(r.json().message, /1001.*1000/);
  });

  test('a refused batch item without an id reports id null', async () => {
    const r = await post('/v1/sms/verdicts', { messages: [{ body: '' }] });
    assert.equal(r.statusCode, 200);
    assert.equal(r.json().verdicts[0].id, null);
    assert.equal(r.json().verdicts[0].error.code, 'BODY_EMPTY');
  });

  test('a batch over the character budget is refused whole', async () => {
    const messages = Array.from({ length: 250 }, () => ({ body: 'あ'.repeat(9_000) }));
    const r = await post('/v1/sms/verdicts', { messages });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().code, 'BATCH_TOO_LARGE');
    assert.match(r.json().message, /characters/);
  });

  test('empty batch is refused with BATCH_EMPTY', async () => {
    const r = await post('/v1/sms/verdicts', { messages: [] });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'BATCH_EMPTY');
  });

  const bad: Array<[string, unknown, number, string]> = [
    ['invalid JSON', '{"body": "x",', 400, 'INVALID_JSON'],
    ['missing body', { from: '+819012345678' }, 400, 'VALIDATION_FAILED'],
    ['empty body', { body: '' }, 400, 'BODY_EMPTY'],
    ['body of zero-width characters', { body: '\u200b\u200d' }, 400, 'BODY_EMPTY'],
    ['body too long', { body: 'あ'.repeat(10_001) }, 413, 'BODY_TOO_LONG'],
    ['unknown field', { body: 'x', colour: 'red' }, 400, 'VALIDATION_FAILED'],
    ['wrong type', { body: 123 }, 400, 'VALIDATION_FAILED'],
    ['wrong route', { body: 'x', route: 'satellite' }, 400, 'VALIDATION_FAILED'],
    ['receivedAt that is not a date', { body: 'x', receivedAt: 'junk' }, 400, 'VALIDATION_FAILED'],
    ['array instead of object', [{ body: 'x' }], 400, 'VALIDATION_FAILED'],
    ['null', 'null', 400, 'VALIDATION_FAILED'],
  ];
  for (const [name, payload, status, code] of bad) {
    test(`bad input: ${name} → ${status} ${code}`, async () => {
      const r = await post('/v1/sms/verdict', payload);
      assert.equal(r.statusCode, status, r.body);
      assert.equal(r.json().code, code);
      assert.ok(typeof r.json().message === 'string' && r.json().message.length > 0);
    });
  }

  test('unknown field is named in the error details', async () => {
    const r = await post('/v1/sms/verdict', { body: 'x', colour: 'red' });
    assert.ok(JSON.stringify(r.json().details).includes('colour'));
  });

  test('bad policy → 400', async () => {
    const r = await post('/v1/sms/verdict?policy=strict', { body: 'x' });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'VALIDATION_FAILED');
  });

  test('wrong content type → 415', async () => {
    const r = await post('/v1/sms/verdict', 'body=x', { 'content-type': 'text/plain' });
    assert.equal(r.statusCode, 415);
    assert.equal(r.json().code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('unknown route → 404 NOT_FOUND', async () => {
    const r = await t.app.inject({ method: 'GET', url: '/v1/nothing' });
    assert.equal(r.statusCode, 404);
    assert.equal(r.json().code, 'NOT_FOUND');
  });

  test('healthz, metrics with verdict counters, OpenAPI', async () => {
    const h = await t.app.inject({ method: 'GET', url: '/healthz' });
    assert.equal(h.statusCode, 200);
    assert.equal(h.json().ok, true);
    const m = await t.app.inject({ method: 'GET', url: '/metrics' });
    assert.equal(m.statusCode, 200);
    assert.match(m.body, /mamoru_sms_verdicts_total\{action="block",category="smishing",policy="network"\} \d+/);
    const d = await t.app.inject({ method: 'GET', url: '/docs/json' });
    assert.equal(d.statusCode, 200);
    assert.ok(d.json().paths['/v1/sms/verdict']);
    assert.ok(d.json().paths['/v1/sms/verdicts']);
  });

  test('no input, however broken, produces a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.json(), fc.string(), fc.record({ body: fc.string(), from: fc.option(fc.string()), route: fc.string() })), async (p) => {
        const r = await post('/v1/sms/verdict', typeof p === 'string' ? p : JSON.stringify(p));
        assert.ok(r.statusCode < 500, `${r.statusCode} for ${JSON.stringify(p).slice(0, 200)}: ${r.body.slice(0, 200)}`);
      }),
      { numRuns: 300 },
    );
  });
});

describe('HTTP body limit', () => {
  test('a request over the byte limit → 413 PAYLOAD_TOO_LARGE', async () => {
    const t = await testApp({ server: { bodyLimitBytes: 2048 } });
    try {
      const r = await t.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: JSON.stringify({ body: 'x'.repeat(5000) }), headers: { 'content-type': 'application/json' } });
      assert.equal(r.statusCode, 413);
      assert.equal(r.json().code, 'PAYLOAD_TOO_LARGE');
    } finally {
      await t.close();
    }
  });
});

describe('verdict events', () => {
  test('carry a pseudonym of the sender, never the number or the body', async () => {
    const t = await testApp();
    try {
      const seen: unknown[] = [];
      await t.services.bus.subscribe('sms.verdict.v1', (e) => {
        seen.push(e);
      });
      const r = await t.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: { from: '+819012345678', body: SMISHING } });
      assert.equal(r.statusCode, 200);
      await (t.services.bus as unknown as { drain(): Promise<void> }).drain();
      assert.equal(seen.length, 1);
      const text = JSON.stringify(seen[0]);
      assert.ok(!text.includes('9012345678'), text);
      assert.ok(!text.includes('不在'), text);
      assert.match((seen[0] as { payload: { senderKey: string } }).payload.senderKey, /^p1:/);
      assert.equal((seen[0] as { key: string }).key, (seen[0] as { payload: { senderKey: string } }).payload.senderKey);
    } finally {
      await t.close();
    }
  });
});

describe('indicator management API', () => {
  async function withKeys() {
    const t = await testApp();
    const carrier = await t.services.access.addMember('carrier-a', 'carrier');
    const analyst = (await t.services.access.createKey(carrier.id, 'analyst', 'analyst desk')).key;
    const member = (await t.services.access.createKey(carrier.id, 'member')).key;
    return { t, analyst: { authorization: `Bearer ${analyst}` }, member: { 'x-api-key': member } };
  }

  test('needs a key; a wrong, malformed or revoked key is refused; a member may read but not write', async () => {
    const { t, analyst, member } = await withKeys();
    try {
      const anon = await t.app.inject({ method: 'GET', url: '/v1/indicators' });
      assert.equal(anon.statusCode, 401);
      assert.equal(anon.json().code, 'UNAUTHORIZED');
      for (const headers of [{ authorization: 'Bearer nope' }, { authorization: `Bearer mk_00000000_${'0'.repeat(56)}` }]) {
        const r = await t.app.inject({ method: 'GET', url: '/v1/indicators', headers });
        assert.equal(r.statusCode, 401);
      }
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/indicators', headers: member })).statusCode, 200);
      const write = await t.app.inject({ method: 'POST', url: '/v1/indicators', headers: member, payload: { indicators: [{ kind: 'domain', value: 'x.example', verdict: 'bad', source: 's', confidence: 0.5 }] } });
      assert.equal(write.statusCode, 403);
      assert.equal(write.json().code, 'FORBIDDEN');
      // The verdict endpoint stays public.
      assert.equal((await t.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: { body: 'テスト' } })).statusCode, 200);
      const keyId = (await t.services.access.keys()).find((k) => k.role === 'analyst')!.id;
      await t.services.access.revokeKey(keyId);
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/indicators', headers: analyst })).statusCode, 401);
    } finally {
      await t.close();
    }
  });

  test('an added bad domain blocks at once; removing it stops the match at once; both are audited', async () => {
    const { t, analyst: auth } = await withKeys();
    try {
      const body = 'お知らせです。詳細 https://reported-site.example/x';
      const before = (await t.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: { body } })).json();
      assert.notEqual(before.action, 'block');
      const add = await t.app.inject({
        method: 'POST', url: '/v1/indicators', headers: auth,
        payload: { indicators: [{ kind: 'domain', value: 'Reported-Site.EXAMPLE', verdict: 'bad', source: 'police', confidence: 0.95 }] },
      });
      assert.equal(add.statusCode, 200, add.body);
      assert.equal(add.json().indicators[0].value, 'reported-site.example');
      const after = (await t.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: { body } })).json();
      assert.equal(after.action, 'block');
      assert.ok(after.reasons.some((r: { code: string }) => r.code === 'indicator_bad_link'));
      const list = (await t.app.inject({ method: 'GET', url: '/v1/indicators?kind=domain&limit=1000', headers: auth })).json();
      assert.ok(list.indicators.some((i: { value: string }) => i.value === 'reported-site.example'));
      const del = await t.app.inject({ method: 'DELETE', url: '/v1/indicators/domain/reported-site.example', headers: auth });
      assert.equal(del.statusCode, 200);
      const again = (await t.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: { body } })).json();
      assert.notEqual(again.action, 'block');
      const audit = await t.services.audit.list({ limit: 10 });
      assert.deepEqual(audit.map((a) => a.action).sort(), ['indicators.remove', 'indicators.upsert']);
      assert.ok(audit.every((a) => a.actor.startsWith('carrier-a/')));
      const missing = await t.app.inject({ method: 'DELETE', url: '/v1/indicators/domain/reported-site.example', headers: auth });
      assert.equal(missing.statusCode, 404);
    } finally {
      await t.close();
    }
  });

  test('invalid indicators are refused whole with the fields named', async () => {
    const { t, analyst: auth } = await withKeys();
    try {
      const r = await t.app.inject({
        method: 'POST', url: '/v1/indicators', headers: auth,
        payload: { indicators: [{ kind: 'phone', value: 'not a number', verdict: 'bad', source: 'x', confidence: 0.5 }] },
      });
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().code, 'INVALID_INDICATOR');
      const wrong = await t.app.inject({ method: 'POST', url: '/v1/indicators', headers: auth, payload: { indicators: [{ kind: 'colour', value: 'x' }] } });
      assert.equal(wrong.statusCode, 400);
      assert.equal(wrong.json().code, 'VALIDATION_FAILED');
    } finally {
      await t.close();
    }
  });
});

describe('analyst decisions on indicators', () => {
  test('reject puts a false positive on the allow-list and it stops matching at once; confirm and extend are audited', async () => {
    const t = await testApp();
    try {
      const hub = await t.services.access.addMember('hub', 'hub');
      const h = { authorization: `Bearer ${(await t.services.access.createKey(hub.id, 'analyst')).key}` };
      await t.services.intel.upsert([
        { kind: 'domain', value: 'innocent-shop.example', verdict: 'bad', source: 'reports', confidence: 0.8 },
        { kind: 'domain', value: 'real-scam.example', verdict: 'bad', source: 'reports', confidence: 0.6 },
      ]);
      const body = 'ご注文の確認 https://innocent-shop.example/order';
      const before = (await t.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: { body } })).json();
      assert.ok(before.reasons.some((r: { code: string }) => r.code === 'indicator_bad_link'));
      const rej = await t.app.inject({ method: 'POST', url: '/v1/indicators/domain/innocent-shop.example/reject', headers: h, payload: { note: 'a genuine shop' } });
      assert.equal(rej.statusCode, 200, rej.body);
      assert.equal(rej.json().indicator.verdict, 'good');
      const after = (await t.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: { body } })).json();
      assert.ok(!after.reasons.some((r: { code: string }) => r.code === 'indicator_bad_link'));
      assert.ok(after.reasons.some((r: { code: string }) => r.code === 'link_official'), 'now allow-listed');
      const conf = (await t.app.inject({ method: 'POST', url: '/v1/indicators/domain/real-scam.example/confirm', headers: h, payload: {} })).json();
      assert.equal(conf.indicator.source, 'analyst');
      assert.ok(conf.indicator.confidence >= 0.95);
      const ext = (await t.app.inject({ method: 'POST', url: '/v1/indicators/domain/real-scam.example/extend', headers: h, payload: { days: 365 } })).json();
      assert.ok(ext.indicator.expiresAt > Date.now() + 300 * 86_400_000);
      assert.equal((await t.app.inject({ method: 'POST', url: '/v1/indicators/domain/unknown.example/confirm', headers: h, payload: {} })).statusCode, 404);
      const actions = (await t.services.audit.list({ limit: 10 })).map((a) => a.action).sort();
      assert.deepEqual(actions, ['indicators.confirm', 'indicators.extend', 'indicators.reject']);
    } finally {
      await t.close();
    }
  });
});

describe('audit log API', () => {
  test('is readable by admins only, and reading it is itself audited', async () => {
    const t = await testApp();
    try {
      const hub = await t.services.access.addMember('hub', 'hub');
      const admin = { authorization: `Bearer ${(await t.services.access.createKey(hub.id, 'admin')).key}` };
      const analyst = { authorization: `Bearer ${(await t.services.access.createKey(hub.id, 'analyst')).key}` };
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/audit' })).statusCode, 401);
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/audit', headers: analyst })).statusCode, 403);
      const r = await t.app.inject({ method: 'GET', url: '/v1/audit', headers: admin });
      assert.equal(r.statusCode, 200);
      const again = (await t.app.inject({ method: 'GET', url: '/v1/audit', headers: admin })).json();
      assert.ok(again.entries.some((e: { action: string }) => e.action === 'audit.read'));
    } finally {
      await t.close();
    }
  });
});
