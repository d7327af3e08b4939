// Scale-out benchmark for the devices worker: NATS JetStream + PostgreSQL, real `mamoru worker` processes.
// For 1 and then 2 workers (each run on a fresh stream prefix and schema): start the workers once so the group's
// consumers exist, stop them, publish a backlog of verdict events, start the workers again and time how long they
// take to apply and acknowledge all of it (every consumer's pending and ack-pending at zero).
// Target (issue): two workers process at least 1.7× what one does.
// Usage: node --import tsx bench/devices-scale.ts [--events 200000] [--lines 50000] [--json out.json]
//   MAMORU_BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/test), MAMORU_BENCH_NATS_URL (default nats://127.0.0.1:4222),
//   MAMORU_BENCH_PREFETCH (the workers' bus.prefetch; default the config's)
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { sql } from 'kysely';
import { connectNatsBus, createPseudonymizer, openStorage, silentLogger, type SmsVerdictV1 } from '../src/core/index.js';
import { consumerName, streamName } from '../src/core/bus/nats-setup.js';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const EVENTS = arg('--events', 200_000);
const LINES = arg('--lines', 50_000);
const jsonAt = process.argv.indexOf('--json');
// Read here rather than through the config module: these name the benchmark's own services, not mamoru's.
const PG = process.env.MAMORU_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const NATS = process.env.MAMORU_BENCH_NATS_URL ?? 'nats://127.0.0.1:4222';
const PREFETCH = process.env.MAMORU_BENCH_PREFETCH;
const BIN = resolve(import.meta.dirname, '../bin/mamoru.js');
const KEY = 'bench-pseudonym-key-000000000001';
const PARTITIONS = 8;

function startWorker(env: NodeJS.ProcessEnv, partitions: string): { proc: ChildProcess; started: Promise<void> } {
  const proc = spawn(process.execPath, [BIN, 'worker', '--role', 'devices', '--partitions', partitions], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  const started = new Promise<void>((ok, fail) => {
    proc.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (d.includes('devices worker started')) ok();
    });
    proc.on('exit', (code) => fail(new Error(`worker exited with ${String(code)}`)));
  });
  started.catch(() => undefined);
  return { proc, started };
}

async function stop(proc: ChildProcess): Promise<void> {
  if (proc.exitCode !== null) return;
  const exited = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  await exited;
}

async function backlog(prefix: string): Promise<number> {
  const nc = await connect({ servers: NATS });
  try {
    const jsm = await jetstreamManager(nc);
    let left = 0;
    for (let p = 0; p < PARTITIONS; p++) {
      const info = await jsm.consumers.info(streamName(prefix, 'sms.verdict.v1'), consumerName('devices', p));
      left += info.num_pending + info.num_ack_pending;
    }
    return left;
  } finally {
    await nc.close();
  }
}

async function run(workers: number): Promise<{ workers: number; events: number; seconds: number; eventsPerSecond: number }> {
  const prefix = `mamoru_b${randomBytes(4).toString('hex')}`;
  const schema = `mamoru_b_${randomBytes(4).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH, MAMORU_DATABASE_URL: PG, MAMORU_PG_SCHEMA: schema, MAMORU_BUS_URL: NATS, MAMORU_BUS_PREFIX: prefix,
    MAMORU_PSEUDONYM_KEY: KEY, MAMORU_LOG_LEVEL: 'info', MAMORU_DATA_DIR: tmpdir(), MAMORU_NOTIFY_CHANNELS: '',
    ...(PREFETCH ? { MAMORU_BUS_PREFETCH: PREFETCH } : {}),
  };
  const ranges = workers === 1 ? ['0-7'] : ['0-3', '4-7'];
  const store = await openStorage({ dataDir: 'unused', databaseUrl: PG, pgSchema: schema }, silentLogger);
  const bus = await connectNatsBus({ url: NATS, prefix, partitions: PARTITIONS });
  try {
    // Create the group's consumers, then stop: the backlog is published with nobody consuming.
    let procs = ranges.map((r) => startWorker(env, r));
    await Promise.all(procs.map((p) => p.started));
    await Promise.all(procs.map((p) => stop(p.proc)));
    const pseudo = createPseudonymizer(KEY);
    const keys = Array.from({ length: LINES }, (_, i) => pseudo(`+8190${String(i).padStart(8, '0')}`));
    const t0 = Date.now();
    const inflight: Array<Promise<void>> = [];
    for (let i = 0; i < EVENTS; i++) {
      const line = i % 50 === 0 ? i % 100 : (i * 7919) % LINES; // 2 % from 100 bursting lines
      const flagged = i % 50 === 0;
      const v: SmsVerdictV1 = {
        verdictId: `b${i}`, at: t0, policy: 'network', action: flagged ? 'block' : 'allow', score: flagged ? 0.99 : 0.02, category: flagged ? 'phishing' : 'personal',
        brand: flagged ? 'sagawa' : null, family: flagged ? 'moqhao' : null, fingerprint: 'tf1:0123456789abcdef', senderKey: keys[line]!, senderType: 'phone',
        route: 'handset', reasonCodes: [], indicatorIds: [], recipientKey: `p1:r${i % 65_536}`,
      };
      inflight.push(bus.publish('sms.verdict.v1', v, { key: v.senderKey!, id: v.verdictId }));
      if (inflight.length >= 1000) await Promise.all(inflight.splice(0));
    }
    await Promise.all(inflight);
    process.stderr.write(`${workers} worker(s): ${EVENTS} events published in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
    procs = ranges.map((r) => startWorker(env, r));
    await Promise.all(procs.map((p) => p.started));
    const start = Date.now();
    while ((await backlog(prefix)) > 0) await new Promise((r) => setTimeout(r, 200));
    const seconds = (Date.now() - start) / 1000;
    await Promise.all(procs.map((p) => stop(p.proc)));
    return { workers, events: EVENTS, seconds: Math.round(seconds * 100) / 100, eventsPerSecond: Math.round(EVENTS / seconds) };
  } finally {
    await bus.destroy();
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(store.db);
    await store.close();
  }
}

const one = await run(1);
console.log(JSON.stringify(one));
const two = await run(2);
console.log(JSON.stringify(two));
const result = { prefetch: PREFETCH ?? 'default', one, two, speedup: Math.round((two.eventsPerSecond / one.eventsPerSecond) * 100) / 100, target: 1.7 };
console.log(JSON.stringify(result, null, 2));
if (jsonAt > 0) writeFileSync(process.argv[jsonAt + 1]!, `${JSON.stringify(result, null, 2)}\n`);
