import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeConfig, loadConfig } from '../config.js';
import { AppError } from '../errors.js';
import { InProcessBus } from './in-process-bus.js';
import { openBus } from './open-bus.js';

test('bus config: in-process with 8 partitions by default; MAMORU_BUS_URL, _PARTITIONS, _PREFIX and _ACK_WAIT_MS override', () => {
  assert.deepEqual(loadConfig({ env: {} }).bus, { partitions: 8, prefix: 'mamoru', ackWaitMs: 30_000, prefetch: 64 });
  const c = loadConfig({ env: { MAMORU_BUS_URL: 'nats://nats-1:4222,nats://nats-2:4222', MAMORU_BUS_PARTITIONS: '32', MAMORU_BUS_PREFIX: 'carrier-a', MAMORU_BUS_ACK_WAIT_MS: '5000' } });
  assert.deepEqual(c.bus, { url: 'nats://nats-1:4222,nats://nats-2:4222', partitions: 32, prefix: 'carrier-a', ackWaitMs: 5000, prefetch: 64 });
});

test('bus config: a bad URL, partition count or prefix is reported, every one at once', () => {
  try {
    loadConfig({ env: { MAMORU_BUS_URL: 'http://nats:4222', MAMORU_BUS_PARTITIONS: '0' }, overrides: { bus: { prefix: 'Has.Dots' } } });
    assert.fail('expected CONFIG_INVALID');
  } catch (e) {
    assert.ok(e instanceof AppError && e.code === 'CONFIG_INVALID');
    assert.deepEqual((e.details as { key: string }[]).map((d) => d.key).sort(), ['bus.partitions', 'bus.prefix', 'bus.url']);
  }
  assert.throws(() => loadConfig({ env: { MAMORU_BUS_PARTITIONS: '1025' } }), (e) => e instanceof AppError && e.code === 'CONFIG_INVALID');
});

test('bus config: credentials in the NATS URL are masked when printed', () => {
  const c = loadConfig({ env: { MAMORU_BUS_URL: 'nats://user:hunter2@nats-1:4222,nats://s3cr3t-token@nats-2:4222' } });
  const printed = JSON.stringify(describeConfig(c));
  assert.ok(!printed.includes('hunter2') && !printed.includes('s3cr3t-token'), printed);
  assert.ok(printed.includes('nats://***@nats-1:4222'));
});

test('openBus without a URL is the in-process bus, with the configured partition count', async () => {
  const bus = await openBus({ partitions: 4, prefix: 'mamoru', ackWaitMs: 30_000, prefetch: 64 });
  assert.ok(bus instanceof InProcessBus);
  await bus.subscribe('sms.verdict.v1', () => undefined, { partitions: [3] }); // partitions 0–3 exist
  await assert.rejects(bus.subscribe('sms.verdict.v1', () => undefined, { partitions: [4] }), (e) => e instanceof AppError && e.code === 'CONFIG_INVALID');
  await bus.close();
});
