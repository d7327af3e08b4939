// Campaign clustering through the report hub: variants that differ in link and a few words land together, an
// unrelated campaign stays apart, a shared attacker domain or sender joins campaigns, and the analyst API shows it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import type { Database } from '../src/core/index.js';
import { testApp } from './helpers/app.js';
import { PG_SKIP_REASON, postgresFactory } from './storage-fixtures.js';
import { CampaignClusterer } from '../src/reports/index.js';

const DELIVERY = [
  'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください https://yamato-aa1.top/r',
  'お客様宛にお荷物のお届けに参りましたが不在の為持ち帰りました。配送物は下記よりご確認下さい https://yamato-bb2.top/x',
  'お客様宛にお荷物のお届けにあがりましたが、不在の為持ち帰りました。配送物は下記からご確認ください https://yamato-cc3.top/q',
];
const BANK = [
  '【三井住友】お客様の口座を一時凍結しました。至急ご確認ください https://smbc-freeze.top/a',
  '【三井住友】口座の利用を制限しました。本人確認をお願いします https://smbc-freeze.top/b',
];

describe('campaigns', () => {
  test('variants cluster together; unrelated lures apart; a shared domain joins different wordings; the analyst sees timeline and indicators', async () => {
    const t = await testApp();
    try {
      const m = await t.services.access.addMember('carrier-a', 'carrier');
      const member = { authorization: `Bearer ${(await t.services.access.createKey(m.id, 'member')).key}` };
      const hub = await t.services.access.addMember('hub', 'hub');
      const analyst = { authorization: `Bearer ${(await t.services.access.createKey(hub.id, 'analyst')).key}` };
      const post = async (body: string, i: number) => {
        const r = await t.app.inject({ method: 'POST', url: '/v1/reports', headers: member, payload: { reports: [{ body, reporter: `+8190777700${String(i).padStart(2, '0')}` }] } });
        assert.equal(r.statusCode, 200, r.body);
        return r.json().receipts[0].campaignId as string;
      };
      const d = await Promise.all(DELIVERY.map((b, i) => post(b, i)));
      const b = [await post(BANK[0]!, 10), await post(BANK[1]!, 11)];
      assert.equal(new Set(d).size, 1, 'delivery variants are one campaign');
      assert.equal(new Set(b).size, 1, 'two wordings sharing smbc-freeze.top are one campaign');
      assert.notEqual(d[0], b[0]);

      const list = (await t.app.inject({ method: 'GET', url: '/v1/campaigns', headers: member })).json();
      assert.equal(list.campaigns.length, 2);
      // The same kit on two throw-away domains with different wording meets on its path layout.
      const k1 = await post('【ETC利用照会サービス】未払い料金があります https://etc-aaa.top/jp/etc-meisai/pay.php?id=1', 20);
      const k2 = await post('ETCサービス無効のお知らせ。手続きはこちら https://etc-zzz.cyou/jp/etc-meisai/pay.php', 21);
      assert.equal(k1, k2, 'same path layout, one campaign');
      const reportsByDomain = (await t.app.inject({ method: 'GET', url: '/v1/reports?domain=smbc-freeze.top', headers: analyst })).json();
      assert.equal(reportsByDomain.reports.length, 2, 'reports can be searched by domain too');
      const byDomain = (await t.app.inject({ method: 'GET', url: '/v1/campaigns?domain=smbc-freeze.top', headers: analyst })).json();
      assert.deepEqual(byDomain.campaigns.map((c: { id: string }) => c.id), [b[0]]);
      const detail = (await t.app.inject({ method: 'GET', url: `/v1/campaigns/${b[0]!}?purpose=triage`, headers: analyst })).json();
      assert.equal(detail.campaign.message_count, 2);
      assert.equal(detail.campaign.report_count, 2);
      assert.equal(detail.campaign.family, 'keepspy');
      assert.equal(detail.timeline.length, 1);
      assert.equal(detail.timeline[0].reports, 2);
      assert.equal(detail.samples.length, 2);
      assert.ok(detail.indicators.some((i: { kind: string; value: string; indicator: unknown }) => i.kind === 'domain' && i.value === 'smbc-freeze.top' && i.indicator));
      assert.equal((await t.app.inject({ method: 'GET', url: `/v1/campaigns/${b[0]!}`, headers: member })).statusCode, 403, 'sample texts are for analysts');
      assert.ok((await t.services.audit.list({ limit: 50 })).some((e) => e.action === 'campaigns.read' && e.purpose === 'triage'));
    } finally {
      await t.close();
    }
  });

  test('when a message links two campaigns they merge into the older one (on PostgreSQL too)', async (tc) => {
    const sqlite = await testApp();
    try {
      await mergeCase(new CampaignClusterer(sqlite.services.storage.db), sqlite.services.storage.db);
    } finally {
      await sqlite.close();
    }
    const pg = postgresFactory();
    if (!pg) return tc.skip(PG_SKIP_REASON);
    const fx = await pg();
    try {
      const s = await fx.open();
      await mergeCase(new CampaignClusterer(s.db), s.db);
    } finally {
      await fx.dispose();
    }
  });
});

async function mergeCase(c: CampaignClusterer, db: Kysely<Database>): Promise<void> {
  const base = { isNew: true, links: [], brand: null, family: null, category: 'smishing' };
  const msg = async (id: string, at: number) => {
    await db.insertInto('report_messages').values({ id, text_hash: id, fingerprint: `tf1:${id}`, body: id, category: 'smishing', score: 1, brand: null, family: null, first_seen: at, last_seen: at, report_count: 1, campaign_id: null }).execute();
  };
  await msg('m1', 1000);
  await msg('m2', 2000);
  await msg('m3', 3000);
  const [c1] = await c.assign([{ ...base, messageId: 'm1', body: 'まったく別の文面その一です。ここまで長く書きます', fingerprint: 'tf1:a', observableKeys: ['dom:one.example'], at: 1000 }]);
  const [c2] = await c.assign([{ ...base, messageId: 'm2', body: 'これは二つ目のぜんぜん違う本文になります、はい', fingerprint: 'tf1:b', observableKeys: ['dom:two.example'], at: 2000 }]);
  assert.notEqual(c1, c2);
  const [c3] = await c.assign([{ ...base, messageId: 'm3', body: '三つ目は両方のドメインを含むメッセージでございます', fingerprint: 'tf1:c', observableKeys: ['dom:one.example', 'dom:two.example'], at: 3000 }]);
  assert.equal(c3, c1, 'merged into the older campaign');
  const rows = await db.selectFrom('report_messages').select(['id', 'campaign_id']).orderBy('id').execute();
  assert.deepEqual(rows.map((r) => r.campaign_id), [c1, c1, c1]);
  const merged = await db.selectFrom('campaigns').selectAll().where('id', '=', c2!).executeTakeFirstOrThrow();
  assert.equal(merged.merged_into, c1);
  const target = await db.selectFrom('campaigns').selectAll().where('id', '=', c1!).executeTakeFirstOrThrow();
  assert.equal(Number(target.message_count), 3);
}
