// The public statistics end to end: SMS classified through the real verdict engine publish sms.verdict.v1, the
// stats worker rolls them up, and /v1/stats/* answer from the roll-ups. Time is a ManualClock at a fixed instant
// so every bucket (UTC hour, JST day, JST weekday × hour) is known: the figures below are worked out by hand
// from the schedule of messages, not recomputed with the code under test.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { InProcessBus, ManualClock, silentLogger } from '../src/core/index.js';
import { RollupBuffer, StatsStore } from '../src/monitor/index.js';
import { startStatsRole } from '../src/server/index.js';
import type { SmsInput } from '../src/sms/index.js';
import { testApp, type TestApp } from './helpers/app.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** "Now": Thursday 2026-11-19 03:20 UTC = 12:20 JST. */
const T0 = Date.UTC(2026, 10, 19, 3, 20);

// Lures and ordinary messages, with what the engine decides about them (checked before anything is counted).
const YAMATO = 'ヤマト運輸よりお届けにあがりましたが不在の為持ち帰りました。下記よりご確認ください。 https://kuronekoyamato.co.jp.abc-xyz.top/r';
const DOCOMO = '【重要】ドコモご利用料金の未払いがあります。本日中にお手続きください。 https://d0como-pay.top/login';
const SMBC = '【三井住友】お客様の口座を一時凍結しました。至急ご確認ください https://smbc-freeze.top/a';
const SAGAWA = '【佐川急便】お荷物のお届けに伺いましたが宛先不明のため持ち戻りました。 https://sagawa-kr.top/';
const AMAZON = 'Amazonアカウントがロックされました。こちらから本人確認: https://www.amazon.co.jp@evil.example/verify';
const CALLBACK = '【有料動画サイト】未払い料金が発生しております。本日中にご連絡がない場合、法的措置に移行します。連絡先 03-0000-4821 担当：佐藤';
const RECRUIT = '【高額案件】日給5万〜 即日払い✨ 簡単な荷物の受け取りだけ！ 詳細はテレグラムで @hakobi_job88';
const CHAT = 'お疲れ！明日のお店ここだよ https://tabelog.com/tokyo/A1301/ 楽しみ';
const MEETING = '今日の会議は15時からに変更になりました。よろしくお願いします。';
const OTP = 'G-482913 が Google の確認コードです。このコードを他人に教えないでください。';

/** category, brand, family, and whether the engine warns or blocks (a recruitment lure is blocked but is no scam). */
const EXPECT: Record<string, { category: string; brand: string | null; family: string | null; detected: boolean }> = {
  [YAMATO]: { category: 'smishing', brand: 'ヤマト運輸', family: 'moqhao', detected: true },
  [DOCOMO]: { category: 'smishing', brand: 'NTTドコモ', family: 'keepspy', detected: true },
  [SMBC]: { category: 'smishing', brand: '三井住友', family: 'keepspy', detected: true },
  [SAGAWA]: { category: 'smishing', brand: '佐川急便', family: 'moqhao', detected: true },
  [AMAZON]: { category: 'smishing', brand: 'Amazon', family: 'keepspy', detected: true },
  [CALLBACK]: { category: 'scam', brand: null, family: null, detected: true },
  [RECRUIT]: { category: 'recruitment', brand: null, family: null, detected: true },
  [CHAT]: { category: 'legit', brand: null, family: null, detected: false },
  [MEETING]: { category: 'legit', brand: null, family: null, detected: false },
  [OTP]: { category: 'legit', brand: 'Google', family: null, detected: false },
};

// Senders: S* are infected subscribers' handsets; the rest must not reach the infected estimate.
const S1 = '+819011110001';
const S2 = '09011110002';
const S3 = '+819011110003';
const S4 = '09011110004';
const S5 = '08011110005';
const S6 = '07011110006';
const S7 = '09011110007';
const AGG = '0005010001';
const INTL = '+8613811110008';
const FRIEND = '+819022220001';
const COLLEAGUE = '09022220002';
const RECRUITER = '09022220003';
const SENDERS = [S1, S2, S3, S4, S5, S6, S7, AGG, INTL, FRIEND, COLLEAGUE, RECRUITER];

