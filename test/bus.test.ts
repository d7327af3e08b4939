// Runs the event-bus contract on every transport available here, plus the in-process bus's own extras.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessBus } from '../src/core/index.js';
import { runBusContract, verdict } from './bus-contract.js';
import { NatsFixture, NATS_SKIP_REASON, natsUrl } from './nats-fixtures.js';

runBusContract('in-process', () => Promise.resolve(new InProcessBus()));

// On JetStream every test gets a bus on a fresh prefix; the streams of all of them are deleted at the end.
const url = natsUrl();
if (url) {
  const nats = new NatsFixture(url);
  after(() => nats.dispose());
  runBusContract('nats jetstream', () => nats.open());
} else {
  void test('event bus contract: nats jetstream', (t) => t.skip(NATS_SKIP_REASON));
}

void test('in-process: drain waits for handlers, including events they publish themselves', async () => {
  const bus = new InProcessBus();
  const got: string[] = [];
  await bus.subscribe('sms.verdict.v1', async (e) => {
    got.push(e.payload.verdictId);
    if (e.payload.verdictId === 'v1') await bus.publish('sms.verdict.v1', verdict(2));
  });
  await bus.publish('sms.verdict.v1', verdict(1));
  await bus.drain();
  assert.deepEqual(got, ['v1', 'v2']);
  await bus.close();
});

void test('in-process: close delivers what was already accepted', async () => {
  const bus = new InProcessBus();
  const got: string[] = [];
  await bus.subscribe('sms.verdict.v1', (e) => void got.push(e.payload.verdictId));
  await bus.publish('sms.verdict.v1', verdict(1));
  await bus.close();
  assert.deepEqual(got, ['v1']);
});

void test('in-process: a failing handler is logged at error level with the subject and event id', async () => {
  const { pino } = await import('pino');
  const lines: Array<{ level: number; subject?: string; eventId?: string; msg?: string }> = [];
  const logger = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s) as (typeof lines)[number]) });
  const bus = new InProcessBus({ logger });
  await bus.subscribe('sms.verdict.v1', () => {
    throw new Error('boom');
  });
  await bus.publish('sms.verdict.v1', verdict(1), { id: 'evt-9' });
  await bus.drain();
  await bus.close();
  assert.deepEqual(
    lines.map((l) => ({ level: l.level, subject: l.subject, eventId: l.eventId })),
    [{ level: 50, subject: 'sms.verdict.v1', eventId: 'evt-9' }],
  );
});
