// The reports repository on both stores: the de-duplicating upsert is written once and must behave the same.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReportsRepository } from '../src/reports/index.js';
import { PG_SKIP_REASON, postgresFactory, sqliteFile, type FixtureFactory } from './storage-fixtures.js';

const message = (id: string, seenAt: number) => ({
  id, textHash: 'h'.repeat(64), fingerprint: 'tf1:0000000000000001', body: '不在のため持ち帰りました', category: 'smishing',
  score: 0.99, brand: 'ヤマト運輸', family: 'moqhao', seenAt,
});
const report = (id: string, memberId: string, at: number) => ({
  id, reference: `R-${id}`, memberId, channel: 'api', reporter: `p1:${id}`, sender: '+818022223333', receivedAt: null, reportedAt: at,
});

async function contract(t: { skip(msg: string): void }, factory: FixtureFactory | undefined): Promise<void> {
  if (!factory) {
    t.skip(PG_SKIP_REASON);
    return;
  }
  const fx = await factory();
  try {
    const storage = await fx.open();
    const repo = new ReportsRepository(storage.db);
    const first = await repo.store([{ message: message('m1', 1000), report: report('r1', 'A', 1000) }]);
    const again = await repo.store([
      { message: message('m2', 3000), report: report('r2', 'B', 3000) },
      { message: message('m3', 2000), report: report('r3', 'A', 2000) },
    ]);
    assert.deepEqual(first, [{ messageId: 'm1', duplicate: false }]);
    assert.deepEqual(again, [{ messageId: 'm1', duplicate: true }, { messageId: 'm1', duplicate: true }]);
    const row = await storage.db.selectFrom('report_messages').selectAll().executeTakeFirstOrThrow();
    assert.equal(Number(row.report_count), 3);
    assert.equal(Number(row.first_seen), 1000);
    assert.equal(Number(row.last_seen), 3000, 'last_seen keeps the latest, whatever the order');
    const onlyA = await repo.find({ memberId: 'A', limit: 10 });
    assert.deepEqual(onlyA.map((r) => r.reference), ['R-r3', 'R-r1']);
    assert.equal((await repo.find({ sender: '+818022223333', limit: 10 })).length, 3);
  } finally {
    await fx.dispose();
  }
}

test('reports repository on SQLite', (t) => contract(t, sqliteFile));
test('reports repository on PostgreSQL', (t) => contract(t, postgresFactory()));
