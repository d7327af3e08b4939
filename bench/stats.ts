// The monitor's statistics over a store that has counted 10,000,000 verdicts: 10M synthetic verdict events (30
// days, daily rhythm, 20 % detected scams over 12 brands and 3 families, 40,000 infected sender lines) go through
// the real roll-up code (RollupBuffer → StatsStore.write, as the stats worker does), and the report hub holds
// 1,000,000 reports in 25,000 campaigns (inserted directly, as bench/campaign-search.ts does); then every
// /v1/stats/… endpoint, the gallery and the live snapshot are timed through the real app (app.inject).
// Target (monitor issue): p95 < 50 ms for every stats endpoint.
// Usage: node --import tsx bench/stats.ts [--events 10000000] [--reports 1000000] [--json bench/results/stats.json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, newId, silentLogger, type SmsVerdictV1 } from '../src/core/index.js';
import { RollupBuffer } from '../src/monitor/index.js';
import { buildApp, compose } from '../src/server/index.js';

const { values } = parseArgs({ options: { events: { type: 'string', default: '10000000' }, reports: { type: 'string', default: '1000000' }, json: { type: 'string' } } });
const EVENTS = Number(values.events);
const REPORTS = Number(values.reports);
const DAY = 86_400_000;
const BRANDS = ['ヤマト運輸', '佐川急便', '日本郵便', 'NTTドコモ', 'au/KDDI', 'ソフトバンク', '三菱UFJ銀行', '三井住友', 'Amazon', 'Apple', 'ゆうちょ銀行', '楽天'];
const FAMILIES = ['moqhao', 'keepspy', null] as const;
const INFECTED = 40_000;
const RUNS = 300;

let seed = 12345;
const rnd = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
};

