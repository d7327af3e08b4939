// The stats worker counts every verdict exactly once although the bus delivers at least once: it stores its
// stream position with the counts in one transaction and skips events at or below it — after a redelivery, after
// a restart on the same store, and after a write that failed. Envelopes are built by hand (a durable bus's `seq`,
// `redelivered` and `ack`), so the suite needs no NATS server, and runs on every store of the matrix.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import {
  ManualClock, silentLogger, type Database, type Envelope, type EventBus, type Handler, type SmsVerdictV1, type Subject, type SubscribeOptions, type Subscription,
} from '../src/core/index.js';
import { StatsWorker } from '../src/monitor/index.js';
import { storeMatrix, type FixtureFactory } from './storage-fixtures.js';

const T0 = Date.UTC(2026, 10, 19, 3, 20);
const HOUR = 3_600_000;

/** A bus whose deliveries the test makes itself, envelope by envelope, as a durable transport would. */
class ScriptedBus implements EventBus {
  private handler: Handler<'sms.verdict.v1'> | null = null;
  subscribed: SubscribeOptions | null = null;
  /** Partition → the highest seq acknowledged (an ack covers every earlier event of the partition). */
  readonly acked = new Map<number, number>();

  publish(): Promise<void> {
    return Promise.resolve();
  }

