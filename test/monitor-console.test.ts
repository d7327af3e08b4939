// The operator console's data: who a key is, new and growing campaigns (texts for analysts only, audited), the
// analyst's decision on a campaign (which feeds the gallery and the bad list but never overrides the allow-list),
// report intake per channel, and the TAXII peers' feed status (without their keys).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../src/core/index.js';
import type { ReportChannel } from '../src/reports/index.js';
import { testApp, type TestApp } from './helpers/app.js';

/** Thursday 2026-11-19 12:20 JST. */
const T0 = Date.UTC(2026, 10, 19, 3, 20);
const DAY = 86_400_000;

const ETC = [
  '【ETC利用照会サービス】未払い料金があります https://etc-aaa.top/jp/etc-meisai/pay.php?id=1',
  'ETCサービス無効のお知らせ。手続きはこちら https://etc-zzz.cyou/jp/etc-meisai/pay.php',
];
const BANK = [
  '【三井住友】お客様の口座を一時凍結しました。至急ご確認ください https://smbc-freeze.top/a お問合せ 090-1234-5678',
  // Mentions the bank's real site and a notice site an operator allow-lists after the report came in.
  '【三井住友】口座の利用を制限しました。本人確認 https://smbc-freeze.top/b 詳細 https://www.bank-notice.jp/x 公式 https://www.smbc.co.jp/',
];
const DELIVERY = 'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください https://yamato-aa1.top/r';

type Json = Record<string, unknown>;
interface ConsoleCampaign {
  id: string; status: string; brand: string | null; family: string | null; category: string; firstSeen: number; lastSeen: number; reports: number; messages: number;
  sparkline: number[]; growth: number; isNew: boolean; indicators: Array<{ kind: string; value: string }>; samples: string[];
}

