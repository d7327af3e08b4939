// The audit log on every available store: entries are written with who/what/why and read back newest first.
import { describe, test as nodeTest } from 'node:test';
import assert from 'node:assert/strict';
import { AuditLog, ManualClock, isAppError, type Storage } from '../src/core/index.js';
import { storeMatrix, type FixtureFactory } from './storage-fixtures.js';

const T0 = 1_767_225_600_000;

function suite(name: string, factory: FixtureFactory): void {
  void describe(`audit log: ${name}`, () => {
    const test = (title: string, fn: (s: Storage) => Promise<void>) =>
      nodeTest(title, async () => {
        const fx = await factory();
        try {
          await fn(await fx.open());
        } finally {
          await fx.dispose();
        }
      });

    void test('record stores who, what, target, purpose and details; list returns newest first', async (s) => {
      const clock = new ManualClock(T0);
      const audit = new AuditLog(s.db, clock);
      const first = await audit.record({ actor: 'user:alice', action: 'quarantine.read', target: 'quarantine:01', purpose: 'abuse-investigation', details: { ticket: 'T-1', count: 2 } });
      clock.advance(1000);
      await audit.record({ actor: 'system:retention', action: 'quarantine.purge', target: 'quarantine:*', purpose: 'retention' });
      const all = await audit.list();
      assert.deepEqual(all.map((e) => e.action), ['quarantine.purge', 'quarantine.read']);
      assert.deepEqual(all[1], first);
      assert.deepEqual(all[1]?.details, { ticket: 'T-1', count: 2 });
      assert.equal(all[0]?.details, null);
      assert.deepEqual((await audit.list({ since: T0 + 1 })).map((e) => e.at), [T0 + 1000]);
      assert.equal((await audit.list({ limit: 1 })).length, 1);
    });

    void test('an entry without a purpose (or actor, action, target) is refused: access must say why', async (s) => {
      const audit = new AuditLog(s.db, new ManualClock(T0));
      await assert.rejects(
        audit.record({ actor: 'user:alice', action: 'quarantine.read', target: 'quarantine:01', purpose: ' ' }),
        (e) => isAppError(e) && e.code === 'VALIDATION_FAILED',
      );
      assert.deepEqual(await audit.list(), []);
    });
  });
}

for (const store of storeMatrix()) {
  if (store.factory) suite(store.name, store.factory);
  else void nodeTest(`audit log: ${store.name}`, (t) => t.skip(store.skip));
}