  subscribe<S extends Subject>(subject: S, handler: Handler<S>, opts: SubscribeOptions = {}): Promise<Subscription> {
    assert.equal(subject, 'sms.verdict.v1');
    this.handler = handler as unknown as Handler<'sms.verdict.v1'>;
    this.subscribed = opts;
    return Promise.resolve({ unsubscribe: () => Promise.resolve(void (this.handler = null)) });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  /** Delivers one event to the subscriber, awaiting its handler. */
  async deliver(partition: number, seq: number, payload: SmsVerdictV1 | Record<string, unknown>, redelivered = false): Promise<void> {
    assert.ok(this.handler, 'no subscriber');
    const env: Envelope<'sms.verdict.v1'> = Object.freeze({
      id: `ev-${seq}`, subject: 'sms.verdict.v1', at: T0, key: `p1:line-${partition}`, payload: payload as SmsVerdictV1, partition, seq, redelivered,
      ack: () => this.acked.set(partition, Math.max(this.acked.get(partition) ?? 0, seq)),
    });
    await this.handler(env);
  }
}

function scam(n: number, at = T0): SmsVerdictV1 {
  return {
    verdictId: `v${n}`, at, policy: 'network', action: 'block', score: 0.99, category: 'smishing', brand: 'ヤマト運輸', family: 'moqhao',
    fingerprint: 'tf1:0000', senderKey: `p1:sender-${n}`, senderType: 'phone', recipientKey: null, route: 'handset', reasonCodes: [], indicatorIds: [],
  };
}

/** Totals per table of one dimension, read straight from the store. */
async function totals(db: Kysely<Database>, dim = 'scam'): Promise<{ minute: number; hour: number; day: number }> {
  const one = async (table: 'stats_minute' | 'stats_hour' | 'stats_day') => {
    const rows = await db.selectFrom(table).select('count').where('dim', '=', dim).execute();
    return rows.reduce((s, r) => s + Number(r.count), 0);
  };
  return { minute: await one('stats_minute'), hour: await one('stats_hour'), day: await one('stats_day') };
}

const all = (n: number) => ({ minute: n, hour: n, day: n });

async function cursors(db: Kysely<Database>, consumer = 'stats'): Promise<Record<number, number>> {
  const rows = await db.selectFrom('stream_cursors').select(['partition', 'seq']).where('consumer', '=', consumer).orderBy('partition').execute();
  return Object.fromEntries(rows.map((r) => [Number(r.partition), Number(r.seq)]));
}

function worker(db: Kysely<Database>, bus: EventBus, clock = new ManualClock(T0)): StatsWorker {
  // flushEveryMs is long: every write in these tests is one the test asked for.
  return new StatsWorker({ db, bus, clock, logger: silentLogger, partitions: [0, 1], partitionCount: 2, flushEveryMs: 60_000 });
}

function suite(name: string, factory: FixtureFactory): void {
  void describe(`stats worker exactly-once: ${name}`, () => {
    test('a redelivered event (seq at or below the stored position) is not counted twice, before or after a restart', async () => {
      const fx = await factory();
      try {
        const { db } = await fx.open();
        const bus = new ScriptedBus();
        const w = worker(db, bus);
        await w.start();
        assert.equal(bus.subscribed?.group, 'stats');
        assert.equal(bus.subscribed?.ack, 'manual', 'acknowledged only once stored');
        assert.deepEqual(bus.subscribed?.partitions, [0, 1]);
        // Partitions share one sequence: 0 gets the odd numbers, 1 the even ones.
        for (const seq of [1, 3, 5, 7, 9]) await bus.deliver(0, seq, scam(seq));
        for (const seq of [2, 4, 6]) await bus.deliver(1, seq, scam(seq));
        assert.equal(bus.acked.size, 0, 'nothing acknowledged before it is stored');
        await w.flush();
        assert.deepEqual(await totals(db), all(8));
        assert.deepEqual(await totals(db, 'all'), all(8));
        assert.deepEqual(await cursors(db), { 0: 9, 1: 6 });
        assert.deepEqual(Object.fromEntries(bus.acked), { 0: 9, 1: 6 });

        // The bus redelivers what it thinks was not acknowledged, mixed with new events.
        for (const seq of [5, 7, 9]) await bus.deliver(0, seq, scam(seq), true);
        await bus.deliver(0, 11, scam(11));
        await bus.deliver(1, 6, scam(6), true);
        await bus.deliver(1, 8, scam(8));
        await w.flush();
        assert.deepEqual(await totals(db), all(10));
        assert.deepEqual(await cursors(db), { 0: 11, 1: 8 });

        // A new worker on the same store (a restart) takes the stored positions and skips what it already counted.
        await w.stop();
        const bus2 = new ScriptedBus();
        const w2 = worker(db, bus2);
        await w2.start();
        assert.equal(bus2.subscribed?.resumeAfter?.(0), 11, 'a re-created consumer resumes after the stored position');
        assert.equal(bus2.subscribed?.resumeAfter?.(1), 8);
        for (const seq of [9, 11]) await bus2.deliver(0, seq, scam(seq), true);
        await bus2.deliver(0, 13, scam(13));
        await bus2.deliver(1, 8, scam(8), true);
        await bus2.deliver(1, 10, scam(10));
        await w2.flush();
        assert.deepEqual(await totals(db), all(12));
        assert.deepEqual(await cursors(db), { 0: 13, 1: 10 });
        // Replays are acknowledged too, or the bus would keep redelivering them.
        assert.deepEqual(Object.fromEntries(bus2.acked), { 0: 13, 1: 10 });
        await w2.stop();
      } finally {
        await fx.dispose();
      }
    });

    test('an event that cannot be counted moves the position on (it would never get better) but counts nothing', async () => {
      const fx = await factory();
      try {
        const { db } = await fx.open();
        const bus = new ScriptedBus();
        const w = worker(db, bus);
        await w.start();
        await bus.deliver(0, 1, scam(1));
        await bus.deliver(0, 3, { ...scam(3), action: 'drop' });
        await bus.deliver(0, 5, scam(5, T0 + 2 * HOUR)); // from a clock far ahead
        await bus.deliver(0, 7, { note: 'not a verdict' });
        await w.flush();
        assert.deepEqual(await totals(db, 'all'), all(1));
        assert.deepEqual(await cursors(db), { 0: 7 });
        assert.equal(bus.acked.get(0), 7);
        await w.stop();
      } finally {
        await fx.dispose();
      }
    });

    test('a failed write keeps the counts and the position for the next flush, which writes them exactly once', async () => {
      const fx = await factory();
      try {
        const { db } = await fx.open();
        const bus = new ScriptedBus();
        const w = worker(db, bus);
        await w.start();
        for (const seq of [1, 3]) await bus.deliver(0, seq, scam(seq));
        await w.flush();
        assert.deepEqual(await totals(db), all(2));

        for (const seq of [5, 7]) await bus.deliver(0, seq, scam(seq));
        await bus.deliver(1, 2, scam(2));
        // The day table disappears for a moment: the write fails after the minute and hour rows went in, so the
        // transaction must take those back too.
        await sql`alter table stats_day rename to stats_day_away`.execute(db);
        await assert.rejects(w.flush());
        await sql`alter table stats_day_away rename to stats_day`.execute(db);
        assert.deepEqual(await totals(db), all(2), 'nothing of the failed write is stored');
        assert.deepEqual(await cursors(db), { 0: 3 }, 'nor its positions');
        assert.equal(bus.acked.get(0), 3, 'nor acknowledged');
        assert.equal(bus.acked.has(1), false);

        // Meanwhile the bus redelivers the unacknowledged events, and a new one arrives.
        for (const seq of [5, 7]) await bus.deliver(0, seq, scam(seq), true);
        await bus.deliver(0, 9, scam(9));
        await w.flush();
        assert.deepEqual(await totals(db), all(6), '2 before + 3 kept from the failed write + 1 new; the redeliveries not again');
        assert.deepEqual(await cursors(db), { 0: 9, 1: 2 });
        assert.deepEqual(Object.fromEntries(bus.acked), { 0: 9, 1: 2 });
        await w.stop();
      } finally {
        await fx.dispose();
      }
    });

    test('the worker keeps flushing on its own timer after a failed write', async () => {
      const fx = await factory();
      try {
        const { db } = await fx.open();
        const bus = new ScriptedBus();
        const w = new StatsWorker({ db, bus, clock: new ManualClock(T0), logger: silentLogger, partitions: [0, 1], partitionCount: 2, flushEveryMs: 50 });
        await w.start();
        await sql`alter table stats_day rename to stats_day_away`.execute(db);
        await bus.deliver(0, 1, scam(1));
        // Let the timer try (and fail) a few times; the minute and hour rows of those tries are rolled back.
        await new Promise((r) => setTimeout(r, 300));
        const tried = await db.selectFrom('stats_minute').select('count').execute();
        assert.equal(tried.length, 0);
        await sql`alter table stats_day_away rename to stats_day`.execute(db);
        // (A flush may run right here and succeed: then the loop below finds it written at once.)
        const deadline = Date.now() + 5_000;
        while (Date.now() < deadline && (await totals(db, 'all')).day === 0) await new Promise((r) => setTimeout(r, 50));
        assert.deepEqual(await totals(db, 'all'), all(1), 'written once the store works again');
        await w.stop();
      } finally {
        await fx.dispose();
      }
    });
  });
}

for (const { name, factory, skip } of storeMatrix()) {
  if (factory) suite(name, factory);
  else if (skip) void describe(`stats worker exactly-once: ${name}`, () => void test(skip, { skip }, () => undefined));
}