describe('operator console', () => {
  const clock = new ManualClock(T0);
  let t: TestApp;
  const keys: Record<'member' | 'analyst' | 'police' | 'admin', { authorization: string }> = {} as never;
  const keyIds: Record<string, string> = {};
  const campaign: Record<'old' | 'bank' | 'delivery', string> = {} as never;

  before(async () => {
    t = await testApp({}, { clock });
    const s = t.services;
    const carrier = await s.access.addMember('carrier-a', 'carrier');
    const hub = await s.access.addMember('hub', 'hub');
    const police = await s.access.addMember('npa', 'police');
    for (const [role, member] of [['member', carrier], ['analyst', hub], ['police', police], ['admin', hub]] as const) {
      const k = await s.access.createKey(member.id, role);
      keys[role] = { authorization: `Bearer ${k.key}` };
      keyIds[role] = k.info.id;
    }
    let n = 0;
    const report = async (at: number, body: string, channel: ReportChannel) => {
      clock.set(at);
      const [r] = await s.reports.submit([{ body, sender: `0901111${String(n).padStart(4, '0')}`, reporter: `+81907777${String(n++).padStart(4, '0')}` }], { memberId: carrier.id, channel });
      return r!.campaignId!;
    };
    // The ETC kit: first seen ten days ago, reported again five days ago and twice today.
    campaign.old = await report(T0 - 10 * DAY, ETC[0]!, 'api');
    assert.equal(await report(T0 - 5 * DAY, ETC[1]!, 'web'), campaign.old, 'precondition: one ETC campaign');
    await report(T0, ETC[0]!, '7726');
    await report(T0, ETC[0]!, 'api');
    // The bank lure: new yesterday, twice today. The delivery lure: once today.
    campaign.bank = await report(T0 - DAY, BANK[0]!, '7726');
    assert.equal(await report(T0, BANK[1]!, 'api'), campaign.bank, 'precondition: one bank campaign');
    await report(T0, BANK[0]!, 'api');
    campaign.delivery = await report(T0, DELIVERY, 'web');
    clock.set(T0);
  });

  after(async () => {
    await t.close();
  });

  const req = (method: 'GET' | 'POST', url: string, headers?: { authorization: string }, payload?: Json) => t.app.inject({ method, url, headers, payload });

  describe('GET /v1/whoami', () => {
    test('a right key: its member, role and key id', async () => {
      for (const [role, member] of [['member', 'carrier-a'], ['analyst', 'hub'], ['police', 'npa'], ['admin', 'hub']] as const) {
        const r = await req('GET', '/v1/whoami', keys[role]);
        assert.equal(r.statusCode, 200, r.body);
        assert.deepEqual(r.json(), { memberName: member, role, keyId: keyIds[role] });
      }
    });

    test('a wrong, malformed or missing key: 401 UNAUTHORIZED', async () => {
      const good = keys.member.authorization;
      for (const headers of [{ authorization: `${good.slice(0, -4)}0000` }, { authorization: 'Bearer mk_nope' }, { authorization: 'Basic dXNlcjpwYXNz' }, undefined]) {
        const r = await req('GET', '/v1/whoami', headers);
        assert.equal(r.statusCode, 401, JSON.stringify(headers));
        assert.equal(r.json<{ code: string }>().code, 'UNAUTHORIZED');
      }
    });
  });

  describe('GET /v1/stats/campaigns', () => {
    test('new campaigns first, then by growth; sparklines per JST day, as long as the range', async () => {
      const r = await req('GET', '/v1/stats/campaigns', keys.member);
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json<{ days: string[]; campaigns: ConsoleCampaign[] }>();
      assert.equal(body.days.length, 14, 'days defaults to 14');
      assert.equal(body.days[0], '2026-11-06');
      assert.equal(body.days.at(-1), '2026-11-19');
      assert.deepEqual(body.campaigns.map((c) => c.id), [campaign.bank, campaign.delivery, campaign.old]);
      const [bank, delivery, old] = body.campaigns as [ConsoleCampaign, ConsoleCampaign, ConsoleCampaign];
      for (const c of body.campaigns) assert.equal(c.sparkline.length, 14);
      assert.deepEqual(old.sparkline, [0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 2]);
      assert.equal(old.isNew, false);
      assert.equal(old.growth, 2, 'two reports in the last three days, one in the three before');
      assert.equal(old.reports, 4);
      assert.equal(old.firstSeen, T0 - 10 * DAY);
      assert.deepEqual(bank.sparkline.slice(-2), [1, 2]);
      assert.equal(bank.sparkline.reduce((a, b) => a + b, 0), 3);
      assert.equal(bank.isNew, true);
      assert.equal(bank.growth, 3);
      assert.equal(bank.status, 'new');
      assert.equal(bank.brand, '三井住友');
      assert.equal(bank.family, 'keepspy');
      assert.equal(bank.messages, 2);
      assert.ok(bank.indicators.some((i) => i.kind === 'domain' && i.value === 'smbc-freeze.top'), JSON.stringify(bank.indicators));
      // Senders are mostly infected subscribers' lines: a partner member never gets them.
      for (const c of body.campaigns) for (const i of c.indicators) assert.ok(['domain', 'host'].includes(i.kind), i.kind);
      assert.deepEqual(delivery.sparkline.slice(-1), [1]);

      const week = await req('GET', '/v1/stats/campaigns?days=7&limit=2', keys.member);
      const w = week.json<{ days: string[]; campaigns: ConsoleCampaign[] }>();
      assert.equal(w.days.length, 7);
      assert.equal(w.campaigns.length, 2, 'limit');
      for (const c of w.campaigns) assert.equal(c.sparkline.length, 7);
    });

    test('members get no texts; analysts get masked samples, and that read is audited', async () => {
      const before = (await t.services.audit.list({ limit: 1000 })).filter((e) => e.action === 'campaigns.samples.read').length;
      const member = (await req('GET', '/v1/stats/campaigns', keys.member)).json<{ campaigns: ConsoleCampaign[] }>();
      for (const c of member.campaigns) assert.deepEqual(c.samples, []);
      assert.equal((await t.services.audit.list({ limit: 1000 })).filter((e) => e.action === 'campaigns.samples.read').length, before, 'a member read is not a text read');

      const analyst = (await req('GET', '/v1/stats/campaigns', keys.analyst)).json<{ campaigns: ConsoleCampaign[] }>();
      const bank = analyst.campaigns.find((c) => c.id === campaign.bank)!;
      assert.ok(bank.indicators.some((i) => i.kind === 'sender'), 'analysts see the campaign\'s senders');
      assert.equal(bank.samples.length, 1);
      assert.ok(bank.samples[0]!.startsWith('【三井住友】'), bank.samples[0]);
      assert.ok(!analyst.campaigns.some((c) => c.samples.some((s) => /090-1234-5678|09012345678/.test(s))), 'call-back numbers are masked');
      const entries = (await t.services.audit.list({ limit: 1000 })).filter((e) => e.action === 'campaigns.samples.read');
      assert.equal(entries.length, before + 1);
      assert.equal(entries[0]!.actor, `hub/${keyIds.analyst}`);
      assert.equal(entries[0]!.target, 'campaigns:3');
    });

    test('police keys get 403, no key 401, and out-of-range days or limit 400', async () => {
      assert.equal((await req('GET', '/v1/stats/campaigns', keys.police)).statusCode, 403);
      assert.equal((await req('GET', '/v1/stats/campaigns')).statusCode, 401);
      for (const q of ['days=6', 'days=61', 'days=x', 'limit=1000', 'limit=-1', 'sort=growth']) {
        const r = await req('GET', `/v1/stats/campaigns?${q}`, keys.member);
        assert.equal(r.statusCode, 400, q);
        assert.equal(r.json<{ code: string }>().code, 'VALIDATION_FAILED');
      }
    });
  });

  describe('GET /v1/stats/reports', () => {
    test('report intake per JST day and channel', async () => {
      const r = await req('GET', '/v1/stats/reports?days=14', keys.member);
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json<{ days: string[]; totals: number[]; series: Array<{ key: string; counts: number[] }> }>();
      assert.equal(body.days.length, 14);
      const byChannel = Object.fromEntries(body.series.map((s) => [s.key, s.counts]));
      const at = (...pairs: Array<[number, number]>) => {
        const c = new Array<number>(14).fill(0);
        for (const [i, n] of pairs) c[i] = n;
        return c;
      };
      assert.deepEqual(byChannel, {
        api: at([3, 1], [13, 3]), // ten days ago; today: ETC, bank ×2
        web: at([8, 1], [13, 1]), // five days ago; today: delivery
        7726: at([12, 1], [13, 1]), // yesterday: bank; today: ETC
      });
      assert.deepEqual(body.series.map((s) => s.key), ['api', '7726', 'web'], 'the busiest channel first');
      assert.deepEqual(body.totals, at([3, 1], [8, 1], [12, 1], [13, 5]));
      assert.equal((await req('GET', '/v1/stats/reports?days=3', keys.analyst)).json<{ totals: number[] }>().totals.reduce((a, b) => a + b, 0), 6);
    });

    test('for members and analysts only', async () => {
      assert.equal((await req('GET', '/v1/stats/reports')).statusCode, 401);
      assert.equal((await req('GET', '/v1/stats/reports', keys.police)).statusCode, 403);
      assert.equal((await req('GET', '/v1/stats/reports?days=100', keys.member)).statusCode, 400);
    });
  });

  describe('POST /v1/campaigns/:id/decision', () => {
    const decision = (id: string, payload: Json, who = keys.analyst) => req('POST', `/v1/campaigns/${id}/decision`, who, payload);

    test('members and police may not decide (403); an unknown campaign is 404; a bad body 400', async () => {
      for (const who of [keys.member, keys.police]) {
        const r = await decision(campaign.bank, { decision: 'confirmed', note: 'looks bad' }, who);
        assert.equal(r.statusCode, 403);
        assert.equal(r.json<{ code: string }>().code, 'FORBIDDEN');
      }
      const unknown = await decision('01ZZZZZZZZZZZZZZZZZZZZZZZZ', { decision: 'confirmed', note: 'looks bad' });
      assert.equal(unknown.statusCode, 404);
      assert.equal(unknown.json<{ code: string }>().code, 'NOT_FOUND');
      for (const body of [
        { decision: 'maybe', note: 'not sure yet' },
        { decision: 'confirmed' },
        { decision: 'confirmed', note: 'ok' },
        { decision: 'confirmed', note: 'x'.repeat(501) },
        { decision: 'confirmed', note: 'looks bad', indicators: [] },
        { note: 'looks bad' },
      ]) {
        const r = await decision(campaign.bank, body);
        assert.equal(r.statusCode, 400, JSON.stringify(body));
        assert.equal(r.json<{ code: string }>().code, 'VALIDATION_FAILED');
      }
      const row = await t.services.storage.db.selectFrom('campaigns').select(['status', 'decided_at']).where('id', '=', campaign.bank).executeTakeFirstOrThrow();
      assert.deepEqual({ ...row, decided_at: row.decided_at === null ? null : Number(row.decided_at) }, { status: 'new', decided_at: null }, 'nothing refused changed the campaign');
    });

    test('confirmed: the campaign\'s domains become bad indicators from the analyst; allow-listed domains stay good; audited', async () => {
      const intel = t.services.intel;
      // An operator allow-lists the notice site after the report came in; the bank's own site was always allowed.
      await intel.upsert([{ kind: 'domain', value: 'bank-notice.jp', verdict: 'good', source: 'operator', confidence: 1, note: 'partner notice site' }]);
      assert.equal(intel.lookup('domain', 'smbc-freeze.top')?.source, 'reports', 'precondition: known from reports only');

      const r = await decision(campaign.bank, { decision: 'confirmed', note: 'bank credential lure' });
      assert.equal(r.statusCode, 200, r.body);
      const body = r.json<{ campaign: { id: string; status: string; decidedBy: string }; indicators: number }>();
      assert.equal(body.campaign.id, campaign.bank);
      assert.equal(body.campaign.status, 'confirmed');
      assert.equal(body.campaign.decidedBy, `hub/${keyIds.analyst}`);
      assert.equal(body.indicators, 1, 'smbc-freeze.top only');

      const bad = intel.lookup('domain', 'smbc-freeze.top');
      assert.equal(bad?.verdict, 'bad');
      assert.equal(bad?.source, 'analyst');
      assert.equal(bad?.brand, '三井住友');
      assert.equal(bad?.family, 'keepspy');
      assert.equal(intel.lookup('domain', 'bank-notice.jp')?.verdict, 'good');
      assert.equal(intel.lookup('domain', 'bank-notice.jp')?.source, 'operator');
      assert.equal(intel.lookup('domain', 'smbc.co.jp')?.verdict, 'good');
      // Senders are not made bad: they are mostly infected subscribers' lines.
      assert.notEqual(intel.lookup('phone', '09011110004')?.source, 'analyst');

      const row = await t.services.storage.db.selectFrom('campaigns').select(['status', 'decided_by', 'decision_note']).where('id', '=', campaign.bank).executeTakeFirstOrThrow();
      assert.deepEqual(row, { status: 'confirmed', decided_by: `hub/${keyIds.analyst}`, decision_note: 'bank credential lure' });
      const audit = (await t.services.audit.list({ limit: 1000 })).find((e) => e.action === 'campaigns.confirm' && e.target === campaign.bank);
      assert.ok(audit, 'the decision is audited');
      assert.equal(audit.actor, `hub/${keyIds.analyst}`);
      assert.deepEqual(audit.details, { note: 'bank credential lure', indicators: 1 });
      // The console shows the new status.
      const list = (await req('GET', '/v1/stats/campaigns', keys.member)).json<{ campaigns: ConsoleCampaign[] }>();
      assert.equal(list.campaigns.find((c) => c.id === campaign.bank)?.status, 'confirmed');
    });

    test('rejected: status and audit only; the campaign\'s indicators are left as they were', async () => {
      const before = t.services.intel.lookup('domain', 'yamato-aa1.top');
      const r = await decision(campaign.delivery, { decision: 'rejected', note: 'a real delivery notice after all' });
      assert.equal(r.statusCode, 200, r.body);
      assert.equal(r.json<{ indicators: number }>().indicators, 0);
      assert.deepEqual(t.services.intel.lookup('domain', 'yamato-aa1.top'), before);
      const audit = (await t.services.audit.list({ limit: 1000 })).find((e) => e.action === 'campaigns.reject' && e.target === campaign.delivery);
      assert.ok(audit);
    });
  });
});

