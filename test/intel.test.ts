// The intel service on real stores (SQLite always, PostgreSQL with MAMORU_TEST_PG_URL): what it stores, what
// each process's index answers, and how changes travel between processes over the bus.
import { describe, test as nodeTest, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessBus, ManualClock, isAppError, type Storage } from '../src/core/index.js';
import { IndicatorIndex, IndicatorsRepository, IntelService, type IndicatorInput, type IndicatorStore } from '../src/intel/index.js';
import { storeMatrix, type FixtureFactory, type StorageFixture } from './storage-fixtures.js';

const T0 = 1_767_225_600_000;

interface World {
  s: Storage;
  fx: StorageFixture;
  bus: InProcessBus;
  clock: ManualClock;
  repo: IndicatorsRepository;
  /** A started service, as one process would run it; all share the store, the bus and the clock. */
  service(store?: IndicatorStore): Promise<IntelService>;
}

function bad(value: string, over: Partial<IndicatorInput> = {}): IndicatorInput {
  return { kind: 'url', value, verdict: 'bad', source: 'report-hub', confidence: 0.9, ...over };
}

function suite(name: string, factory: FixtureFactory): void {
  void describe(`intel service: ${name}`, () => {
    // Per-case world closed in `finally` (Node 20 skips afterEach after t.skip()).
    const test = (title: string, fn: (w: World, t: TestContext) => Promise<void>) =>
      nodeTest(title, async (t) => {
        const fx = await factory();
        const bus = new InProcessBus();
        const services: IntelService[] = [];
        try {
          const s = await fx.open();
          const clock = new ManualClock(T0);
          const repo = new IndicatorsRepository(s.db, clock);
          const service = async (store: IndicatorStore = repo) => {
            const svc = new IntelService({ repository: store, index: new IndicatorIndex(), bus, clock });
            services.push(svc);
            await svc.start();
            return svc;
          };
          await fn({ s, fx, bus, clock, repo, service }, t);
        } finally {
          for (const svc of services) await svc.stop();
          await bus.close();
          await fx.dispose();
        }
      });

    void test('upsert normalises, stores and indexes; lookups accept any spelling of the value', async (w) => {
      const svc = await w.service();
      const [stored] = await svc.upsert([bad('HTTPS://Evil.Example/Login/?utm=1', { brand: 'amazon', expiresAt: T0 + 86_400_000 })]);
      assert.ok(stored);
      assert.equal(stored.value, 'evil.example/Login');
      assert.deepEqual(await w.repo.get('url', 'evil.example/Login'), stored);
      const hit = svc.lookup('url', 'http://evil.example/Login');
      assert.deepEqual(hit, { id: stored.id, kind: 'url', value: 'evil.example/Login', verdict: 'bad', confidence: 0.9, source: 'report-hub', brand: 'amazon', family: null });
      assert.equal(svc.lookup('url', 'not a url at all ::'), undefined, 'an unparsable value is a miss, not an error');
      w.clock.advance(86_400_000);
      assert.equal(svc.lookup('url', 'evil.example/Login'), undefined, 'expired at expiresAt');
    });

    void test('every invalid input is reported in one error and nothing is written', async (w) => {
      const svc = await w.service();
      await assert.rejects(
        svc.upsert([bad('ok.example'), bad('javascript:alert(1)'), { ...bad('x.example'), confidence: 2 }, { ...bad('y.example'), kind: 'email' as 'url' }]),
        (e) => isAppError(e) && e.code === 'INVALID_INDICATOR' && Array.isArray(e.details) && e.details.length === 3,
      );
      assert.equal(await w.repo.count(), 0);
      assert.equal(svc.lookup('url', 'ok.example'), undefined);
    });

    void test('re-reporting keeps id and first-seen, moves last-seen forward, takes the new verdict, keeps a known brand', async (w) => {
      const svc = await w.service();
      const [first] = await svc.upsert([bad('+81 90-1234-5678', { kind: 'phone', brand: 'docomo', seenAt: T0 })]);
      w.clock.advance(60_000);
      const [second] = await svc.upsert([bad('09012345678', { kind: 'phone', verdict: 'good', confidence: 0.4, source: 'operator' })]);
      assert.equal(second?.id, first?.id);
      assert.equal(second?.firstSeen, T0);
      assert.equal(second?.lastSeen, T0 + 60_000);
      assert.equal(second?.brand, 'docomo');
      // An out-of-order report (seen earlier) must not move last-seen back.
      const [third] = await svc.upsert([bad('09012345678', { kind: 'phone', seenAt: T0 - 5 })]);
      assert.equal(third?.firstSeen, T0 - 5);
      assert.equal(third?.lastSeen, T0 + 60_000);
      assert.equal(svc.lookup('phone', '090-1234-5678')?.verdict, 'bad');
      assert.equal(await w.repo.count(), 1);
    });

    void test('duplicates inside one batch collapse to the last', async (w) => {
      const svc = await w.service();
      const out = await svc.upsert([bad('dup.example', { confidence: 0.1 }), bad('DUP.example', { confidence: 0.7 })]);
      assert.equal(out.length, 1);
      assert.equal(svc.lookup('url', 'dup.example')?.confidence, 0.7);
    });

    void test('changes reach every other process: upserts and removals travel over the bus', async (w) => {
      const a = await w.service();
      const b = await w.service();
      await a.upsert([bad('shared.example'), bad('SMBC-INFO', { kind: 'sender_id' })]);
      await w.bus.drain();
      assert.equal(b.lookup('url', 'shared.example')?.source, 'report-hub');
      assert.equal(b.lookup('sender_id', 'smbc-info')?.verdict, 'bad');
      assert.equal(await a.remove('url', 'http://shared.example/'), true);
      assert.equal(await a.remove('url', 'shared.example'), false, 'already gone');
      await w.bus.drain();
      assert.equal(a.lookup('url', 'shared.example'), undefined);
      assert.equal(b.lookup('url', 'shared.example'), undefined);
    });

    void test('large batches are announced in chunks and all arrive', async (w) => {
      const a = await w.service();
      const b = await w.service();
      const inputs = Array.from({ length: 2500 }, (_, i) => bad(`h${i}.example`, { kind: 'host' }));
      await a.upsert(inputs);
      await w.bus.drain();
      assert.equal(b.stats().indicators, 2500);
      assert.equal(b.stats().byKind.host, 2500);
    });

    void test('start rebuilds the index from the store', async (w) => {
      await new IntelService({ repository: w.repo, index: new IndicatorIndex(), bus: w.bus, clock: w.clock }).upsert([
        bad('a.example'), bad('b.example', { kind: 'domain', verdict: 'good' }), bad('00051234', { kind: 'phone' }),
      ]);
      const fresh = await w.service();
      const st = fresh.stats();
      assert.equal(st.indicators, 3);
      assert.equal(st.loadedAt, T0);
      assert.equal(fresh.lookup('domain', 'B.example.')?.verdict, 'good');
      assert.equal(fresh.lookup('phone', '0005-1234')?.kind, 'phone');
    });

    void test('a removal published while the index is being rebuilt is not undone by the rebuild', async (w) => {
      const a = await w.service();
      await a.upsert([bad('one.example'), bad('two.example'), bad('three.example')]);
      await w.bus.drain();
      let done = false;
      // The scan reads a batch, then — before it is loaded — another process removes a row in it.
      const racing: IndicatorStore = {
        upsertMany: (x) => w.repo.upsertMany(x),
        remove: (k, v) => w.repo.remove(k, v),
        list: (o) => w.repo.list(o),
        changedSince: (o) => w.repo.changedSince(o),
        async *streamIndexEntries() {
          for await (const batch of w.repo.streamIndexEntries(10)) {
            if (!done) {
              done = true;
              await a.remove('url', 'two.example');
              await a.upsert([bad('four.example')]);
              await w.bus.drain();
            }
            yield batch;
          }
        },
      };
      const c = await w.service(racing);
      assert.equal(c.lookup('url', 'two.example'), undefined);
      assert.ok(c.lookup('url', 'four.example'));
      assert.ok(c.lookup('url', 'one.example'));
    });

    void test('list pages through the store by id', async (w) => {
      const svc = await w.service();
      await svc.upsert(Array.from({ length: 7 }, (_, i) => bad(`p${i}.example`, { kind: 'host' })));
      const page1 = await svc.list({ limit: 4 });
      const page2 = await svc.list({ limit: 4, after: page1.at(-1)!.id });
      assert.equal(page1.length + page2.length, 7);
      assert.equal(new Set([...page1, ...page2].map((i) => i.id)).size, 7);
      assert.equal((await svc.list({ kind: 'phone' })).length, 0);
    });
  });
}

for (const store of storeMatrix()) {
  if (store.factory) suite(store.name, store.factory);
  else void nodeTest(`intel service: ${store.name}`, (t) => t.skip(store.skip));
}
