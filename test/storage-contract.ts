// The storage port's behaviour suite: what every store must do the same way. Run by storage.test.ts on SQLite
// (file and :memory:) always and on PostgreSQL when MAMORU_TEST_PG_URL is set.
import { describe, test as nodeTest, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { isAppError, isUniqueViolation, MIGRATIONS, toJsonText, fromJsonText, type Storage } from '../src/core/index.js';
import type { FixtureFactory, StorageFixture } from './storage-fixtures.js';

// A time past 2^32 ms and 2^31 s, so a 32-bit integer path anywhere would corrupt it.
const T0 = 1_767_225_600_123;

export function indicatorRow(id: string, value: string, at = T0) {
  return {
    id,
    kind: 'url',
    value,
    verdict: 'bad' as const,
    source: 'test',
    confidence: 0.875,
    first_seen: at,
    last_seen: at,
    expires_at: null,
    brand: null,
    family: null,
    note: null,
    updated_at: at,
  };
}

async function countIndicators(s: Storage): Promise<number> {
  const r = await s.db.selectFrom('indicators').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export function runStorageContract(name: string, newStorage: FixtureFactory): void {
  void describe(`storage contract: ${name}`, () => {
    // A fresh store per case, closed in `finally`: Node 20 skips afterEach hooks for a case that calls t.skip(),
    // which would leak PostgreSQL schemas.
    const test = (title: string, fn: (s: Storage, fx: StorageFixture, t: TestContext) => Promise<void>) =>
      nodeTest(title, async (t) => {
        const fx = await newStorage();
        try {
          await fn(await fx.open(), fx, t);
        } finally {
          await fx.dispose();
        }
      });

    void test('migrations are idempotent: migrate again and reopen without error or duplicate records', async (s, fx) => {
      await s.migrate();
      await s.migrate();
      if (fx.shared) await (await fx.open()).migrate();
      const r = await sql<{ n: number | string }>`select count(*) as n from kysely_migration`.execute(s.db);
      assert.equal(Number(r.rows[0]?.n), Object.keys(MIGRATIONS).length);
    });

    void test('two handles opening a fresh store at the same time both end up migrated', async (s, fx, t) => {
      if (!fx.shared) return t.skip('store is per-handle (:memory:): nothing to race');
      if (!s.capabilities.concurrentWriters) {
        // better-sqlite3 is synchronous: a second handle waiting for the write lock blocks the thread that holds it.
        return t.skip('SQLite allows one handle per process; test/sqlite-storage.test.ts races two processes instead');
      }
      const fresh = await newStorage();
      try {
        const [a, b] = await Promise.all([fresh.open(), fresh.open()]);
        await a.db.insertInto('meta').values({ key: 'k', value: 'v' }).execute();
        assert.deepEqual(await b.db.selectFrom('meta').selectAll().execute(), [{ key: 'k', value: 'v' }]);
      } finally {
        await fresh.dispose();
      }
    });

    void test('round-trips rows: bigint ms times come back as exact numbers, JSON text parses back', async (s) => {
      const row = { ...indicatorRow('i1', 'evil.example/login'), expires_at: T0 + 86_400_000, brand: 'b', family: 'f', note: 'n' };
      await s.db.insertInto('indicators').values(row).execute();
      const got = await s.db.selectFrom('indicators').selectAll().where('id', '=', 'i1').executeTakeFirstOrThrow();
      assert.deepEqual(got, row);
      assert.equal(typeof got.first_seen, 'number');

      await s.db.updateTable('indicators').set({ last_seen: T0 + 1, confidence: 0.1234567891, expires_at: null }).where('id', '=', 'i1').execute();
      const upd = await s.db.selectFrom('indicators').select(['last_seen', 'confidence', 'expires_at']).where('id', '=', 'i1').executeTakeFirstOrThrow();
      // Confidence must read back exactly: the column is 8-byte float on both stores.
      assert.deepEqual(upd, { last_seen: T0 + 1, confidence: 0.1234567891, expires_at: null });

      const data = { domains: ['bank.example', '銀行.example'], keywords: ['ログイン'] };
      await s.db.insertInto('brands').values({ id: 'br1', name: 'Bank', category: 'bank', data: toJsonText(data), updated_at: T0 }).execute();
      await s.db
        .insertInto('senders')
        .values({ id: 's1', sender: 'BANK', sender_type: 'alphanumeric', brand_id: 'br1', owner: 'Bank', vetting: 'vetted', official_domains: toJsonText(['bank.example']), created_at: T0, updated_at: T0 })
        .execute();
      const brand = await s.db.selectFrom('brands').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual(fromJsonText(brand.data), data);
      const sender = await s.db.selectFrom('senders').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual(fromJsonText(sender.official_domains), ['bank.example']);
      assert.equal(sender.created_at, T0);
    });

    void test('unique violations are typed: isUniqueViolation and AppError CONFLICT, on a unique key and on the primary key', async (s) => {
      await s.db.insertInto('indicators').values(indicatorRow('i1', 'a.example')).execute();
      const dupKey = s.db.insertInto('indicators').values(indicatorRow('i2', 'a.example')).execute();
      await assert.rejects(dupKey, (e) => isUniqueViolation(e) && isAppError(e) && e.code === 'CONFLICT');
      const dupId = s.db.insertInto('indicators').values(indicatorRow('i1', 'b.example')).execute();
      await assert.rejects(dupId, (e) => isUniqueViolation(e));
    });

    void test('other constraint failures are STORAGE_FAILED, not unique violations (not null, check, foreign key)', async (s) => {
      const notNull = sql`insert into meta (key, value) values ('k', null)`.execute(s.db);
      await assert.rejects(notNull, (e) => !isUniqueViolation(e) && isAppError(e) && e.code === 'STORAGE_FAILED');
      const badVerdict = s.db.insertInto('indicators').values({ ...indicatorRow('i1', 'x'), verdict: 'maybe' as 'bad' }).execute();
      await assert.rejects(badVerdict, (e) => isAppError(e) && e.code === 'STORAGE_FAILED');
      const fk = s.db
        .insertInto('senders')
        .values({ id: 's1', sender: 'X', sender_type: 'alphanumeric', brand_id: 'missing', owner: 'o', vetting: 'pending', official_domains: '[]', created_at: 1, updated_at: 1 })
        .execute();
      await assert.rejects(fk, (e) => isAppError(e) && e.code === 'STORAGE_FAILED');
    });

    void test('a transaction that throws rolls back every write in it', async (s) => {
      await assert.rejects(
        s.db.transaction().execute(async (trx) => {
          await trx.insertInto('indicators').values(indicatorRow('i1', 'a.example')).execute();
          await trx.insertInto('meta').values({ key: 'k', value: 'v' }).execute();
          throw new Error('boom');
        }),
        /boom/,
      );
      // A unique violation half-way through a batch must not leave the first half behind either.
      await s.db.insertInto('indicators').values(indicatorRow('i9', 'taken.example')).execute();
      await assert.rejects(
        s.db.transaction().execute(async (trx) => {
          await trx.insertInto('indicators').values(indicatorRow('i2', 'b.example')).execute();
          await trx.insertInto('indicators').values(indicatorRow('i3', 'taken.example')).execute();
        }),
        (e) => isUniqueViolation(e),
      );
      assert.equal(await countIndicators(s), 1);
      assert.deepEqual(await s.db.selectFrom('meta').selectAll().execute(), []);
    });

    void test('concurrent writes: parallel transactions all land, and atomic increments are not lost', async (s, fx) => {
      await Promise.all(
        Array.from({ length: 20 }, (_, t) =>
          s.db.transaction().execute(async (trx) => {
            for (let i = 0; i < 25; i++) await trx.insertInto('indicators').values(indicatorRow(`t${t}-${i}`, `h${t}-${i}.example`)).execute();
          }),
        ),
      );
      assert.equal(await countIndicators(s), 500);

      const other = fx.shared ? await fx.open() : s;
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          (i % 2 ? other : s).db.updateTable('indicators').set((eb) => ({ last_seen: eb('last_seen', '+', 1) })).where('id', '=', 't0-0').execute(),
        ),
      );
      const row = await s.db.selectFrom('indicators').select('last_seen').where('id', '=', 't0-0').executeTakeFirstOrThrow();
      assert.equal(row.last_seen, T0 + 50);
    });

    void test('keyset pagination walks every row once, in id order', async (s) => {
      await s.db.insertInto('indicators').values(Array.from({ length: 57 }, (_, i) => indicatorRow(`id${String(i).padStart(3, '0')}`, `p${i}.example`))).execute();
      const seen: string[] = [];
      let after = '';
      for (;;) {
        const page = await s.db.selectFrom('indicators').select('id').where('id', '>', after).orderBy('id').limit(10).execute();
        if (page.length === 0) break;
        seen.push(...page.map((r) => r.id));
        after = page.at(-1)!.id;
      }
      assert.equal(seen.length, 57);
      assert.deepEqual(seen, [...seen].sort());
    });

    void test('streaming works where the capability says so', async (s, _fx, t) => {
      if (!s.capabilities.streaming) return t.skip(`${s.dialect}: capabilities.streaming is false`);
      await s.db.insertInto('meta').values([{ key: 'a', value: '1' }, { key: 'b', value: '2' }]).execute();
      const keys: string[] = [];
      for await (const r of s.db.selectFrom('meta').select('key').orderBy('key').stream()) keys.push(r.key);
      assert.deepEqual(keys, ['a', 'b']);
    });

    void test('appendRows: rows as value arrays in one transaction, an existing key skipped, only plain identifiers', async (s) => {
      const cols = ['id', 'kind', 'value', 'verdict', 'source', 'confidence', 'first_seen', 'last_seen', 'expires_at', 'brand', 'family', 'note', 'updated_at'] as const;
      const tuple = (id: string, value: string) => { const r = indicatorRow(id, value); return cols.map((c) => r[c]); };
      await s.appendRows('indicators', cols, [tuple('a1', 'https://a.example/1'), tuple('a2', 'https://a.example/2')]);
      // The same key again (a retried batch) is skipped, not an error; the new row in the same call lands.
      await s.appendRows('indicators', cols, [tuple('a1', 'https://a.example/1'), tuple('a3', 'https://a.example/3')]);
      const rows = await s.db.selectFrom('indicators').select(['id', 'first_seen', 'confidence']).orderBy('id').execute();
      assert.deepEqual(rows.map((r) => [r.id, Number(r.first_seen), Number(r.confidence)]), [['a1', T0, 0.875], ['a2', T0, 0.875], ['a3', T0, 0.875]]);
      // A bad row fails the whole call: nothing of it is kept.
      await assert.rejects(s.appendRows('indicators', cols, [tuple('a4', 'https://a.example/4'), [...tuple('a5', 'x').slice(0, 2), null, ...tuple('a5', 'x').slice(3)]]), (e: unknown) => isAppError(e));
      assert.equal(await countIndicators(s), 3);
      await assert.rejects(s.appendRows('indicators"; drop table indicators; --', cols, []), (e: unknown) => isAppError(e) && e.code === 'VALIDATION_FAILED');
      await assert.rejects(s.appendRows('indicators', ['id', 'value) values (1'], []), (e: unknown) => isAppError(e) && e.code === 'VALIDATION_FAILED');
    });

    void test('close is idempotent', async (s) => {
      await s.close();
      await s.close();
    });
  });
}
