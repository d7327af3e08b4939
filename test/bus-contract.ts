// The event-bus port's behaviour suite: what every transport must do the same way. Run by bus.test.ts on the
// in-process bus always and on NATS JetStream when MAMORU_TEST_NATS_URL is set. Waits poll for outcomes instead of
// calling a transport-specific drain, so a networked transport passes the same suite; transport facts that only
// some buses set (seq, redelivered) are checked only where present.
import { describe, test as nodeTest, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { isAppError, partitionOf, type Envelope, type EventBus, type SmsVerdictV1, type Subject } from '../src/core/index.js';

export async function eventually(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Long enough for a transport to have delivered something it should not have. */
const quiet = () => new Promise((r) => setTimeout(r, 50));

export function verdict(n: number, senderKey = 'line-1'): SmsVerdictV1 {
  return {
    verdictId: `v${n}`, at: 1_767_225_600_000 + n, policy: 'network', action: 'block', score: 0.97, category: 'phishing',
    brand: 'amazon', family: null, fingerprint: 'tf1:0123456789abcdef', senderKey, senderType: 'phone', route: null,
    reasonCodes: ['indicator_bad_url'], indicatorIds: [],
  };
}

export interface BusContractOptions {
  /** The partition count the buses under test were opened with (default 8, both buses' default). */
  partitions?: number;
}

/** Keys spread over every partition (with 8 partitions, 32 keys hit each of them). */
const keys = (n: number) => Array.from({ length: n }, (_, i) => `line-${i}`);

export function runBusContract(name: string, newBus: () => Promise<EventBus>, opts: BusContractOptions = {}): void {
  const partitions = opts.partitions ?? 8;
  void describe(`event bus contract: ${name}`, () => {
    const test = (title: string, fn: (bus: EventBus, t: TestContext) => Promise<void>) =>
      nodeTest(title, async (t) => {
        const bus = await newBus();
        try {
          await fn(bus, t);
        } finally {
          await bus.close();
        }
      });

    void test('a subscriber receives the envelope: id, subject, time, key and payload', async (bus) => {
      const got: Envelope<'sms.verdict.v1'>[] = [];
      await bus.subscribe('sms.verdict.v1', (e) => void got.push(e));
      const before = Date.now();
      await bus.publish('sms.verdict.v1', verdict(1), { key: 'line-1', id: 'evt-1' });
      await bus.publish('sms.verdict.v1', verdict(2));
      await eventually(() => got.length === 2);
      const [first, second] = got;
      assert.ok(first && second);
      assert.equal(first.id, 'evt-1');
      assert.equal(first.subject, 'sms.verdict.v1');
      assert.equal(first.key, 'line-1');
      assert.deepEqual(first.payload, verdict(1));
      assert.ok(first.at >= before && first.at <= Date.now());
      assert.equal(second.key, null);
      assert.ok(second.id.length > 0 && second.id !== 'evt-1', 'a default id is generated and unique');
    });

    void test('delivery is asynchronous: publish resolves without waiting for a slow handler', async (bus) => {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      let finished = false;
      await bus.subscribe('sms.verdict.v1', async () => {
        await gate;
        finished = true;
      });
      await bus.publish('sms.verdict.v1', verdict(1));
      assert.equal(finished, false);
      release();
      await eventually(() => finished);
    });

    void test('subjects are separate: a subscriber gets only its subject', async (bus) => {
      const subjects: Subject[] = [];
      await bus.subscribe('intel.indicators.changed.v1', (e) => void subjects.push(e.subject));
      await bus.publish('sms.verdict.v1', verdict(1));
      await bus.publish('intel.indicators.changed.v1', { upserted: [], removed: [{ kind: 'url', value: 'x.example' }] });
      await eventually(() => subjects.length === 1);
      await quiet();
      assert.deepEqual(subjects, ['intel.indicators.changed.v1']);
    });

    void test('without a group every subscriber gets every event (per-process caches rely on it)', async (bus) => {
      const a: string[] = [];
      const b: string[] = [];
      await bus.subscribe('sms.verdict.v1', (e) => void a.push(e.payload.verdictId));
      await bus.subscribe('sms.verdict.v1', (e) => void b.push(e.payload.verdictId));
      for (let i = 0; i < 5; i++) await bus.publish('sms.verdict.v1', verdict(i));
      await eventually(() => a.length === 5 && b.length === 5);
    });

    void test('a group gets each event once, every group gets it, and one key always goes to the same member', async (bus) => {
      const got: Record<string, string[]> = { d1: [], d2: [], m: [] };
      const keyToMember = new Map<string, string>();
      const member = (name: string) => (e: Envelope<'sms.verdict.v1'>) => {
        got[name]!.push(e.payload.verdictId);
        if (name !== 'm') {
          const prev = keyToMember.get(e.key!);
          assert.ok(prev === undefined || prev === name, `key ${e.key} moved from ${prev} to ${name}`);
          keyToMember.set(e.key!, name);
        }
      };
      await bus.subscribe('sms.verdict.v1', member('d1'), { group: 'devices' });
      await bus.subscribe('sms.verdict.v1', member('d2'), { group: 'devices' });
      await bus.subscribe('sms.verdict.v1', member('m'), { group: 'monitor' });
      for (let i = 0; i < 40; i++) await bus.publish('sms.verdict.v1', verdict(i, `line-${i % 8}`), { key: `line-${i % 8}` });
      await eventually(() => got.d1!.length + got.d2!.length === 40 && got.m!.length === 40);
      await quiet();
      assert.equal(got.d1!.length + got.d2!.length, 40, 'no event delivered twice within a group');
      assert.equal(new Set([...got.d1!, ...got.d2!]).size, 40);
    });

    void test('per key, events arrive in publish order and a handler never runs twice at once', async (bus) => {
      const seen: number[] = [];
      let running = 0;
      let overlap = false;
      await bus.subscribe('sms.verdict.v1', async (e) => {
        running++;
        if (running > 1) overlap = true;
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        seen.push(e.payload.at);
        running--;
      });
      for (let i = 0; i < 30; i++) await bus.publish('sms.verdict.v1', verdict(i), { key: 'line-1' });
      await eventually(() => seen.length === 30);
      assert.deepEqual(seen, [...seen].sort((x, y) => x - y));
      assert.equal(overlap, false);
    });

    void test('a failing handler (throw or reject) neither fails the publisher nor stops later deliveries', async (bus) => {
      const ok: string[] = [];
      await bus.subscribe('sms.verdict.v1', (e) => {
        if (e.payload.verdictId === 'v1') throw new Error('sync failure');
        if (e.payload.verdictId === 'v2') return Promise.reject(new Error('async failure'));
        ok.push(e.payload.verdictId);
      });
      for (let i = 1; i <= 3; i++) await bus.publish('sms.verdict.v1', verdict(i));
      await eventually(() => ok.length === 1);
      assert.deepEqual(ok, ['v3']);
    });

    void test('after unsubscribe no handler call starts', async (bus) => {
      const got: string[] = [];
      const sub = await bus.subscribe('sms.verdict.v1', (e) => void got.push(e.payload.verdictId));
      await bus.publish('sms.verdict.v1', verdict(1));
      await eventually(() => got.length === 1);
      await sub.unsubscribe();
      await sub.unsubscribe();
      await bus.publish('sms.verdict.v1', verdict(2));
      await quiet();
      assert.deepEqual(got, ['v1']);
    });

    void test('a group member given partitions gets only their events; members with complementary lists get every event once', async (bus) => {
      const low = Array.from({ length: Math.ceil(partitions / 2) }, (_, i) => i);
      const high = Array.from({ length: partitions - low.length }, (_, i) => i + low.length);
      const got = { low: [] as Envelope<'sms.verdict.v1'>[], high: [] as Envelope<'sms.verdict.v1'>[] };
      await bus.subscribe('sms.verdict.v1', (e) => void got.low.push(e), { group: 'workers', partitions: low });
      await bus.subscribe('sms.verdict.v1', (e) => void got.high.push(e), { group: 'workers', partitions: high });
      const ks = keys(32);
      for (const [i, k] of ks.entries()) await bus.publish('sms.verdict.v1', verdict(i, k), { key: k });
      await eventually(() => got.low.length + got.high.length === ks.length);
      await quiet();
      assert.equal(new Set([...got.low, ...got.high].map((e) => e.id)).size, ks.length, 'each event once');
      for (const [list, envs] of [[low, got.low], [high, got.high]] as const) {
        assert.ok(envs.length > 0, 'the keys reach both halves');
        for (const e of envs) {
          const p = partitionOf(e.key, partitions);
          assert.ok(list.includes(p), `key ${e.key} (partition ${p}) reached the member for ${list.join(',')}`);
          assert.ok(e.partition === undefined || e.partition === p, 'envelope partition is partitionOf(key)');
          assert.equal(e.ack, undefined, 'auto mode: no ack on the envelope');
        }
      }
    });

    void test('a subscription without a group given partitions gets only their events', async (bus) => {
      const got: string[] = [];
      await bus.subscribe('sms.verdict.v1', (e) => void got.push(e.key!), { partitions: [0] });
      const ks = keys(32);
      for (const [i, k] of ks.entries()) await bus.publish('sms.verdict.v1', verdict(i, k), { key: k });
      const expected = ks.filter((k) => partitionOf(k, partitions) === 0);
      await eventually(() => got.length === expected.length);
      await quiet();
      assert.deepEqual(got, expected);
    });

    void test('when a group member unsubscribes, the remaining member gets its partitions', async (bus) => {
      const a: string[] = [];
      const b: string[] = [];
      const subA = await bus.subscribe('sms.verdict.v1', (e) => void a.push(e.payload.verdictId), { group: 'devices' });
      await bus.subscribe('sms.verdict.v1', (e) => void b.push(e.payload.verdictId), { group: 'devices' });
      const ks = keys(16);
      for (const [i, k] of ks.entries()) await bus.publish('sms.verdict.v1', verdict(i, k), { key: k });
      await eventually(() => a.length + b.length === 16);
      assert.ok(a.length > 0 && b.length > 0, 'two members split the partitions');
      await subA.unsubscribe();
      const before = a.length;
      for (const [i, k] of ks.entries()) await bus.publish('sms.verdict.v1', verdict(100 + i, k), { key: k });
      await eventually(() => a.length + b.length === 32);
      await quiet();
      assert.equal(a.length, before, 'nothing reaches the member that left');
      assert.equal(new Set([...a, ...b]).size, 32);
    });

    void test('manual ack: every envelope carries ack(), and partition and seq, where set, are consistent', async (bus) => {
      const got: Envelope<'sms.verdict.v1'>[] = [];
      await bus.subscribe('sms.verdict.v1', (e) => void got.push(e), { group: 'worker', ack: 'manual' });
      const ks = keys(8);
      for (let i = 0; i < 24; i++) await bus.publish('sms.verdict.v1', verdict(i, ks[i % 8]), { key: ks[i % 8]! });
      await eventually(() => got.length === 24);
      const lastSeq = new Map<number, number>();
      for (const e of got) {
        assert.equal(typeof e.ack, 'function');
        e.ack!();
        const p = partitionOf(e.key, partitions);
        assert.ok(e.partition === undefined || e.partition === p);
        if (e.seq !== undefined) {
          assert.ok(e.seq > (lastSeq.get(p) ?? 0), 'seq strictly increases within a partition');
          lastSeq.set(p, e.seq);
        }
        assert.ok(e.redelivered === undefined || e.redelivered === false, 'first delivery');
      }
      // ack() never throws, not even twice or after close.
      got[0]!.ack!();
      await bus.close();
      got[1]!.ack!();
    });

    void test('bad subscriptions are refused: unknown partitions, an empty list, a bad group name, mixed ack modes', async (bus) => {
      const code = (c: string) => (e: unknown) => isAppError(e) && e.code === c;
      await assert.rejects(bus.subscribe('sms.verdict.v1', () => undefined, { group: 'g', partitions: [partitions] }), code('CONFIG_INVALID'));
      await assert.rejects(bus.subscribe('sms.verdict.v1', () => undefined, { group: 'g', partitions: [] }), code('CONFIG_INVALID'));
      await assert.rejects(bus.subscribe('sms.verdict.v1', () => undefined, { group: 'no.dots' }), code('CONFIG_INVALID'));
      await bus.subscribe('sms.verdict.v1', () => undefined, { group: 'g', ack: 'manual' });
      await assert.rejects(bus.subscribe('sms.verdict.v1', () => undefined, { group: 'g' }), code('CONFLICT'));
    });

    void test('after close, publish and subscribe are refused with SHUTTING_DOWN', async (bus) => {
      await bus.close();
      await bus.close();
      await assert.rejects(bus.publish('sms.verdict.v1', verdict(1)), (e) => isAppError(e) && e.code === 'SHUTTING_DOWN');
      await assert.rejects(bus.subscribe('sms.verdict.v1', () => undefined), (e) => isAppError(e) && e.code === 'SHUTTING_DOWN');
    });
  });
}
