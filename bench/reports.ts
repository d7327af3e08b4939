// Report intake benchmark: ReportsService.submit on the embedded store (SQLite file), batches of 500, with
// extraction, classification, de-duplication, indicator evidence and campaign clustering — everything but HTTP. The report mix
// repeats the corpus's unwanted messages (so de-duplication and evidence upserts are exercised) with a distinct
// reporter per report. Target (report-hub issue): >= 2,000 reports/s sustained.
// Usage: node --import tsx bench/reports.ts [--reports 20000] [--json bench/results/reports.json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, silentLogger } from '../src/core/index.js';
import { compose } from '../src/server/index.js';
import { loadCorpus } from '../src/sms/index.js';
import { classifySender } from '../src/text/index.js';

const { values } = parseArgs({ options: { reports: { type: 'string', default: '20000' }, json: { type: 'string' } } });
const N = Number(values.reports);
const BATCH = 500;

const unwanted = loadCorpus(resolve(import.meta.dirname, '../data/training'), 'all').filter((e) => e.label !== 'legit');
const dir = mkdtempSync(join(tmpdir(), 'mamoru-bench-reports-'));
const config = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, storage: { dataDir: dir } } });
const services = await compose(config, silentLogger, { defaultMetrics: false });
try {
  const member = await services.access.addMember('bench-carrier', 'carrier');
  const make = (i: number) => {
    const e = unwanted[i % unwanted.length]!;
    // Synthetic foreign senders are random digits that libphonenumber rightly refuses: report those without one.
    const sender = e.from && classifySender(e.from).normalized !== null && classifySender(e.from).type !== 'invalid' ? e.from : null;
    return { body: e.text, sender, reporter: `+8190${String(10_000_000 + i).slice(-8)}` };
  };
  await services.reports.submit(Array.from({ length: BATCH }, (_, i) => make(i)), { memberId: member.id, channel: 'import' }); // warm-up
  const latencies: number[] = [];
  const t0 = performance.now();
  for (let done = 0; done < N; done += BATCH) {
    const s = performance.now();
    await services.reports.submit(Array.from({ length: Math.min(BATCH, N - done) }, (_, i) => make(BATCH + done + i)), { memberId: member.id, channel: 'import' });
    latencies.push(performance.now() - s);
  }
  const secs = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const messages = await services.storage.db.selectFrom('report_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const result = {
    bench: 'reports-intake', store: 'sqlite-file', reports: N, batch: BATCH, seconds: Math.round(secs * 10) / 10,
    reportsPerSecond: Math.round(N / secs), batchLatencyMs: { p50: Math.round(latencies[Math.floor(latencies.length / 2)]!), p99: Math.round(latencies[Math.floor(latencies.length * 0.99)]!) },
    distinctMessages: Number(messages.n),
    campaigns: Number((await services.storage.db.selectFrom('campaigns').select((eb) => eb.fn.countAll<number>().as('n')).where('merged_into', 'is', null).executeTakeFirstOrThrow()).n),
    indicators: services.intel.stats().indicators, target: { reportsPerSecond: 2000 },
  };
  console.log(JSON.stringify(result, null, 2));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
}