const msg = (body: string, from: string | null, route: SmsInput['route'] = 'handset'): SmsInput => ({ body, from, route, to: '+819099990000' });

/**
 * The schedule. JST day and weekday in the comments; "scam" = warn/block smishing or scam.
 *   t10d   2026-11-09 Mon 12:20 JST   1 scam                (outside a 1-week heatmap, inside 30 days)
 *   t3d    2026-11-16 Mon 12:20 JST   2 scams, 3 messages
 *   tPrev  2026-11-18 Wed 06:20 JST   2 scams               (30 h ago: the previous 24 hours)
 *   tYest  2026-11-18 Wed 23:30 JST   1 scam, 2 messages    (14:30 UTC)
 *   tEarly 2026-11-19 Thu 08:30 JST   1 scam                (23:30 UTC on the 18th: today in Japan)
 *   t10m   2026-11-19 Thu 12:10 JST   5 scams, 9 messages
 *   T0     2026-11-19 Thu 12:20 JST   1 scam
 */
const SCHEDULE: Array<[number, SmsInput[]]> = [
  [T0 - 10 * DAY, [msg(DOCOMO, S2)]],
  [T0 - 3 * DAY, [msg(YAMATO, S1), msg(DOCOMO, S2), msg(CHAT, FRIEND)]],
  [T0 - 30 * HOUR, [msg(YAMATO, S7), msg(DOCOMO, S1)]],
  [Date.UTC(2026, 10, 18, 14, 30), [msg(SMBC, S6), msg(MEETING, COLLEAGUE)]],
  [Date.UTC(2026, 10, 18, 23, 30), [msg(SAGAWA, S1)]],
  [T0 - 10 * MIN, [
    msg(CALLBACK, S4), // a call-back scam: counted as a scam, but not malware, so not an infected handset
    msg(YAMATO, AGG, 'aggregator'), msg(YAMATO, INTL, 'international'), msg(AMAZON, null, undefined), msg(DOCOMO, S3),
    msg(RECRUIT, RECRUITER), msg(CHAT, FRIEND), msg(MEETING, COLLEAGUE), msg(OTP, 'GOOGLE', undefined),
  ]],
  [T0, [msg(YAMATO, S5)]],
];

type Json = Record<string, unknown>;

