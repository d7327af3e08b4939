// Campaign search over a store holding 1,000,000 reports: fills a fresh SQLite file directly (multi-row inserts of
// synthetic campaigns, keys, messages and reports — intake speed is bench/reports.ts's business), then times the
// analyst's searches through the real app (GET /v1/campaigns by brand, family, domain, sender, activity) and one
// campaign detail. Target (report-hub issue): p95 < 100 ms.
// Usage: node --import tsx bench/campaign-search.ts [--reports 1000000] [--json bench/results/campaign-search.json]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, newId, silentLogger } from '../src/core/index.js';
import { buildApp, compose } from '../src/server/index.js';

const { values } = parseArgs({ options: { reports: { type: 'string', default: '1000000' }, json: { type: 'string' } } });
const N = Number(values.reports);
const PER_MESSAGE = 4;
const MESSAGES_PER_CAMPAIGN = 10;
const BRANDS = ['ヤマト運輸', '佐川急便', '日本郵便', 'NTTドコモ', 'au/KDDI', 'ソフトバンク', '三菱UFJ銀行', '三井住友', 'Amazon', 'Apple'];
const DAY = 86_400_000;

const dir = mkdtempSync(join(tmpdir(), 'mamoru-bench-search-'));
// The per-key rate limit is lifted: this measures query time, not the limiter.
const config = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, storage: { dataDir: dir }, server: { rateLimitPerKey: 1_000_000 } } });
const services = await compose(config, silentLogger, { defaultMetrics: false });
try {
  const db = services.storage.db;
  const hub = await services.access.addMember('hub', 'hub');
  const key = (await services.access.createKey(hub.id, 'analyst')).key;
  const now = Date.now();
  const messages = Math.ceil(N / PER_MESSAGE);
  const campaigns = Math.ceil(messages / MESSAGES_PER_CAMPAIGN);
  const t0 = performance.now();
  const campaignIds: string[] = [];
  for (let c = 0; c < campaigns; c += 500) {
    const rows = [];
    for (let i = c; i < Math.min(c + 500, campaigns); i++) {
      const id = newId(now - (campaigns - i) * 60_000);
      campaignIds.push(id);
      rows.push({ id, brand: BRANDS[i % BRANDS.length]!, family: i % 3 === 0 ? 'moqhao' : 'keepspy', category: 'smishing', first_seen: now - (campaigns - i) * 60_000, last_seen: now - (campaigns - i) * 30_000, message_count: MESSAGES_PER_CAMPAIGN, report_count: MESSAGES_PER_CAMPAIGN * PER_MESSAGE, merged_into: null, signature: '0'.repeat(128) });
    }
    await db.insertInto('campaigns').values(rows).execute();
    await db.insertInto('campaign_keys').values(rows.flatMap((r, j) => [{ key: `dom:scam-${c + j}.top`, campaign_id: r.id }, { key: `snd:+8190${String(c + j).padStart(8, '0')}`, campaign_id: r.id }])).execute();
  }
  for (let m = 0; m < messages; m += 200) {
    const msgRows = [];
    const repRows = [];
    for (let i = m; i < Math.min(m + 200, messages); i++) {
      const id = `m${i}`;
      const at = now - Math.floor((i / messages) * 30 * DAY);
      msgRows.push({ id, text_hash: `h${i}`, fingerprint: `tf1:${i.toString(16).padStart(16, '0')}`, body: `不在のため持ち帰りました ${i}`, category: 'smishing', score: 0.99, brand: null, family: null, first_seen: at, last_seen: at, report_count: PER_MESSAGE, campaign_id: campaignIds[Math.floor(i / MESSAGES_PER_CAMPAIGN)]! });
      for (let r = 0; r < PER_MESSAGE; r++) repRows.push({ id: `r${i}_${r}`, reference: `R-${i}-${r}`, message_id: id, member_id: hub.id, channel: 'import', reporter: `p1:${i}_${r}`, sender: null, received_at: null, reported_at: at + r * 1000 });
    }
    await db.insertInto('report_messages').values(msgRows).execute();
    await db.insertInto('reports').values(repRows).execute();
  }
  const fillS = (performance.now() - t0) / 1000;
  const app = await buildApp(config, services, silentLogger);
  await app.ready();
  const h = { authorization: `Bearer ${key}` };
  const mid = Math.floor(campaigns / 2);
  const queries: Record<string, () => string> = {
    'by brand': () => `/v1/campaigns?brand=${encodeURIComponent(BRANDS[Math.floor(Math.random() * BRANDS.length)]!)}&limit=50`,
    'by family': () => '/v1/campaigns?family=moqhao&limit=50',
    'by domain': () => `/v1/campaigns?domain=scam-${Math.floor(Math.random() * campaigns)}.top`,
    'by sender': () => `/v1/campaigns?sender=%2B8190${String(Math.floor(Math.random() * campaigns)).padStart(8, '0')}`,
    'active since': () => `/v1/campaigns?since=${now - DAY}&limit=100`,
    'campaign detail': () => `/v1/campaigns/${campaignIds[mid + Math.floor(Math.random() * 1000)]!}`,
  };
  const results: Record<string, { p50: number; p95: number }> = {};
  for (const [name, url] of Object.entries(queries)) {
    const lat: number[] = [];
    for (let i = 0; i < 220; i++) {
      const s = performance.now();
      const r = await app.inject({ method: 'GET', url: url(), headers: h });
      if (r.statusCode !== 200) throw new Error(`${name}: HTTP ${r.statusCode} ${r.body.slice(0, 200)}`);
      if (i >= 20) lat.push(performance.now() - s);
    }
    lat.sort((a, b) => a - b);
    results[name] = { p50: Math.round(lat[Math.floor(lat.length / 2)]! * 10) / 10, p95: Math.round(lat[Math.floor(lat.length * 0.95)]! * 10) / 10 };
  }
  await app.close();
  const result = { bench: 'campaign-search', store: 'sqlite-file', reports: messages * PER_MESSAGE, messages, campaigns, fillSeconds: Math.round(fillS), latencyMs: results, target: { p95Ms: 100 } };
  console.log(JSON.stringify(result, null, 2));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
}