const dir = mkdtempSync(join(tmpdir(), 'mamoru-bench-stats-'));
const config = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, storage: { dataDir: dir }, server: { rateLimitPerKey: 1_000_000 }, monitor: { web: false } } });
const services = await compose(config, silentLogger, { defaultMetrics: false });
try {
  const db = services.storage.db;
  const hub = await services.access.addMember('hub', 'hub');
  const key = (await services.access.createKey(hub.id, 'analyst')).key;
  const now = Date.now();
  const start = now - 30 * DAY;
  const t0 = performance.now();
  // 1. Ten million verdicts through the roll-up, written every 200,000 events (the worker writes every second).
  let buffer = new RollupBuffer();
  // The truth for the infected estimate: distinct infected senders in the window the summary counts (the last 24
  // hour buckets).
  const from24 = now - (now % 3_600_000) - 23 * 3_600_000;
  const truth24 = new Set<string>();
  const base: Omit<SmsVerdictV1, 'at' | 'action' | 'category' | 'brand' | 'family' | 'senderKey'> = {
    verdictId: 'v', policy: 'network', score: 0.5, fingerprint: 'tf1:0', senderType: 'phone', route: 'handset', reasonCodes: [], indicatorIds: [],
  };
  for (let i = 0; i < EVENTS; i++) {
    // Daily rhythm: more traffic in the day; time increases with i.
    const at = start + Math.floor((i / EVENTS) * 30 * DAY);
    const scam = rnd() < 0.2;
    const senderKey = scam ? `p1:infected${Math.floor(rnd() * INFECTED)}` : `p1:line${i % 1_000_000}`;
    if (scam && at >= from24) truth24.add(senderKey);
    buffer.addVerdict({
      ...base, at, action: scam ? 'block' : 'allow', category: scam ? 'smishing' : 'legit',
      brand: scam ? BRANDS[Math.floor(rnd() * BRANDS.length)]! : null, family: scam ? FAMILIES[Math.floor(rnd() * 3)]! : null,
      senderKey,
    });
    if (buffer.size >= 200_000) {
      const taken = buffer.take();
      await db.transaction().execute((trx) => services.statsStore.write(trx, taken));
      buffer = new RollupBuffer();
    }
  }
  const taken = buffer.take();
  await db.transaction().execute((trx) => services.statsStore.write(trx, taken));
  // The worker keeps minute rows for 48 hours (the live counter needs one); older ones are purged as in production.
  await services.statsStore.purge(now, 2 * DAY, 400 * DAY);
  const rollupS = (performance.now() - t0) / 1000;
  // 2. The report hub: 1M reports in 25,000 campaigns (a tenth of them confirmed), with their intake roll-up.
  const t1 = performance.now();
  const messages = Math.ceil(REPORTS / 4);
  const campaigns = Math.ceil(messages / 10);
  const ids: string[] = [];
  for (let c = 0; c < campaigns; c += 500) {
    const rows = [];
    for (let i = c; i < Math.min(c + 500, campaigns); i++) {
      const first = start + Math.floor((i / campaigns) * 30 * DAY);
      const id = newId(first);
      ids.push(id);
      rows.push({ id, brand: BRANDS[i % BRANDS.length]!, family: i % 3 === 0 ? 'moqhao' : 'keepspy', category: 'smishing', first_seen: first, last_seen: first + DAY, message_count: 10, report_count: 40, merged_into: null, signature: '0'.repeat(128), status: i % 10 === 0 ? 'confirmed' : 'new' });
    }
    await db.insertInto('campaigns').values(rows).execute();
    await db.insertInto('campaign_keys').values(rows.map((r, j) => ({ key: `dom:scam-${c + j}.top`, campaign_id: r.id }))).execute();
  }
  const intake = new RollupBuffer();
  for (let m = 0; m < messages; m += 200) {
    const msgRows = [];
    const repRows = [];
    for (let i = m; i < Math.min(m + 200, messages); i++) {
      const at = start + Math.floor((i / messages) * 30 * DAY);
      const campaign = ids[Math.floor(i / 10)]!;
      msgRows.push({ id: `m${i}`, text_hash: `h${i}`, fingerprint: `tf1:${i.toString(16)}`, body: `【佐川急便】お荷物をお届けに上がりましたが不在の為持ち帰りました。090-1234-${String(i % 10000).padStart(4, '0')} https://sagawa-${i % 97}.top/x`, category: 'smishing', score: 0.99, brand: null, family: null, first_seen: at, last_seen: at, report_count: 4, campaign_id: campaign });
      for (let r = 0; r < 4; r++) {
        repRows.push({ id: `r${i}_${r}`, reference: `R-${i}-${r}`, message_id: `m${i}`, member_id: hub.id, channel: r % 2 === 0 ? '7726' : 'web', reporter: null, sender: null, received_at: null, reported_at: at });
        intake.addReport(r % 2 === 0 ? '7726' : 'web', campaign, at);
      }
    }
    await db.insertInto('report_messages').values(msgRows).execute();
    await db.insertInto('reports').values(repRows).execute();
  }
  await db.transaction().execute((trx) => services.statsStore.write(trx, intake.take()));
  const reportsS = (performance.now() - t1) / 1000;
  const rows: Record<string, number> = {};
  for (const t of ['stats_minute', 'stats_hour', 'stats_day', 'stats_sketch'] as const) {
    rows[t] = Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  }

  const app = await buildApp(config, services, silentLogger);
  await app.ready();
  const auth = { authorization: `Bearer ${key}` };
  const endpoints: Array<[string, Record<string, string>]> = [
    ['/v1/stats/summary', {}], ['/v1/stats/timeline?range=24h', {}], ['/v1/stats/timeline?range=30d', {}], ['/v1/stats/heatmap?weeks=4', {}],
    ['/v1/stats/heatmap?weeks=12', {}], ['/v1/stats/brands?days=30', {}], ['/v1/stats/brands?days=90', {}], ['/v1/stats/families?days=30', {}],
    ['/v1/stats/infected?days=30', {}], ['/v1/stats/infected?days=90', {}], ['/v1/gallery?limit=12', {}], ['/v1/stats/campaigns?days=14', auth],
    ['/v1/stats/reports?days=30', auth],
  ];
  const pct = (xs: number[], p: number) => Math.round(xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]! * 100) / 100;
  const latencyMs: Record<string, { p50: number; p95: number; p99: number }> = {};
  for (const [url, headers] of endpoints) {
    const times: number[] = [];
    for (let i = 0; i < RUNS + 20; i++) {
      const t = performance.now();
      const res = await app.inject({ method: 'GET', url, headers });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      if (i >= 20) times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    latencyMs[url] = { p50: pct(times, 50), p95: pct(times, 95), p99: pct(times, 99) };
    console.log(`${url.padEnd(32)} p50 ${latencyMs[url].p50} ms  p95 ${latencyMs[url].p95} ms  p99 ${latencyMs[url].p99} ms`);
  }
  const liveTimes: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await services.stats.live();
    liveTimes.push(performance.now() - t);
  }
  liveTimes.sort((a, b) => a - b);
  latencyMs['live snapshot (per poll)'] = { p50: pct(liveTimes, 50), p95: pct(liveTimes, 95), p99: pct(liveTimes, 99) };
  const summary = (await app.inject({ method: 'GET', url: '/v1/stats/summary' })).json<{ infected: { active24h: number } }>();
  const result = {
    events: EVENTS, reports: REPORTS, campaigns, rollupSeconds: Math.round(rollupS), reportsFillSeconds: Math.round(reportsS), rollupRows: rows,
    infectedLinesSimulated: INFECTED, infectedDistinct24h: truth24.size, infectedEstimate24h: summary.infected.active24h,
    infectedErrorPercent: Math.round(((summary.infected.active24h - truth24.size) / truth24.size) * 1000) / 10, latencyMs,
    worstP95: Math.max(...Object.values(latencyMs).map((l) => l.p95)),
  };
  console.log(`roll-up of ${EVENTS} events: ${result.rollupSeconds} s; rows ${JSON.stringify(rows)}; worst p95 ${result.worstP95} ms`);
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
  await app.close();
} finally {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
}
