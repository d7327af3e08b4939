// The infected-handset notifier on every available store, with real local sinks: an SMTP server and an SMS-gateway
// webhook on 127.0.0.1. Outcomes are checked in what the sinks received and what the store holds.
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test as nodeTest } from 'node:test';
import { Registry, type Counter } from 'prom-client';
import { AuditLog, DEVELOPMENT_PSEUDONYM_KEY, ManualClock, silentLogger, type Storage } from '../src/core/index.js';
import { HttpWebhookGateway } from '../src/reports/index.js';
import {
  EmailChannel, InfectionNotifier, LetterBatch, SmsChannel, SMS_TARGET_CHARS, type NoticeChannel, type NotifierDirectory, type NotifierPolicy,
} from '../src/devices/index.js';
import { ConsentRegistry, LineKeys, parseSubscriberRow, SubscriberDirectory } from '../src/subscribers/index.js';
import { deviceCase, startSmsSink, startSmtpSink, type HttpSink, type SmtpSink } from './helpers/notify-sinks.js';
import { storeMatrix, type FixtureFactory, type StorageFixture } from './storage-fixtures.js';

const T0 = Date.parse('2026-03-02T10:00:00+09:00');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TEXTS = { carrierName: 'mamoruモバイル', officialSite: '公式アプリ「My mamoru」', supportContact: 'mamoruモバイル サポートセンター 0120-000-000（9:00〜20:00）', supportPhone: '0120-000-000' };
const POLICY: NotifierPolicy = { resendAfterDays: 7, evidenceGrowthFactor: 2, followUpHours: 72, minFlagged: 5, maxAttempts: 3, retryDelayMs: 60_000 };
const lineKeys = new LineKeys(DEVELOPMENT_PSEUDONYM_KEY);

let smtp: SmtpSink;
let sms: HttpSink;
before(async () => {
  smtp = await startSmtpSink();
  sms = await startSmsSink();
});
after(async () => {
  await smtp.close();
  await sms.close();
});

interface Rig {
  s: Storage;
  clock: ManualClock;
  directory: SubscriberDirectory;
  consent: ConsentRegistry;
  audit: AuditLog;
  notifier: InfectionNotifier;
  metrics: Registry;
  /** Mails that reached the sink for this rig's subscribers only (the sink is shared by the suites of this file). */
  mails(): typeof smtp.messages;
}

let seq = 0;
/** Each rig gets its own e-mail domain and line numbers, so suites sharing the sinks never see each other's. */
function tag(): { domain: string; rigNo: number } {
  seq++;
  return { domain: `rig${seq}.example.jp`, rigNo: seq };
}

async function rig(s: Storage, opts: { clock?: ManualClock; channels?: NoticeChannel[]; directory?: NotifierDirectory; policy?: Partial<NotifierPolicy>; texts?: Partial<typeof TEXTS> } = {}): Promise<Rig & { domain: string; line(n: number): string }> {
  const { domain, rigNo } = tag();
  const clock = opts.clock ?? new ManualClock(T0);
  const directory = new SubscriberDirectory({ db: s.db, clock, lineKeys });
  const consent = new ConsentRegistry({ db: s.db, clock, lineKeys });
  const audit = new AuditLog(s.db, clock);
  const metrics = new Registry();
  const channels = opts.channels ?? [
    new EmailChannel({ host: '127.0.0.1', port: smtp.port, secure: false, from: '"mamoruモバイル" <notice@example.jp>' }),
    new SmsChannel(new HttpWebhookGateway({ url: sms.url, shortCode: 'MAMORU' })),
  ];
  const notifier = new InfectionNotifier({
    db: s.db, directory: opts.directory ?? directory, consent, channels, texts: { ...TEXTS, ...opts.texts }, policy: { ...POLICY, ...opts.policy },
    audit, clock, metrics, logger: silentLogger,
  });
  const line = (n: number): string => `090-${String(rigNo).padStart(4, '0')}-${String(n).padStart(4, '0')}`;
  return {
    s, clock, directory, consent, audit, notifier, metrics, domain, line,
    mails: () => smtp.messages.filter((m) => m.to.some((t) => t.endsWith(`@${domain}`))),
  };
}