describe('public statistics (/v1/stats/*)', () => {
  const clock = new ManualClock(T0);
  let t: TestApp;
  let stop: () => Promise<void>;

  before(async () => {
    // The worker flushes only when told to, so what it wrote is exactly what the suite flushed.
    t = await testApp({ monitor: { flushEveryMs: 60_000 } }, { clock });
    const worker = await startStatsRole(t.config, t.services, silentLogger, Array.from({ length: t.config.bus.partitions }, (_, i) => i));
    stop = () => worker.stop();
    for (const [at, inputs] of SCHEDULE) {
      clock.set(at);
      for (const input of inputs) {
        const v = t.services.sms.classify(input, 'network');
        const want = EXPECT[input.body]!;
        assert.equal(v.category, want.category, `precondition: ${input.body.slice(0, 20)}… is ${want.category}`);
        assert.equal(v.action !== 'allow', want.detected, `precondition: action of ${input.body.slice(0, 20)}…`);
        assert.equal(v.brand, want.brand);
        assert.equal(v.family, want.family);
      }
    }
    clock.set(T0);
    assert.ok(t.services.bus instanceof InProcessBus);
    await t.services.bus.drain();
    await worker.flush();
  });

  after(async () => {
    await stop();
    await t.close();
  });

  const get = async (url: string): Promise<Json> => {
    const r = await t.app.inject({ method: 'GET', url });
    assert.equal(r.statusCode, 200, `${url}: ${r.body}`);
    return r.json<Json>();
  };

  test('summary: scams in the last 24 h, today (JST), 30 days and the last hour; messages; infected lines now and the 24 h before', async () => {
    assert.deepEqual(await get('/v1/stats/summary'), {
      generatedAt: T0,
      timezone: 'Asia/Tokyo',
      // 24 h: tYest + tEarly + t10m + T0 = 1+1+5+1; today: tEarly + t10m + T0; 30 d: everything; last hour: t10m + T0.
      scam: { last24h: 8, today: 7, last30d: 13, lastHour: 6 },
      messages: { last24h: 2 + 1 + 9 + 1 },
      // Distinct smishing senders on personal lines: S6, S1, S3, S5 in the last 24 h; S7, S1 in the 24 h before.
      infected: { active24h: 4, previous24h: 2 },
      lastEventAt: T0,
    });
  });

  test('timeline 24h: 24 hourly points, oldest first, starting 23 hours before the current hour', async () => {
    const body = await get('/v1/stats/timeline?range=24h');
    assert.equal(body.range, '24h');
    assert.equal(body.unit, 'hour');
    const points = body.points as Array<{ t: number; scam: number; total: number }>;
    assert.equal(points.length, 24);
    const from = Date.UTC(2026, 10, 18, 4);
    points.forEach((p, i) => assert.equal(p.t, from + i * HOUR));
    const nonZero = points.flatMap((p, i) => (p.scam || p.total ? [[i, p.scam, p.total]] : []));
    // 14:00 UTC (tYest), 23:00 UTC (tEarly), 03:00 UTC (t10m and T0).
    assert.deepEqual(nonZero, [[10, 1, 2], [19, 1, 1], [23, 6, 10]]);
    assert.equal(await get('/v1/stats/timeline').then((b) => (b.points as unknown[]).length), 24, 'range defaults to 24h');
  });

  test('timeline 30d: 30 JST days, oldest first, labelled YYYY-MM-DD; 23:30 UTC counted on the next day', async () => {
    const body = await get('/v1/stats/timeline?range=30d');
    assert.equal(body.range, '30d');
    assert.equal(body.unit, 'day');
    const points = body.points as Array<{ t: number; day: string; scam: number; total: number }>;
    assert.equal(points.length, 30);
    assert.equal(points[0]!.day, '2026-10-21');
    assert.equal(points[29]!.day, '2026-11-19');
    assert.equal(points[29]!.t, Date.UTC(2026, 10, 18, 15), 'a day starts at 00:00 JST = 15:00 UTC');
    points.forEach((p, i) => assert.equal(p.t, points[0]!.t + i * DAY));
    const byDay = Object.fromEntries(points.filter((p) => p.scam || p.total).map((p) => [p.day, [p.scam, p.total]]));
    assert.deepEqual(byDay, {
      '2026-11-09': [1, 1],
      '2026-11-16': [2, 3],
      '2026-11-18': [3, 4], // tPrev and tYest (14:30 UTC = 23:30 JST)
      '2026-11-19': [7, 11], // tEarly (23:30 UTC on the 18th), t10m and T0
    });
  });

  test('heatmap: scams by JST weekday (0 = Monday) × JST hour, in all and per family', async () => {
    const body = await get('/v1/stats/heatmap?weeks=4');
    assert.equal(body.weeks, 4);
    assert.deepEqual(body.weekdays, ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    const cells = body.cells as number[][];
    assert.equal(cells.length, 7);
    for (const row of cells) assert.equal(row.length, 24);
    const nonZero = (g: number[][]) => g.flatMap((row, d) => row.flatMap((n, h) => (n ? [`${d}/${h}=${n}`] : [])));
    assert.deepEqual(nonZero(cells), ['0/12=3', '2/6=2', '2/23=1', '3/8=1', '3/12=6']);
    const families = body.families as Record<string, number[][]>;
    assert.deepEqual(Object.keys(families).sort(), ['keepspy', 'moqhao']);
    assert.deepEqual(nonZero(families.moqhao!), ['0/12=1', '2/6=1', '3/8=1', '3/12=3']);
    assert.deepEqual(nonZero(families.keepspy!), ['0/12=2', '2/6=1', '2/23=1', '3/12=2']);
    // One week back from the current hour leaves out the message of ten days ago.
    const week = await get('/v1/stats/heatmap?weeks=1');
    assert.equal((week.cells as number[][])[0]![12], 2);
    assert.equal((await get('/v1/stats/heatmap')).weeks, 4, 'weeks defaults to 4');
  });

  test('brands: per JST day, scams only, the busiest first', async () => {
    const body = await get('/v1/stats/brands?days=30');
    const days = body.days as string[];
    assert.equal(days.length, 30);
    assert.equal(days.at(-1), '2026-11-19');
    const series = body.series as Array<{ key: string; counts: number[] }>;
    const totals = Object.fromEntries(series.map((s) => [s.key, s.counts.reduce((a, b) => a + b, 0)]));
    assert.deepEqual(totals, { ヤマト運輸: 5, NTTドコモ: 4, 三井住友: 1, 佐川急便: 1, Amazon: 1 });
    assert.deepEqual(series.slice(0, 2).map((s) => s.key), ['ヤマト運輸', 'NTTドコモ']);
    for (const s of series) assert.equal(s.counts.length, 30);
    const dayTotals = body.totals as number[];
    assert.equal(dayTotals.length, 30);
    assert.equal(dayTotals[29], 6, 'today: Yamato ×3, Docomo, Amazon, Sagawa (the call-back scam has no brand)');
    assert.equal(dayTotals.reduce((a, b) => a + b, 0), 12);
    assert.equal(series.find((s) => s.key === 'ヤマト運輸')!.counts[29], 3);
    // Seven days leave out the Docomo lure of ten days ago.
    const week = await get('/v1/stats/brands?days=7');
    assert.equal((week.days as string[]).length, 7);
    assert.equal((week.series as Array<{ key: string; counts: number[] }>).find((s) => s.key === 'NTTドコモ')!.counts.reduce((a, b) => a + b, 0), 3);
  });

  test('families: moqhao, keepspy, and "unknown" for scams without a family', async () => {
    const body = await get('/v1/stats/families?days=30');
    const series = body.series as Array<{ key: string; counts: number[] }>;
    const totals = Object.fromEntries(series.map((s) => [s.key, s.counts.reduce((a, b) => a + b, 0)]));
    assert.deepEqual(totals, { moqhao: 6, keepspy: 6, unknown: 1 });
    assert.equal((body.totals as number[]).reduce((a, b) => a + b, 0), 13, 'every scam has exactly one family row');
    assert.equal(series.find((s) => s.key === 'unknown')!.counts[29], 1);
  });

  test('infected: distinct infected lines per JST day and in the last 24 hours', async () => {
    const body = await get('/v1/stats/infected?days=30');
    assert.equal(body.active24h, 4);
    const days = body.days as string[];
    const estimates = body.estimates as number[];
    assert.equal(days.length, 30);
    assert.equal(estimates.length, 30);
    const byDay = Object.fromEntries(days.flatMap((d, i) => (estimates[i] ? [[d, estimates[i]]] : [])));
    // The 19th: S1 (08:30 JST), S3, S5 — not the aggregator, the overseas number, the no-sender Amazon lure or
    // the call-back scam. The 18th: S7, S1, S6. The 16th: S1, S2. The 9th: S2.
    assert.deepEqual(byDay, { '2026-11-09': 1, '2026-11-16': 2, '2026-11-18': 3, '2026-11-19': 3 });
  });

  test('day ranges outside 1–90 are clamped; the lists are as long as the range', async () => {
    assert.equal(((await get('/v1/stats/brands?days=95')).days as string[]).length, 90);
    assert.equal(((await get('/v1/stats/families?days=0')).days as string[]).length, 1);
    assert.equal(((await get('/v1/stats/infected?days=3')).estimates as number[]).length, 3);
    assert.equal(((await get('/v1/stats/infected')).days as string[]).length, 30, 'days defaults to 30');
  });

  test('bad query parameters are refused with 400 VALIDATION_FAILED', async () => {
    for (const url of [
      '/v1/stats/timeline?range=7d',
      '/v1/stats/timeline?range=',
      '/v1/stats/heatmap?weeks=13',
      '/v1/stats/heatmap?weeks=0',
      '/v1/stats/heatmap?weeks=two',
      '/v1/stats/brands?days=100',
      '/v1/stats/brands?days=-1',
      '/v1/stats/brands?days=30&brand=docomo',
      '/v1/stats/families?days=1.5',
      '/v1/stats/infected?days=999',
      '/v1/gallery?limit=100',
    ]) {
      const r = await t.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 400, `${url}: ${r.body}`);
      assert.equal(r.json<{ code: string }>().code, 'VALIDATION_FAILED', url);
    }
  });

  const ENDPOINTS = ['/v1/stats/summary', '/v1/stats/timeline?range=24h', '/v1/stats/timeline?range=30d', '/v1/stats/heatmap', '/v1/stats/brands', '/v1/stats/families', '/v1/stats/infected', '/v1/gallery'];

  test('every stats answer carries the security headers and a short public cache', async () => {
    for (const url of ENDPOINTS) {
      const r = await t.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, url);
      assert.match(String(r.headers['content-security-policy']), /default-src 'none'/, url);
      assert.match(String(r.headers['content-security-policy']), /frame-ancestors 'none'/, url);
      assert.equal(r.headers['x-content-type-options'], 'nosniff', url);
      assert.equal(r.headers['cache-control'], 'public, max-age=5', url);
      assert.match(String(r.headers['content-type']), /^application\/json/, url);
    }
  });

  test('no answer holds a sender pseudonym or any sender number, in any form', async () => {
    for (const url of ENDPOINTS) {
      const body = (await t.app.inject({ method: 'GET', url })).body;
      assert.ok(!body.includes('p1:'), `${url} holds a pseudonym`);
      // The subscriber part of every number (its last eight digits) appears nowhere, whatever the prefix.
      for (const n of SENDERS) assert.ok(!body.includes(n.slice(-8)), `${url} holds ${n}`);
    }
  });
});

