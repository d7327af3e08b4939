// The event-bus port's behaviour suite: what every transport must do the same way. Run by bus.test.ts on the
// in-process bus always (and on NATS JetStream once that adapter exists). Waits poll for outcomes instead of
// calling a transport-specific drain, so a networked transport passes the same suite.
import { describe, test as nodeTest, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { isAppError, type Envelope, type EventBus, type SmsVerdictV1, type Subject } from '../src/core/index.js';

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

export function runBusContract(name: string, newBus: () => Promise<EventBus>): void {
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

    void test('after close, publish and subscribe are refused with SHUTTING_DOWN', async (bus) => {
      await bus.close();
      await bus.close();
      await assert.rejects(bus.publish('sms.verdict.v1', verdict(1)), (e) => isAppError(e) && e.code === 'SHUTTING_DOWN');
      await assert.rejects(bus.subscribe('sms.verdict.v1', () => undefined), (e) => isAppError(e) && e.code === 'SHUTTING_DOWN');
    });
  });
}
