// The firewall's threads and its operations listener: decider threads that each compose their own services from
// the configuration (real worker threads on a SQLite file the main thread shares), the sum of their metrics with
// the main thread's, and GET /metrics and /healthz of `mamoru firewall`.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Counter, Registry } from 'prom-client';
import { loadConfig, silentLogger, type Config } from '../src/core/index.js';
import { ThreadedDecider, type FirewallMessage } from '../src/firewall/index.js';
import { compose, type Services } from '../src/server/index.js';
import { startFirewallOps } from '../src/cli/firewall-ops.js';
import { NORMAL, SMISHING } from './firewall-smpp-fixtures.js';

const ENTRY = new URL('../src/cli/firewall-decider-thread.mjs', import.meta.url);
const LINE = '09033334444';
const WARN = '【重要】お客様のアカウントに異常なログインがありました。ご確認ください。';

describe('decider threads', () => {
  let dir: string;
  let config: Readonly<Config>;
  let services: Services;
  let threads: ThreadedDecider;
  const msg = (text: string | null, to = LINE): FirewallMessage => ({ direction: 'submit_sm', peer: 'esme1', from: '09011112222', to, text, receivedAt: Date.now() });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mamoru-fw-threads-'));
    config = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, storage: { dataDir: dir } } });
    services = await compose(config, silentLogger, { defaultMetrics: false });
    threads = new ThreadedDecider({ entry: ENTRY, workerData: config, threads: 2, logger: silentLogger });
    await threads.start();
  });
  after(async () => {
    await threads.stop();
    await services.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('decide in threads of their own as the main thread would', async () => {
    const [bad, good, none] = await Promise.all([threads.decide(msg(SMISHING)), threads.decide(msg(NORMAL)), threads.decide(msg(null))]);
    assert.equal(bad.action, 'reject');
    assert.equal(bad.status, config.firewall.rejectStatus);
    assert.equal(good.action, 'forward');
    assert.equal(none.action, 'forward', 'undecodable text passes by default (fail open)');
    // Many at once are spread over both threads and every one is answered.
    const many = await Promise.all(Array.from({ length: 200 }, (_, i) => threads.decide(msg(i % 2 === 0 ? NORMAL : SMISHING, `0908765${String(i).padStart(4, '0')}`))));
    assert.deepEqual([...new Set(many.map((d) => d.action))].sort(), ['forward', 'reject']);
    assert.equal(new Set(many.map((d) => d.decisionId)).size, 200);
  });

  it('see a line\'s settings changed by another connection and quarantine in the shared store', async () => {
    const key = services.lineKeys.of(LINE).lineKey;
    assert.equal((await threads.decide(msg(WARN))).action, 'forward', 'no client layer yet: a warned message is delivered');
    await services.firewall.settings.set(key, { client: true }, 'carrier-a/k1');
    // Each thread reads changed settings every second.
    let d = await threads.decide(msg(WARN));
    for (let i = 0; i < 40 && d.action !== 'quarantine'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      d = await threads.decide(msg(WARN));
    }
    assert.equal(d.action, 'quarantine');
    const held = await services.firewall.quarantine.get(key, d.decisionId);
    assert.equal(held.body, WARN, 'the thread stored the body before it answered');
  });

  it('report their metrics for the main thread to sum', async () => {
    const perThread = await threads.metrics();
    assert.equal(perThread.length, 2);
    const registry = new Registry();
    const ops = await startFirewallOps({ host: '127.0.0.1', port: 0 }, { registry, upstreamState: () => 'up', threadMetrics: () => threads.metrics(), logger: silentLogger });
    try {
      const text = await (await fetch(`http://127.0.0.1:${ops.port}/metrics`)).text();
      const m = /mamoru_firewall_decider_actions_total\{action="reject",direction="submit_sm"\} (\d+)/.exec(text);
      assert.ok(m && Number(m[1]) >= 101, `both threads' rejections summed: ${m?.[1] ?? 'none'}`);
    } finally {
      await ops.close();
    }
  });

  it('fail start() when a thread cannot compose its services, and leave no thread running', async () => {
    const unreachable = { ...config, storage: { ...config.storage, databaseUrl: 'postgres://mamoru@127.0.0.1:1/none' } };
    const t = new ThreadedDecider({ entry: ENTRY, workerData: unreachable, threads: 2, logger: silentLogger, startTimeoutMs: 30_000 });
    await assert.rejects(t.start(), /could not start|stopped before it was ready/);
    assert.deepEqual(t.readiness, { ready: 0, threads: 2 });
    await assert.rejects(t.decide(msg(NORMAL)), /no decider thread is running/);
  });

  it('refuse to decide once stopped (the proxy then refuses the message: nothing unclassified passes)', async () => {
    const t = new ThreadedDecider({ entry: ENTRY, workerData: config, threads: 1, logger: silentLogger });
    await t.start();
    assert.equal((await t.decide(msg(NORMAL))).action, 'forward');
    await t.stop();
    await assert.rejects(t.decide(msg(NORMAL)), /no decider thread is running/);
  });
});

describe('firewall operations listener', () => {
  it('serves /metrics and /healthz, and nothing else', async () => {
    const registry = new Registry();
    new Counter({ name: 'mamoru_test_total', help: 'test', registers: [registry] }).inc(2);
    let state: 'down' | 'connecting' | 'up' = 'down';
    const other = new Registry();
    new Counter({ name: 'mamoru_test_total', help: 'test', registers: [other] }).inc(3);
    const ops = await startFirewallOps({ host: '127.0.0.1', port: 0 }, {
      registry, upstreamState: () => state, logger: silentLogger, threadMetrics: async () => [await other.getMetricsAsJSON()],
    });
    const url = (p: string) => `http://127.0.0.1:${ops.port}${p}`;
    try {
      const down = await fetch(url('/healthz'));
      assert.equal(down.status, 503, 'a proxy without its SMSC link is taken out of rotation');
      assert.deepEqual(await down.json(), { status: 'degraded', upstream: 'down' });
      state = 'up';
      assert.equal((await fetch(url('/healthz'))).status, 200);
      const metrics = await fetch(url('/metrics'));
      assert.equal(metrics.status, 200);
      assert.match(await metrics.text(), /^mamoru_test_total 5$/m, 'the main thread\'s and the threads\' counts are summed');
      assert.equal((await fetch(url('/nope'))).status, 404);
      assert.equal((await fetch(url('/metrics'), { method: 'POST' })).status, 405);
    } finally {
      await ops.close();
    }
    // With decider threads, a proxy none of whose threads can decide is not healthy either.
    let ready = 0;
    const withThreads = await startFirewallOps({ host: '127.0.0.1', port: 0 }, { registry, upstreamState: () => 'up', logger: silentLogger, deciders: () => ({ ready, threads: 2 }) });
    try {
      const none = await fetch(`http://127.0.0.1:${withThreads.port}/healthz`);
      assert.equal(none.status, 503);
      assert.deepEqual(await none.json(), { status: 'degraded', upstream: 'up', deciders: { ready: 0, threads: 2 } });
      ready = 1;
      assert.equal((await fetch(`http://127.0.0.1:${withThreads.port}/healthz`)).status, 200);
    } finally {
      await withThreads.close();
    }
  });
});