async function addSubscriber(r: Rig & { domain: string; line(n: number): string }, n: number, over: Record<string, string> = {}): Promise<string> {
  const row = parseSubscriberRow({ line: r.line(n), contract_id: `C-${n}`, name: '見本 太郎', email: `owner${n}@${r.domain}`, postal_code: '100-0001', address: '東京都千代田区見本町1-1-1', ...over });
  await r.directory.import([row], 'test');
  return lineKeys.of(r.line(n)).lineKey;
}

async function counterValue(metrics: Registry, labels: Record<string, string>): Promise<number> {
  const c = metrics.getSingleMetric('mamoru_device_notices_total') as Counter | undefined;
  const values = (await c?.get())?.values ?? [];
  return values.filter((v) => Object.entries(labels).every(([k, x]) => v.labels[k] === x)).reduce((a, v) => a + v.value, 0);
}

function suite(name: string, factory: FixtureFactory): void {
  void describe(`infected-handset notifier: ${name}`, () => {
    const test = (title: string, fn: (s: Storage, fx: StorageFixture) => Promise<void>) =>
      nodeTest(title, async () => {
        const fx = await factory();
        try {
          await fn(await fx.open(), fx);
        } finally {
          await fx.dispose();
        }
      });

    void test('a case opens: one Japanese e-mail with what was seen, charges, removal and contact, no message content; all audited', async (s) => {
      const r = await rig(s);
      const key = await addSubscriber(r, 1);
      const out = await r.notifier.onCase(deviceCase(key, T0));
      assert.equal(out.status, 'sent', JSON.stringify(out));
      assert.equal(out.channel, 'email');
      assert.equal(out.noticeNo, 1);
      const mails = r.mails();
      assert.equal(mails.length, 1);
      const m = mails[0]!;
      assert.match(m.subject, /【重要】mamoruモバイルより：お使いのスマートフォンがウイルスに感染している可能性があります/);
      assert.match(m.headers['auto-submitted'] ?? '', /auto-generated/);
      assert.match(m.text, /^見本 太郎 様/);
      assert.match(m.text, /末尾\d{4}/);
      assert.match(m.text, /迷惑SMSと判定された送信：230件/);
      assert.match(m.text, /2026年3月2日 08:00 〜 2026年3月2日 09:59/, 'the time span, in Japan time');
      assert.match(m.text, /マルウェア/);
      assert.match(m.text, /SMS送信料/);
      assert.match(m.text, /バックアップ/);
      assert.match(m.text, /初期化/);
      assert.match(m.text, /公式ストア/);
      assert.match(m.text, /パスワードを変更/);
      assert.match(m.text, /0120-000-000（9:00〜20:00）/);
      assert.match(m.text, /MoqHao/);
      assert.match(m.text, /English/);
      assert.ok(!/https?:\/\/|www\./i.test(m.text), 'no link anywhere in the notice');
      assert.ok(!m.text.includes('ヤマト運輸') && !m.text.includes('tf1:'), 'nothing from the messages themselves');
      const row = await s.db.selectFrom('device_notices').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.channel, Number(row.notice_no), Number(row.flagged_at_notice)], ['sent', 'email', 1, 230]);
      // Same clock time for all three, so compared as a set.
      const actions = (await r.audit.list()).map((e) => [e.actor, e.action, e.target].join(' ')).sort();
      assert.deepEqual(actions, [
        `system:notifier device_notice.sent line:${key}`,
        `system:notifier subscriber.lookup line:${key}`,
        'test subscribers.import 1 line(s)',
      ]);
      assert.equal(await counterValue(r.metrics, { outcome: 'sent', channel: 'email' }), 1);
    });

    void test('an opted-out line is never contacted: no lookup, no row, no mail — also when it opts out during the send', async (s) => {
      const r = await rig(s);
      const key = await addSubscriber(r, 2);
      await r.consent.set(r.line(2), 'opted_out', 'carrier-app', 'api');
      const out = await r.notifier.onCase(deviceCase(key, T0));
      assert.deepEqual([out.status, out.reason], ['skipped', 'opted_out']);
      assert.equal(r.mails().length, 0);
      assert.equal((await s.db.selectFrom('device_notices').selectAll().execute()).length, 0);
      assert.ok(!(await r.audit.list()).some((e) => e.action === 'subscriber.lookup'), 'the directory was not read');

      // A consent view that still says "covered" (a stale cache in another process) cannot send either: the store
      // is asked again right before contact.
      const key2 = await addSubscriber(r, 3);
      const stale = new InfectionNotifier({
        db: s.db, directory: r.directory, audit: r.audit, clock: r.clock, metrics: new Registry(), logger: silentLogger, texts: TEXTS, policy: POLICY,
        consent: { isOptedOut: () => Promise.resolve(false), statusFromStore: (k) => r.consent.statusFromStore(k) },
        channels: [new EmailChannel({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'notice@example.jp' })],
      });
      await r.consent.set(r.line(3), 'opted_out', 'carrier-app', 'page');
      const late = await stale.onCase(deviceCase(key2, T0, { id: 'case-3' }));
      assert.deepEqual([late.status, late.reason], ['skipped', 'opted_out']);
      assert.equal(r.mails().length, 0);
      const rows = await s.db.selectFrom('device_notices').selectAll().execute();
      assert.deepEqual(rows.map((x) => [x.status, x.reason]), [['skipped', 'opted_out']]);
    });

    void test('bad data never notifies: not open, no line, malformed or thin evidence, or no support contact configured', async (s) => {
      const r = await rig(s);
      const key = await addSubscriber(r, 4);
      const bad: Array<[string, ReturnType<typeof deviceCase>]> = [
        ['case_not_open', deviceCase(key, T0, { state: 'closed', closedAt: T0 })],
        ['missing_line', deviceCase('', T0)],
        ['missing_line', deviceCase('+819000000004', T0)],
        ['bad_evidence', deviceCase(key, T0, { evidence: { flagged: Number.NaN } })],
        ['bad_evidence', deviceCase(key, T0, { evidence: { firstAt: T0, lastAt: T0 - HOUR } })],
        ['bad_evidence', deviceCase(key, T0, { evidence: { lastAt: T0 + DAY } })],
        ['bad_evidence', deviceCase(key, T0, { evidence: { flagged: 500, messages: 10 } })],
        ['bad_evidence', deviceCase(key, T0, { evidence: { score: 3 } })],
        ['bad_evidence', { ...deviceCase(key, T0), evidence: undefined } as unknown as ReturnType<typeof deviceCase>],
        ['insufficient_evidence', deviceCase(key, T0, { evidence: { flagged: 4, flaggedTotal: 4, messages: 4, blocked: 4, warned: 0 } })],
      ];
      for (const [reason, c] of bad) {
        const out = await r.notifier.onCase(c);
        assert.deepEqual([out.status, out.reason], ['skipped', reason], JSON.stringify(c.evidence));
      }
      const unconfigured = await rig(s, { texts: { supportContact: '' } });
      assert.deepEqual((await unconfigured.notifier.onCase(deviceCase(key, T0))).reason, 'not_configured');
      assert.equal(r.mails().length, 0);
      assert.equal((await s.db.selectFrom('device_notices').selectAll().execute()).length, 0);
      assert.ok(!(await r.audit.list()).some((e) => e.action === 'subscriber.lookup'));
      // A family-less case is fine.
      assert.equal((await r.notifier.onCase(deviceCase(key, T0, { family: null }))).status, 'sent');
      assert.ok(!r.mails()[0]!.text.includes('MoqHao'));
    });

    void test('a line not in the directory is skipped and counted; a line with no usable channel too', async (s) => {
      const r = await rig(s, { channels: [new EmailChannel({ host: '127.0.0.1', port: smtp.port, secure: false, from: 'notice@example.jp' })] });
      const out = await r.notifier.onCase(deviceCase(lineKeys.of('090-9999-0001').lineKey, T0));
      assert.deepEqual([out.status, out.reason], ['skipped', 'not_in_directory']);
      assert.equal(await counterValue(r.metrics, { outcome: 'skipped', reason: 'not_in_directory' }), 1);
      const key = await addSubscriber(r, 5, { email: '', channel: '' });
      assert.deepEqual((await r.notifier.onCase(deviceCase(key, T0))).reason, 'no_channel', 'e-mail only, and no address');
    });

    void test('at most one notice per line per 7 days unless the evidence doubles; a new case adds to the count', async (s) => {
      const r = await rig(s);
      const key = await addSubscriber(r, 6);
      const at = (t: number, flaggedTotal: number, id = 'case-1') => deviceCase(key, t, { id, evidence: { flaggedTotal, flagged: Math.min(flaggedTotal, 230) } });
      assert.equal((await r.notifier.onCase(at(T0, 230))).status, 'sent');
      r.clock.advance(DAY);
      assert.equal((await r.notifier.onCase(at(r.clock.now(), 300))).reason, 'recently_notified');
      r.clock.advance(DAY);
      assert.equal((await r.notifier.onCase(at(r.clock.now(), 459))).reason, 'recently_notified', 'just under double');
      const grown = await r.notifier.onCase(at(r.clock.now(), 460));
      assert.deepEqual([grown.status, grown.noticeNo], ['sent', 2], 'doubled: notice again');
      r.clock.advance(6 * DAY);
      assert.equal((await r.notifier.onCase(at(r.clock.now(), 500))).reason, 'recently_notified', 'the window restarts at the last notice');
      r.clock.advance(DAY + 1);
      const week = await r.notifier.onCase(at(r.clock.now(), 500));
      assert.deepEqual([week.status, week.noticeNo], ['sent', 3], 'seven days after the last notice');
      // A new case of the same line two days later: 300 more flagged is under the 500 stated, 500 more doubles it.
      r.clock.advance(2 * DAY);
      assert.equal((await r.notifier.onCase(at(r.clock.now(), 300, 'case-2'))).reason, 'recently_notified');
      assert.equal((await r.notifier.onCase(at(r.clock.now(), 500, 'case-2'))).status, 'sent');
      assert.equal(r.mails().length, 4);
      const rows = await s.db.selectFrom('device_notices').select(['notice_no', 'case_id', 'flagged_at_notice']).orderBy('notice_no').execute();
      assert.deepEqual(rows.map((x) => [Number(x.notice_no), x.case_id, Number(x.flagged_at_notice)]), [[1, 'case-1', 230], [2, 'case-1', 460], [3, 'case-1', 500], [4, 'case-2', 500]]);
    });

    void test('two workers handling the same case at once: exactly one notice is sent', async (s, fx) => {
      // Both workers read the line's history before either claims (a barrier in the directory lookup), so both try
      // to claim notice 1. On PostgreSQL each worker has its own connection pool; SQLite is one handle per process.
      const s2 = s.dialect === 'postgres' ? await fx.open() : s;
      let arrived = 0;
      let release!: () => void;
      const barrier = new Promise<void>((ok) => (release = ok));
      const base = await rig(s);
      const key = await addSubscriber(base, 7);
      const gated = (d: SubscriberDirectory): NotifierDirectory => ({
        lookup: async (k, ctx) => {
          if (++arrived === 2) release();
          await barrier;
          return d.lookup(k, ctx);
        },
      });
      const clock = new ManualClock(T0);
      const w1 = await rig(s, { clock, directory: gated(base.directory) });
      const w2 = await rig(s2, { clock, directory: gated(new SubscriberDirectory({ db: s2.db, clock, lineKeys })) });
      const c = deviceCase(key, T0);
      const outs = await Promise.all([w1.notifier.onCase(c), w2.notifier.onCase(c)]);
      assert.deepEqual(outs.map((o) => o.status).sort(), ['sent', 'skipped']);
      assert.equal(outs.find((o) => o.status === 'skipped')!.reason, 'duplicate');
      assert.equal(base.mails().length, 1);
      assert.equal((await s.db.selectFrom('device_notices').selectAll().execute()).length, 1);
    });

    void test('SMS notice through the gateway: short Japanese text, no link, from the notice sender, to the E.164 line', async (s) => {
      const r = await rig(s);
      const key = await addSubscriber(r, 8, { channel: 'sms' });
      const out = await r.notifier.onCase(deviceCase(key, T0));
      assert.deepEqual([out.status, out.channel], ['sent', 'sms']);
      const got = sms.received.filter((m) => m.to === lineKeys.of(r.line(8)).line);
      assert.equal(got.length, 1);
      assert.equal(got[0]!.from, 'MAMORU');
      assert.ok(got[0]!.text.length <= SMS_TARGET_CHARS, `${got[0]!.text.length} characters`);
      assert.match(got[0]!.text, /^【mamoruモバイル】/);
      assert.match(got[0]!.text, /0120-000-000/);
      assert.match(got[0]!.text, /公式アプリ「My mamoru」/);
      assert.ok(!/https?:|www\.|\.jp\b|\.com\b/i.test(got[0]!.text), 'no link');
      assert.equal(r.mails().length, 0);
    });

    void test('a refused mailbox falls back to SMS at once; a gateway outage is retried later, within the bound', async (s) => {
      const r = await rig(s);
      const key = await addSubscriber(r, 9, { email: `bounce9@${r.domain}` });
      const out = await r.notifier.onCase(deviceCase(key, T0));
      assert.deepEqual([out.status, out.channel], ['sent', 'sms'], 'smtp 550 is permanent: next channel');
      const row = await s.db.selectFrom('device_notices').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([row.channel, Number(row.attempts)], ['sms', 2]);

      const key2 = await addSubscriber(r, 10, { channel: 'sms' });
      sms.status = 503;
      try {
        const failed = await r.notifier.onCase(deviceCase(key2, T0, { id: 'case-10' }));
        assert.deepEqual([failed.status, failed.reason], ['failed', 'sms-gateway SMS gateway answered HTTP 503']);
        assert.equal((await r.notifier.onCase(deviceCase(key2, T0, { id: 'case-10' }))).reason, 'in_progress', 'no second notice while one waits');
        assert.deepEqual(await r.notifier.retryFailed(), [], 'not due yet');
        r.clock.advance(60_000);
        assert.deepEqual((await r.notifier.retryFailed()).map((o) => o.status), ['failed']);
        r.clock.advance(120_000);
        sms.status = 200;
        const retried = await r.notifier.retryFailed();
        assert.deepEqual(retried.map((o) => [o.status, o.noticeNo]), [['sent', 1]]);
      } finally {
        sms.status = 200;
      }
      const last = await s.db.selectFrom('device_notices').selectAll().where('line_key', '=', key2).executeTakeFirstOrThrow();
      assert.deepEqual([last.status, Number(last.attempts), last.retry_at], ['sent', 3, null]);
    });

    void test('a queued retry is withdrawn when an analyst closes the case as false', async (s) => {
      const r = await rig(s);
      const key = await addSubscriber(r, 12, { channel: 'sms' });
      sms.status = 503;
      try {
        assert.equal((await r.notifier.onCase(deviceCase(key, T0, { id: 'case-12' }))).status, 'failed');
      } finally {
        sms.status = 200;
      }
      // The case row as the devices worker stores it, then closed by an analyst.
      await s.db.insertInto('device_cases').values({
        id: 'case-12', line_key: key, family: 'moqhao', state: 'closed', opened_at: T0, updated_at: T0, last_activity_at: T0, closed_at: T0 + 1,
        close_reason: 'analyst', score: 0.99, flagged_total: 12, evidence: '{}', notify_pending: 0, pending_since: null,
      }).execute();
      r.clock.advance(HOUR);
      const sent = sms.received.length;
      const out = await r.notifier.retryFailed();
      assert.deepEqual(out.map((o) => [o.status, o.reason]), [['skipped', 'case_closed']]);
      assert.equal(sms.received.length, sent, 'nothing was sent');
      const row = await s.db.selectFrom('device_notices').selectAll().where('line_key', '=', key).executeTakeFirstOrThrow();
      assert.deepEqual([row.status, row.reason], ['skipped', 'case_closed']);
    });

    void test('retries stop after maxAttempts', async (s) => {
      const r = await rig(s, { policy: { maxAttempts: 2 } });
      const key = await addSubscriber(r, 11, { channel: 'sms' });
      sms.status = 500;
      try {
        assert.equal((await r.notifier.onCase(deviceCase(key, T0))).status, 'failed');
        r.clock.advance(HOUR);
        assert.deepEqual((await r.notifier.retryFailed()).map((o) => o.status), ['failed']);
        r.clock.advance(DAY);
        assert.deepEqual(await r.notifier.retryFailed(), [], 'given up');
      } finally {
        sms.status = 200;
      }
      const row = await s.db.selectFrom('device_notices').selectAll().executeTakeFirstOrThrow();
      assert.deepEqual([row.status, Number(row.attempts), row.retry_at], ['failed', 2, null]);
    });

    void test('follow-up after 72 h proposes one sending limit for a line still sending, none for a quiet line', async (s) => {
      const r = await rig(s);
      const busy = await addSubscriber(r, 12);
      const quiet = await addSubscriber(r, 13);
      await r.notifier.onCase(deviceCase(busy, T0, { id: 'case-busy' }));
      await r.notifier.onCase(deviceCase(quiet, T0, { id: 'case-quiet' }));
      const activity = new Map([[busy, T0 + 50 * HOUR], [quiet, T0 - 60_000]]);
      const lastActivityOf = (k: string) => Promise.resolve(activity.get(k) ?? null);
      assert.deepEqual(await r.notifier.followUp(T0 + 71 * HOUR, lastActivityOf), { checked: 0, proposed: 0, quiet: 0, optedOut: 0 }, 'too early');
      assert.deepEqual(await r.notifier.followUp(T0 + 73 * HOUR, lastActivityOf), { checked: 2, proposed: 1, quiet: 1, optedOut: 0 });
      assert.deepEqual(await r.notifier.followUp(T0 + 80 * HOUR, lastActivityOf), { checked: 0, proposed: 0, quiet: 0, optedOut: 0 }, 'each notice once');
      const actions = await s.db.selectFrom('device_actions').selectAll().execute();
      assert.equal(actions.length, 1);
      assert.deepEqual([actions[0]!.case_id, actions[0]!.line_key, actions[0]!.action, actions[0]!.state], ['case-busy', busy, 'sms_send_limit', 'proposed']);
      assert.match(actions[0]!.reason, /temporary SMS sending limit/);
      assert.ok((await r.audit.list()).some((e) => e.action === 'device_action.propose' && e.target === `line:${busy}`));
      const followUps = await s.db.selectFrom('device_notices').select(['line_key', 'follow_up']).orderBy('line_key').execute();
      assert.deepEqual(new Map(followUps.map((x) => [x.line_key, x.follow_up])), new Map([[busy, 'active'], [quiet, 'quiet']]));
    });

    void test('letters: a daily CSV for the print shop with a header, the name and postal address, and formulas defused', async (s) => {
      const dir = await mkdtemp(join(tmpdir(), 'mamoru-letters-'));
      try {
        const clock = new ManualClock(T0);
        const r = await rig(s, { clock, channels: [new LetterBatch({ dir, clock })] });
        const k1 = await addSubscriber(r, 14, { channel: 'letter', email: '' });
        const k2 = await addSubscriber(r, 15, { name: '=HYPERLINK("x")', address: '大阪府大阪市北区見本通3-5-7, 2F' });
        assert.equal((await r.notifier.onCase(deviceCase(k1, T0, { id: 'c14' }))).status, 'sent');
        assert.equal((await r.notifier.onCase(deviceCase(k2, T0, { id: 'c15' }))).status, 'sent');
        assert.deepEqual(await readdir(dir), ['notices-2026-03-02.csv']);
        const csv = await readFile(join(dir, 'notices-2026-03-02.csv'), 'utf8');
        assert.ok(csv.startsWith('\uFEFFreference,notice_date,contract_id,postal_code,address,name,flagged,first_seen,last_seen,subject,body\r\n'));
        assert.match(csv, /\r\nN-[0-9A-Z]{26},2026-03-02,C-14,100-0001,東京都千代田区見本町1-1-1,見本 太郎,230,2026-03-02 08:00,2026-03-02 09:59,【重要】/);
        assert.match(csv, /,"'=HYPERLINK\(""x""\)",/, 'a name that is a formula stays text');
        assert.match(csv, /,"大阪府大阪市北区見本通3-5-7, 2F",/);
        assert.match(csv, /対処方法/);
        assert.equal(csv.match(/\r\nN-/g)?.length, 2);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  });
}

for (const { name, factory, skip } of storeMatrix()) {
  if (factory && name !== 'sqlite :memory:') suite(name, factory);
  else if (skip) void describe(`infected-handset notifier: ${name}`, () => void nodeTest(skip, { skip }, () => undefined));
}
