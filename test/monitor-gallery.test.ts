// The public gallery (/v1/gallery): texts reach the public only after an analyst confirmed their campaign, and
// then masked — no phone number, no name, no live link — and without anything about who sent or reported them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../src/core/index.js';
import { testApp } from './helpers/app.js';

const T0 = Date.UTC(2026, 10, 19, 3, 20);
const MIN = 60_000;

// A bank lure in four wordings on one attacker domain (one campaign), with call-back numbers and a name.
const BANK = [
  '【三井住友】山田様 お客様の口座を一時凍結しました。至急ご確認ください https://smbc-freeze.top/a お問合せ 090-1234-5678',
  '【三井住友】口座の利用を制限しました。本人確認をお願いします https://smbc-freeze.top/b 担当 03-5555-1234',
  '【三井住友】不正利用の疑いがあるため取引を停止しました。こちらから解除 https://smbc-freeze.top/c 窓口 ０１２０－３３３－４４４',
  '【三井住友】お客様のカードが利用停止になっています。手続きはこちら https://smbc-freeze.top/d 佐藤さん',
];
const DELIVERY = [
  'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください https://yamato-aa1.top/r',
  'お客様宛にお荷物のお届けに参りましたが不在の為持ち帰りました。配送物は下記よりご確認下さい https://yamato-bb2.top/x',
];
const ETC = [
  '【ETC利用照会サービス】未払い料金があります https://etc-aaa.top/jp/etc-meisai/pay.php?id=1',
  'ETCサービス無効のお知らせ。手続きはこちら https://etc-zzz.cyou/jp/etc-meisai/pay.php',
];
const SENDERS = ['+819011112222', '09011113333', '08011114444', '07011115555', '09022226666', '09022227777', '09033338888', '09033339999'];
const REPORTERS = ['+819077770001', '+819077770002', '+819077770003', '+819077770004', '+819077770005'];
const TEXT_NUMBERS = ['090-1234-5678', '09012345678', '1234-5678', '5555-1234', '03-5555', '３３３－４４４', '333-444'];

void test('gallery: only confirmed campaigns, masked texts, at most three messages per campaign, nothing about senders or reporters', async () => {
  const clock = new ManualClock(T0);
  const t = await testApp({}, { clock });
  try {
    const s = t.services;
    const carrier = await s.access.addMember('carrier-a', 'carrier');
    const hub = await s.access.addMember('hub', 'hub');
    const analyst = { authorization: `Bearer ${(await s.access.createKey(hub.id, 'analyst')).key}` };
    let r = 0;
    const report = async (body: string, sender: string) => {
      clock.advance(MIN); // one report a minute: "latest" is well defined
      const [receipt] = await s.reports.submit([{ body, sender, reporter: REPORTERS[r++ % REPORTERS.length]! }], { memberId: carrier.id, channel: 'api' });
      return receipt!;
    };
    const bank = [];
    for (const [i, body] of BANK.entries()) bank.push(await report(body, SENDERS[i]!));
    // The first wording is reported a second time, by someone else.
    const again = await report(BANK[0]!, SENDERS[0]!);
    assert.equal(again.messageId, bank[0]!.messageId);
    const delivery = await Promise.all(DELIVERY.map((b, i) => report(b, SENDERS[4 + i]!)));
    const etc = [await report(ETC[0]!, SENDERS[6]!), await report(ETC[1]!, SENDERS[7]!)];
    const bankCampaign = bank[0]!.campaignId!;
    assert.equal(new Set(bank.map((x) => x.campaignId)).size, 1, 'precondition: the bank wordings are one campaign');
    assert.equal(new Set(etc.map((x) => x.campaignId)).size, 1, 'precondition: the ETC kit is one campaign');
    assert.notEqual(delivery[0]!.campaignId, bankCampaign);

    const gallery = async (query = '') => {
      const res = await t.app.inject({ method: 'GET', url: `/v1/gallery${query}` });
      assert.equal(res.statusCode, 200, res.body);
      return { body: res.body, items: res.json<{ items: Array<Record<string, unknown>> }>().items };
    };
    assert.deepEqual((await gallery()).items, [], 'no campaign is confirmed yet: nothing is public');

    const decide = async (id: string, decision: 'confirmed' | 'rejected') => {
      const res = await t.app.inject({ method: 'POST', url: `/v1/campaigns/${id}/decision`, headers: analyst, payload: { decision, note: 'reviewed for the gallery test' } });
      assert.equal(res.statusCode, 200, res.body);
    };
    await decide(bankCampaign, 'confirmed');
    await decide(etc[0]!.campaignId!, 'rejected');

    const { body, items } = await gallery();
    // Three messages per campaign, the most recently seen first: the 1st wording (reported again last), then the
    // 4th and the 3rd; the 2nd is left out.
    assert.deepEqual(items.map((i) => i.id), [bank[0]!.messageId, bank[3]!.messageId, bank[2]!.messageId]);
    for (const item of items) {
      assert.deepEqual(Object.keys(item).sort(), ['brand', 'family', 'firstSeen', 'id', 'reports', 'text']);
      assert.equal(item.brand, '三井住友');
      assert.equal(item.family, 'keepspy');
      const text = String(item.text);
      assert.doesNotMatch(text, /[0-9０-９]{7,}/, text);
      assert.doesNotMatch(text, /https?:\/\//, text);
      assert.match(text, /hxxps:\/\/smbc-freeze\[\.\]top\/[a-d]/, text);
      for (const n of TEXT_NUMBERS) assert.ok(!text.includes(n), `${n} in ${text}`);
    }
    assert.equal(items[0]!.reports, 2, 'the first wording was reported twice');
    assert.equal(items[0]!.firstSeen, T0 + MIN, 'first seen with its first report');
    assert.ok(String(items[0]!.text).includes('[氏名]様'), String(items[0]!.text));
    assert.ok(!String(items[0]!.text).includes('山田'));
    assert.ok(String(items[1]!.text).includes('[氏名]さん') && !String(items[1]!.text).includes('佐藤'), String(items[1]!.text));
    // Nothing about who sent or reported: no pseudonym, no sender or reporter number in any form.
    assert.ok(!body.includes('p1:'));
    for (const n of [...SENDERS, ...REPORTERS]) assert.ok(!body.includes(n.slice(-8)), `${n} in the gallery`);
    for (const field of ['sender', 'reporter', 'recipient', 'senderKey', 'reporterKey', 'campaignId', 'memberId']) assert.ok(!body.includes(`"${field}"`), field);
    // Neither the unreviewed delivery campaign nor the rejected ETC campaign shows.
    assert.ok(!body.includes('yamato') && !body.includes('etc-'), body);

    assert.equal((await gallery('?limit=1')).items.length, 1);
    assert.deepEqual((await gallery('?limit=1')).items[0]!.id, bank[0]!.messageId);

    // Confirming the delivery campaign later brings its messages in, the most recently seen first.
    await decide(delivery[0]!.campaignId!, 'confirmed');
    const both = (await gallery()).items;
    assert.equal(both.length, 3 + 2);
    assert.deepEqual(both.slice(0, 2).map((i) => i.id), [delivery[1]!.messageId, delivery[0]!.messageId]);
    // A confirmed campaign rejected on second thought leaves the gallery again.
    await decide(bankCampaign, 'rejected');
    assert.deepEqual((await gallery()).items.map((i) => i.id), [delivery[1]!.messageId, delivery[0]!.messageId]);
  } finally {
    await t.close();
  }
});
