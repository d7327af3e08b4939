// Scale-out, end to end: two `mamoru worker --role devices` processes share the partitions of the verdict stream
// on NATS JetStream with their state in PostgreSQL; one is killed (SIGKILL) mid-stream and started again. Every
// event is applied exactly once (each infected line's flagged total is exact), every infected line gets one
// case, and no line is notified twice (the SMTP sink counts the e-mails). Needs both MAMORU_TEST_NATS_URL and
// MAMORU_TEST_PG_URL; skips with the reason otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { sql } from 'kysely';
import { createPseudonymizer, openStorage, partitionOf, silentLogger, testServiceUrls, type SmsVerdictV1 } from '../src/core/index.js';
import { ConsentRegistry, LineKeys, SubscriberDirectory } from '../src/subscribers/index.js';
import { NatsFixture } from './nats-fixtures.js';
import { startSmtpSink } from './helpers/notify-sinks.js';
import { eventually } from './bus-contract.js';

const { pg, nats } = testServiceUrls();
const BIN = resolve(import.meta.dirname, '../bin/mamoru.js');
const KEY = 'workers-test-pseudonym-key-0001';

interface Worker {
  proc: ChildProcess;
  started: Promise<void>;
  log: string[];
}

function startWorker(env: NodeJS.ProcessEnv, partitions: string): Worker {
  const proc = spawn(process.execPath, [BIN, 'worker', '--role', 'devices', '--partitions', partitions], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const log: string[] = [];
  const started = new Promise<void>((resolveStart, reject) => {
    proc.stdout.setEncoding('utf8').on('data', (d: string) => {
      log.push(d);
      if (d.includes('devices worker started')) resolveStart();
    });
    proc.stderr.setEncoding('utf8').on('data', (d: string) => log.push(d));
    proc.on('exit', (code) => reject(new Error(`worker ${partitions} exited (${String(code)}): ${log.join('').slice(-2000)}`)));
  });
  started.catch(() => undefined);
  return { proc, started, log };
}

async function stopWorker(w: Worker, signal: NodeJS.Signals): Promise<void> {
  if (w.proc.exitCode !== null || w.proc.signalCode !== null) return;
  const exited = new Promise((r) => w.proc.once('exit', r));
  w.proc.kill(signal);
  await exited;
}

void test('two workers share the partitions; a killed worker loses no event; no line is notified twice', { timeout: 120_000 }, async (t) => {
  if (!pg || !nats) {
    t.skip('MAMORU_TEST_PG_URL and MAMORU_TEST_NATS_URL not both set: scale-out suite skipped');
    return;
  }
  const schema = `mamoru_w_${process.pid}_${randomBytes(4).toString('hex')}`;
  const fixture = new NatsFixture(nats);
  const bus = await fixture.open();
  const smtp = await startSmtpSink();
  const store = await openStorage({ dataDir: 'unused', databaseUrl: pg, pgSchema: schema }, silentLogger);
  const workers: Worker[] = [];
  try {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH, MAMORU_DATABASE_URL: pg, MAMORU_PG_SCHEMA: schema, MAMORU_BUS_URL: nats, MAMORU_BUS_PREFIX: bus.prefix,
      MAMORU_BUS_ACK_WAIT_MS: '2000', MAMORU_PSEUDONYM_KEY: KEY, MAMORU_LOG_LEVEL: 'info', MAMORU_DATA_DIR: tmpdir(),
      MAMORU_NOTIFY_CHANNELS: 'email', MAMORU_SMTP_HOST: '127.0.0.1', MAMORU_SMTP_PORT: String(smtp.port), MAMORU_SUPPORT_CONTACT: '0120-000-000（24時間）',
    };
    // The directory knows every infected line (e-mail channel); one infected line has opted out.
    const lineKeys = new LineKeys(KEY);
    const pseudo = createPseudonymizer(KEY);
    const infected = Array.from({ length: 24 }, (_, i) => `+8190${String(10_000_000 + i * 7919).slice(-8)}`);
    const legit = Array.from({ length: 200 }, (_, i) => `+8180${String(20_000_000 + i * 104_729).slice(-8)}`);
    await new SubscriberDirectory({ db: store.db, clock: { now: () => Date.now() }, lineKeys }).import(
      infected.map((line, i) => ({ line, contractId: `C${i}`, name: `契約者${i}`, email: `owner${i}@example.jp`, postalCode: null, address: null, channel: 'email' as const, consent: null })),
      'test',
    );
    await new ConsentRegistry({ db: store.db, clock: { now: () => Date.now() }, lineKeys }).set(infected[0]!, 'opted_out', 'test', 'api');
    const partitionsUsed = new Set(infected.map((l) => partitionOf(pseudo(l), 8)));
    assert.ok(partitionsUsed.size >= 6, 'the infected lines spread over the partitions');

    const a = startWorker(env, '0-3');
    const b = startWorker(env, '4-7');
    workers.push(a, b);
    await Promise.all([a.started, b.started]);

    // Each infected line sends 30 blocked messages to distinct recipients; legitimate lines chat (allowed).
    const now = Date.now();
    const events: Array<{ key: string; v: SmsVerdictV1 }> = [];
    for (let n = 0; n < 30; n++) {
      for (const [i, line] of infected.entries()) {
        const key = pseudo(line);
        events.push({ key, v: {
          verdictId: `inf-${i}-${n}`, at: now + n * 1000, policy: 'network', action: 'block', score: 0.99, category: 'phishing', brand: 'sagawa', family: 'moqhao',
          fingerprint: 'tf1:0123456789abcdef', senderKey: key, senderType: 'phone', route: 'handset', reasonCodes: ['lure_with_link'], indicatorIds: [], recipientKey: `p1:r${i}-${n}`,
        } });
      }
      for (const [i, line] of legit.entries()) {
        if ((i + n) % 5 !== 0) continue;
        const key = pseudo(line);
        events.push({ key, v: {
          verdictId: `ok-${i}-${n}`, at: now + n * 1000, policy: 'network', action: 'allow', score: 0.01, category: 'personal', brand: null, family: null,
          fingerprint: 'tf1:fedcba9876543210', senderKey: key, senderType: 'phone', route: 'handset', reasonCodes: [], indicatorIds: [], recipientKey: `p1:f${i % 7}`,
        } });
      }
    }
    // Seven rounds first: below the case threshold, so worker A holds state and positions but has sent no notice
    // when it is killed (a kill inside the claim-and-send window of a notice would, by design, repeat that notice
    // after the stale-send timeout rather than lose it — covered by the notifier's own tests).
    const firstPart = events.filter((e) => Number(e.v.verdictId.split('-')[2]) < 7);
    const rest = events.filter((e) => Number(e.v.verdictId.split('-')[2]) >= 7);
    for (const e of firstPart) await bus.publish('sms.verdict.v1', e.v, { key: e.key, id: e.v.verdictId });
    // Let worker A apply and store some of it, then kill it without warning.
    const until0 = Date.now() + 20_000;
    while ((await store.db.selectFrom('stream_cursors').select('partition').where('partition', '<', 4).execute()).length === 0) {
      if (Date.now() > until0) assert.fail('worker A stored no position');
      await new Promise((r) => setTimeout(r, 100));
    }
    await stopWorker(a, 'SIGKILL');
    assert.equal((await store.db.selectFrom('device_notices').select('id').execute()).length, 0);
    for (const e of rest) await bus.publish('sms.verdict.v1', e.v, { key: e.key, id: e.v.verdictId });
    const a2 = startWorker(env, '0-3');
    workers.push(a2);
    await a2.started;

    const flaggedTotals = async () => {
      const rows = await store.db.selectFrom('device_line_state').select(['line_key', 'extras', 'partition']).execute();
      return new Map(rows.map((r) => [r.line_key, { flagged: r.extras ? (JSON.parse(r.extras) as { flaggedTotal: number }).flaggedTotal : 0, partition: r.partition }]));
    };
    // The opted-out line (infected[0]) is not processed at all; every other infected line counts each event once.
    const expected = new Map(infected.slice(1).map((l) => [pseudo(l), 30]));
    const until = Date.now() + 60_000;
    for (;;) {
      const totals = await flaggedTotals();
      if ([...expected].every(([k, n]) => totals.get(k)?.flagged === n)) break;
      if (Date.now() > until) {
        const got = [...expected.keys()].map((k) => totals.get(k)?.flagged ?? 0);
        assert.fail(`flagged totals did not reach 30 for every infected line: ${got.join(',')}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    const totals = await flaggedTotals();
    for (const [k, n] of expected) assert.equal(totals.get(k)!.flagged, n, 'each event applied exactly once');
    for (const [k, s] of totals) assert.equal(s.partition, partitionOf(k, 8));
    assert.equal(totals.get(pseudo(infected[0]!)), undefined, 'nothing is kept about the opted-out line');

    // One case per infected line that did not opt out; the opted-out line has none.
    const cases = await store.db.selectFrom('device_cases').select(['line_key', 'state', 'opened_at', 'id']).orderBy('line_key').execute();
    assert.equal(cases.length, infected.length - 1, JSON.stringify(cases));
    assert.equal(new Set(cases.map((c) => c.line_key)).size, infected.length - 1);
    assert.ok(!cases.some((c) => c.line_key === pseudo(infected[0]!)));
    // Both workers consumed: positions are stored for partitions on both sides.
    const cursors = await store.db.selectFrom('stream_cursors').select(['partition']).execute();
    const parts = new Set(cursors.map((c) => Number(c.partition)));
    assert.ok([...parts].some((p) => p < 4) && [...parts].some((p) => p >= 4));
    assert.ok(b.log.join('').includes('"partitions":[4,5,6,7]'));

    // Exactly one e-mail per notified line, none to the opted-out line.
    await eventually(() => smtp.messages.length >= infected.length - 1, 45_000).catch((e: unknown) => { if (process.env.KEEP_SCHEMA) console.error(`mails ${smtp.messages.length}`, b.log.join("").slice(-3000), a2.log.join("").slice(-3000)); throw e; });
    await new Promise((r) => setTimeout(r, 1500));
    const recipients = smtp.messages.flatMap((m) => m.to);
    assert.equal(recipients.length, infected.length - 1);
    assert.equal(new Set(recipients).size, infected.length - 1);
    assert.ok(!recipients.includes('owner0@example.jp'));
  } finally {
    for (const w of workers) await stopWorker(w, 'SIGTERM');
    await smtp.close();
    if (!process.env.KEEP_SCHEMA) await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db).catch(() => undefined);
    await store.close();
    await fixture.dispose();
  }
});