describe('GET /v1/intel/peers', () => {
  const PEER_KEY = 'peer-secret-key-0001';
  let t: TestApp;
  before(async () => {
    t = await testApp({
      intel: {
        operatorName: 'carrier-a',
        peers: [
          { name: 'carrier-b', url: 'https://mamoru:pw-in-url@taxii.carrier-b.example/taxii2/api1/collections/abc/objects/?token=also-secret', key: PEER_KEY, everySeconds: 3600 },
          { name: 'hub', url: 'https://taxii.hub.example/taxii2/api1/collections/xyz/objects/', key: 'another-peer-key-0002', everySeconds: 900 },
        ],
      },
    });
  });
  after(async () => {
    await t.close();
  });

  const keyFor = async (role: 'member' | 'analyst' | 'admin') => {
    const m = (await t.services.access.members()).find((x) => x.name === 'ops') ?? (await t.services.access.addMember('ops', 'hub'));
    return { authorization: `Bearer ${(await t.services.access.createKey(m.id, role)).key}` };
  };

  test('members get 403, no key 401', async () => {
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/intel/peers', headers: await keyFor('member') })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/intel/peers' })).statusCode, 401);
  });

  test('every configured peer with its feed status; never its key or the secrets in its URL', async () => {
    const analyst = await keyFor('analyst');
    const fresh = await t.app.inject({ method: 'GET', url: '/v1/intel/peers', headers: analyst });
    assert.equal(fresh.statusCode, 200, fresh.body);
    assert.deepEqual(fresh.json(), {
      peers: [
        { name: 'carrier-b', url: 'https://taxii.carrier-b.example/taxii2/api1/collections/abc/objects/', everySeconds: 3600, lastAttemptAt: null, lastSuccessAt: null, lastError: null, lastImported: null, cursor: null },
        { name: 'hub', url: 'https://taxii.hub.example/taxii2/api1/collections/xyz/objects/', everySeconds: 900, lastAttemptAt: null, lastSuccessAt: null, lastError: null, lastImported: null, cursor: null },
      ],
    });

    // A pull that imported 12 indicators, then one that failed.
    await t.services.peerStatus.record('carrier-b', T0, { imported: 12 });
    await t.services.pullCursors.set('carrier-b', '2026-11-19T03:20:00.000Z');
    await t.services.peerStatus.record('carrier-b', T0 + 3_600_000, { error: 'connect ECONNREFUSED 192.0.2.10:443' });
    const r = await t.app.inject({ method: 'GET', url: '/v1/intel/peers', headers: await keyFor('admin') });
    assert.equal(r.statusCode, 200, 'admins read it too');
    const peers = r.json<{ peers: Json[] }>().peers;
    assert.deepEqual(peers[0], {
      name: 'carrier-b', url: 'https://taxii.carrier-b.example/taxii2/api1/collections/abc/objects/', everySeconds: 3600,
      lastAttemptAt: T0 + 3_600_000, lastSuccessAt: T0, lastError: 'connect ECONNREFUSED 192.0.2.10:443', lastImported: 12, cursor: '2026-11-19T03:20:00.000Z',
    });
    assert.equal(peers[1]!.lastAttemptAt, null, 'the other peer is untouched');
    for (const secret of [PEER_KEY, 'another-peer-key-0002', 'pw-in-url', 'also-secret', 'mamoru:']) assert.ok(!r.body.includes(secret), `${secret} in the answer`);

    // A later success clears the error.
    await t.services.peerStatus.record('carrier-b', T0 + 7_200_000, { imported: 0 });
    const ok = (await t.app.inject({ method: 'GET', url: '/v1/intel/peers', headers: analyst })).json<{ peers: Json[] }>().peers[0]!;
    assert.equal(ok.lastError, null);
    assert.equal(ok.lastSuccessAt, T0 + 7_200_000);
    assert.equal(ok.lastImported, 0);
  });
});