describe('public statistics: the rest of the brands', () => {
  test('beyond the top 8 brands the rest are summed as "other"; families keep moqhao and keepspy whatever their rank', async () => {
    const clock = new ManualClock(T0);
    const t = await testApp({}, { clock });
    try {
      // Roll-ups as the worker writes them, for more brands than the chart shows.
      const b = new RollupBuffer();
      const brands = ['B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'B09', 'B10'];
      brands.forEach((brand, i) => {
        // B01 gets 11 scams, B02 10, … B10 2: the last two fall outside the top 8.
        for (let n = 0; n < 11 - i; n++) {
          b.addVerdict({
            verdictId: `${brand}-${n}`, at: T0 - (n % 3) * DAY, policy: 'network', action: 'block', score: 1, category: 'smishing', brand,
            family: i < 9 ? `fam${i}` : 'moqhao', fingerprint: 'tf1:x', senderKey: null, senderType: 'absent', route: null, reasonCodes: [], indicatorIds: [],
          });
        }
      });
      const store = new StatsStore(t.services.storage.db);
      await t.services.storage.db.transaction().execute((trx) => store.write(trx, b.take()));
      const body = (await t.app.inject({ method: 'GET', url: '/v1/stats/brands?days=7' })).json<{ series: Array<{ key: string; counts: number[] }>; totals: number[] }>();
      const keys = body.series.map((s) => s.key);
      assert.deepEqual(keys, ['B01', 'B02', 'B03', 'B04', 'B05', 'B06', 'B07', 'B08', 'other']);
      const sum = (c: number[]) => c.reduce((x, y) => x + y, 0);
      assert.equal(sum(body.series.at(-1)!.counts), 3 + 2, 'B09 and B10');
      assert.equal(sum(body.totals), body.series.reduce((s, x) => s + sum(x.counts), 0), 'the series add up to the totals');
      // Families: fam0…fam8 (11…3 scams) outrank moqhao (B10's 2), which is still shown by name.
      const fam = (await t.app.inject({ method: 'GET', url: '/v1/stats/families?days=7' })).json<{ series: Array<{ key: string; counts: number[] }> }>();
      const famKeys = fam.series.map((s) => s.key);
      assert.ok(famKeys.includes('moqhao'), famKeys.join());
      assert.equal(famKeys.at(-1), 'other');
      assert.equal(sum(fam.series.find((s) => s.key === 'moqhao')!.counts), 2);
    } finally {
      await t.close();
    }
  });
});
