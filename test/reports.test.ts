// The report hub's intake and search through the real app: de-duplication, pseudonymised reporters, isolation
// between operators, audited reads.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { testApp } from './helpers/app.js';

const LURE = 'ヤマト運輸よりお届けにあがりましたが不在の為持ち帰りました。 https://kuronekoyamato.co.jp.abc-xyz.top/r';

async function setup() {
  const t = await testApp();
  const a = await t.services.access.addMember('carrier-a', 'carrier');
  const b = await t.services.access.addMember('carrier-b', 'carrier');
  const hub = await t.services.access.addMember('hub', 'hub');
  const key = async (id: string, role: 'member' | 'analyst' | 'admin') => ({ authorization: `Bearer ${(await t.services.access.createKey(id, role)).key}` });
  return { t, A: await key(a.id, 'member'), B: await key(b.id, 'member'), analyst: await key(hub.id, 'analyst') };
}

describe('report hub intake', () => {
  test('the same text from many reporters is one message with many reports; reporters are stored as pseudonyms', async () => {
    const { t, A, analyst } = await setup();
    try {
      const reports = ['+819011110001', '+819011110002', '09011110003'].map((reporter) => ({ body: LURE, sender: '+81 80-2222-3333', reporter }));
      const r = await t.app.inject({ method: 'POST', url: '/v1/reports', headers: A, payload: { reports } });
      assert.equal(r.statusCode, 200, r.body);
      const receipts = r.json().receipts;
      assert.equal(receipts.length, 3);
      assert.deepEqual(receipts.map((x: { duplicate: boolean }) => x.duplicate), [false, true, true]);
      assert.equal(new Set(receipts.map((x: { messageId: string }) => x.messageId)).size, 1);
      assert.equal(new Set(receipts.map((x: { reference: string }) => x.reference)).size, 3);
      assert.equal(receipts[0].category, 'smishing');
      const rows = await t.services.storage.db.selectFrom('reports').selectAll().execute();
      const raw = JSON.stringify(rows);
      assert.ok(!raw.includes('9011110001') && !raw.includes('09011110003'), 'no reporter number is stored');
      assert.ok(rows.every((x) => x.reporter?.startsWith('p1:')));
      assert.ok(rows.every((x) => x.sender === '+818022223333'));
      const msg = await t.services.storage.db.selectFrom('report_messages').selectAll().execute();
      assert.equal(msg.length, 1);
      assert.equal(Number(msg[0]!.report_count), 3);
      const found = (await t.app.inject({ method: 'GET', url: '/v1/reports?sender=%2B818022223333', headers: analyst })).json();
      assert.equal(found.reports.length, 3);
      assert.equal(found.reports[0].reportCount, 3);
    } finally {
      await t.close();
    }
  });

  test('operator B cannot read operator A\'s reports or reporters; the hub analyst can; every read is audited', async () => {
    const { t, A, B, analyst } = await setup();
    try {
      assert.equal((await t.app.inject({ method: 'POST', url: '/v1/reports', headers: A, payload: { reports: [{ body: LURE, reporter: '+819011110001' }] } })).statusCode, 200);
      const forB = (await t.app.inject({ method: 'GET', url: '/v1/reports', headers: B })).json();
      assert.deepEqual(forB.reports, []);
      const forA = (await t.app.inject({ method: 'GET', url: '/v1/reports', headers: A })).json();
      assert.equal(forA.reports.length, 1);
      const forHub = (await t.app.inject({ method: 'GET', url: '/v1/reports?purpose=campaign%20triage', headers: analyst })).json();
      assert.equal(forHub.reports.length, 1);
      assert.equal(forHub.reports[0].reporter, null, "another operator's reporter pseudonym is withheld");
      assert.ok(forA.reports[0].reporter?.startsWith('p1:'), 'the operator itself sees its own');
      const audit = await t.services.audit.list({ limit: 10 });
      const reads = audit.filter((e) => e.action === 'reports.read');
      assert.equal(reads.length, 3);
      assert.ok(reads.some((e) => e.purpose === 'campaign triage'));
      assert.equal((await t.app.inject({ method: 'GET', url: '/v1/reports' })).statusCode, 401);
    } finally {
      await t.close();
    }
  });

  test('texts read by another operator have numbers (except the sender) and names masked; links stay', async () => {
    const { t, A, analyst } = await setup();
    try {
      const body = '山田太郎様 ご利用料金の未払いがあります。至急 03-1111-2222 または https://pay-now.top/x へ';
      await t.app.inject({ method: 'POST', url: '/v1/reports', headers: A, payload: { reports: [{ body, sender: '+819012340000' }] } });
      const own = (await t.app.inject({ method: 'GET', url: '/v1/reports', headers: A })).json().reports[0];
      assert.match(own.body, /山田太郎/);
      const shared = (await t.app.inject({ method: 'GET', url: '/v1/reports', headers: analyst })).json().reports[0];
      assert.ok(!shared.body.includes('山田太郎') && !shared.body.includes('03-1111-2222'), shared.body);
      assert.match(shared.body, /https:\/\/pay-now\.top\/x/);
      assert.equal(shared.sender, '+819012340000');
    } finally {
      await t.close();
    }
  });

  test('bad reports are refused whole with the item named; nothing is stored', async () => {
    const { t, A } = await setup();
    try {
      for (const reports of [[{ body: '' }], [{ body: LURE }, { body: '   ' }], [{ body: LURE, sender: '%%%%' }], [{ body: 'x'.repeat(10_001) }]]) {
        const r = await t.app.inject({ method: 'POST', url: '/v1/reports', headers: A, payload: { reports } });
        assert.equal(r.statusCode, 400, r.body);
        assert.equal(r.json().code, 'VALIDATION_FAILED');
      }
      const wrong = await t.app.inject({ method: 'POST', url: '/v1/reports', headers: A, payload: { reports: [{ body: 1 }] } });
      assert.equal(wrong.statusCode, 400);
      const tooMany = await t.app.inject({ method: 'POST', url: '/v1/reports', headers: A, payload: { reports: Array.from({ length: 1001 }, () => ({ body: 'x' })) } });
      assert.equal(tooMany.statusCode, 413);
      assert.equal((await t.services.storage.db.selectFrom('reports').selectAll().execute()).length, 0);
    } finally {
      await t.close();
    }
  });
});
