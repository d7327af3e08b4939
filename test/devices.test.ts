// The devices module in one process, as `mamoru serve` runs it: verdicts come in over the HTTP API, the verdict
// engine publishes them on the in-process bus, the devices role turns an infected line's burst into one case and
// one e-mail notice (to a real SMTP sink on 127.0.0.1), and analysts read and close cases over HTTP. Then the
// worker on its own: the notification outbox, a restart on the same store, and bad events on the bus.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { InProcessBus, loadConfig, ManualClock, silentLogger, type Clock, type Config, type SmsVerdictV1 } from '../src/core/index.js';
import { DevicesWorker, type CaseListener, type DeviceCase } from '../src/devices/index.js';
import { buildApp, compose, startDevicesRole, type Services } from '../src/server/index.js';
import { parseSubscriberRow } from '../src/subscribers/index.js';
import { startSmtpSink, type SmtpSink } from './helpers/notify-sinks.js';

const PSEUDONYM_KEY = 'devices-test-pseudonym-key-0001';
const SUPPORT = 'mamoruモバイル サポートセンター 0120-000-000（9:00〜20:00）';
const ALL_PARTITIONS = [0, 1, 2, 3, 4, 5, 6, 7];
/** A MoqHao delivery lure with a look-alike link: the engine blocks it and names the family. */
const LURE = (n: number) => `佐川急便：お荷物のお届けにあがりましたが不在の為持ち帰りました。確認はこちら http://sagawa-xxx.top/r/${(1000 + n).toString(36)}`;
const CHAT = [
  '明日10時に駅前で待ってるね', '了解です、また連絡します', '今日の夕飯はカレーでいい？', 'ごめん、少し遅れます', '週末の予定どうする？',
  'さっきはありがとう！', '駐車場に着いたよ', '傘持っていった方がいいよ', '来週の会議は15時からに変更です', 'おやすみなさい',
];

let smtp: SmtpSink;
before(async () => {
  smtp = await startSmtpSink();
});
after(async () => {
  await smtp.close();
});

interface Rig {
  config: Readonly<Config>;
  services: Services;
  app: FastifyInstance;
  close(): Promise<void>;
}

/** testApp (test/helpers/app.ts), plus the config it was built from (startDevicesRole needs it) and an optional
 * clock. Notices go by e-mail only, to the test's SMTP sink. */
async function rig(clock?: Clock): Promise<Rig> {
  const config = loadConfig({
    env: {},
    overrides: {
      log: { level: 'silent' },
      secrets: { pseudonymKey: PSEUDONYM_KEY },
      notify: {
        enabled: ['email'], smtp: { host: '127.0.0.1', port: smtp.port, secure: false }, from: '"mamoruモバイル" <notice@example.jp>',
        carrierName: 'mamoruモバイル', supportContact: SUPPORT,
      },
    },
  });
  const services = await compose(config, silentLogger, { memory: true, defaultMetrics: false, clock });
  const app = await buildApp(config, services, silentLogger);
  await app.ready();
  return {
    config, services, app,
    async close() {
      await app.close();
      await services.close();
    },
  };
}

async function bearers(s: Services): Promise<{ member: Record<string, string>; analyst: Record<string, string> }> {
  const m = await s.access.addMember('carrier-a', 'carrier');
  const h = async (role: 'member' | 'analyst') => ({ authorization: `Bearer ${(await s.access.createKey(m.id, role)).key}` });
  return { member: await h('member'), analyst: await h('analyst') };
}

/** Waits until every published verdict has reached the worker, then has it store (and notify) what changed. */
async function settle(s: Services, worker: DevicesWorker): Promise<void> {
  assert.ok(s.bus instanceof InProcessBus, 'tests run on the in-process bus');
  await s.bus.drain();
  await worker.flush();
  await worker.idle(); // notices run after the flush, off its chain
}

/** 30 lures from `from` to 30 different people and 50 ordinary messages from ten other lines (five each, to two
 * friends), interleaved, in batches through POST /v1/sms/verdicts. */
async function sendTraffic(app: FastifyInstance, headers: Record<string, string>, from: string, others: string[]): Promise<void> {
  const messages: Array<{ id: string; from: string; to: string; body: string; route: 'handset' }> = [];
  for (let n = 0; n < 30; n++) messages.push({ id: `lure-${n}`, from, to: `+8180${String(55_000_000 + n * 7)}`, body: LURE(n), route: 'handset' });
  others.forEach((line, i) => {
    for (let n = 0; n < 5; n++) {
      messages.splice(((i * 5 + n) * 7) % messages.length, 0, { id: `chat-${i}-${n}`, from: line, to: `+8170${String(66_000_000 + i * 10 + (n % 2))}`, body: CHAT[(i + n) % CHAT.length]!, route: 'handset' });
    }
  });
  for (let i = 0; i < messages.length; i += 20) {
    const r = await app.inject({ method: 'POST', url: '/v1/sms/verdicts', headers, payload: { messages: messages.slice(i, i + 20) } });
    assert.equal(r.statusCode, 200, r.body);
    for (const v of r.json().verdicts as Array<{ id: string; action: string; family: string | null }>) {
      if (v.id.startsWith('lure-')) assert.deepEqual([v.action, v.family], ['block', 'moqhao'], 'the lure is blocked as MoqHao');
    }
  }
}

const OTHER_LINES = Array.from({ length: 10 }, (_, i) => `080-7000-${String(100 + i).padStart(4, '0')}`);

describe('devices, end to end through the HTTP API', () => {
  test('an infected line: one case with counts and no content, one Japanese e-mail; analysts read and close it', async () => {
    const t = await rig();
    const role = await startDevicesRole(t.config, t.services, silentLogger, ALL_PARTITIONS);
    try {
      const { services, app } = t;
      const { member, analyst } = await bearers(services);
      await services.subscribers.import([
        parseSubscriberRow({ line: '090-4321-0001', contract_id: 'C-1', name: '見本 花子', email: 'hanako@e2e.example.jp' }),
        // A directory entry for one ordinary line too: it must never be written to.
        parseSubscriberRow({ line: OTHER_LINES[0]!, contract_id: 'C-2', name: '見本 次郎', email: 'jiro@e2e.example.jp' }),
      ], 'test');
      const infected = services.lineKeys.of('090-4321-0001').lineKey;

      // The sender is written as E.164 here and with dashes in the directory: one line either way.
      await sendTraffic(app, member, '+819043210001', OTHER_LINES);
      await settle(services, role.worker);

      const open = await app.inject({ method: 'GET', url: '/v1/devices/cases?state=open', headers: analyst });
      assert.equal(open.statusCode, 200, open.body);
      const cases = open.json().cases as DeviceCase[];
      assert.equal(cases.length, 1, 'one case, for the infected line only');
      const c = cases[0]!;
      assert.deepEqual([c.lineKey, c.state, c.family], [infected, 'open', 'moqhao']);
      assert.match(c.id, /^dc_[0-9a-f]{24}$/);

      // Evidence an analyst can check: counts, time span, reasons, fingerprints — and nothing of the messages.
      const e = c.evidence;
      assert.ok(e.flagged >= 8 && e.flaggedTotal >= 8 && e.flaggedTotal <= 30, JSON.stringify(e));
      assert.equal(e.blocked, e.flaggedTotal, 'every lure was blocked');
      assert.ok(e.messages >= e.flagged);
      assert.ok(e.distinctRecipients >= 8, 'sent to many different people');
      assert.ok(e.firstAt <= e.lastAt && e.lastAt <= Date.now());
      assert.ok(e.fingerprints.length >= 1 && e.fingerprints.every((f) => /^tf1:[0-9a-f]+$/.test(f)), JSON.stringify(e.fingerprints));
      assert.deepEqual(e.brands, ['佐川急便']);
      assert.ok(e.score >= 0.95 && e.score <= 1);
      const codes = e.reasons.map((r) => r.code);
      for (const code of ['prior', 'flagged_volume', 'flagged_share_high', 'many_recipients', 'family_lure', 'mostly_blocked']) assert.ok(codes.includes(code), `${code} in ${codes.join(',')}`);
      const raw = open.body;
      for (const leak of ['お荷物', '不在', 'sagawa-xxx', 'http', '9043210001', '805500']) assert.ok(!raw.includes(leak), `the case does not carry "${leak}"`);

      // By number (any form): the same case, and the lookup joins identity to a case, so it is audited.
      const byLine = await app.inject({ method: 'GET', url: '/v1/devices/cases?line=09043210001&purpose=subscriber%20call', headers: analyst });
      assert.equal(byLine.statusCode, 200, byLine.body);
      assert.deepEqual((byLine.json().cases as DeviceCase[]).map((x) => x.id), [c.id]);
      const lookups = (await services.audit.list({ limit: 1000 })).filter((a) => a.action === 'devices.cases.lookup_line');
      assert.deepEqual(lookups.map((a) => [a.target, a.purpose]), [[`line:${infected}`, 'subscriber call']]);
      assert.match(lookups[0]!.actor, /^carrier-a\//);
      const one = await app.inject({ method: 'GET', url: `/v1/devices/cases/${c.id}`, headers: analyst });
      assert.equal(one.statusCode, 200, one.body);
      assert.equal(one.json().case.id, c.id);

      // The ordinary lines have no case, whatever the form of the number.
      for (const line of OTHER_LINES) {
        const r = await app.inject({ method: 'GET', url: `/v1/devices/cases?line=${encodeURIComponent(line)}`, headers: analyst });
        assert.deepEqual(r.json().cases, [], line);
      }
      assert.equal((await services.storage.db.selectFrom('device_cases').select('id').execute()).length, 1);

      // Exactly one notice, by e-mail, in Japanese, to the subscriber — without the message or any link.
      const mails = smtp.messages.filter((m) => m.to.some((a) => a.endsWith('@e2e.example.jp')));
      assert.equal(mails.length, 1, 'the case grew during the burst, but one burst gets one notice');
      const m = mails[0]!;
      assert.deepEqual(m.to, ['hanako@e2e.example.jp']);
      assert.match(m.subject, /【重要】mamoruモバイルより/);
      assert.match(m.text, /^見本 花子 様/);
      assert.match(m.text, /ウイルス|マルウェア/);
      assert.ok(m.text.includes('0120-000-000'), 'the support contact');
      assert.ok(!/https?:\/\/|www\./i.test(m.text), 'no link in the notice');
      for (const leak of ['お荷物', '不在', 'sagawa', '佐川', '確認はこちら']) assert.ok(!m.text.includes(leak) && !m.subject.includes(leak), `the notice does not quote "${leak}"`);
      const notices = await services.storage.db.selectFrom('device_notices').select(['case_id', 'status', 'channel']).execute();
      assert.deepEqual(notices.map((n) => [n.case_id, n.status, n.channel]), [[c.id, 'sent', 'email']]);
      const pending = await services.storage.db.selectFrom('device_cases').select('notify_pending').where('id', '=', c.id).executeTakeFirstOrThrow();
      assert.equal(Number(pending.notify_pending), 0, 'the notice was handled');

      // Only analysts read or close cases; unknown and malformed ids are told apart.
      assert.equal((await app.inject({ method: 'GET', url: '/v1/devices/cases', headers: member })).statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url: `/v1/devices/cases/${c.id}`, headers: member })).statusCode, 403);
      assert.equal((await app.inject({ method: 'GET', url: '/v1/devices/cases' })).statusCode, 401, 'no key at all');
      const closeAs = (headers: Record<string, string>, id = c.id, note = '本人に電話で確認し、端末を初期化済み') =>
        app.inject({ method: 'POST', url: `/v1/devices/cases/${id}/close`, headers, payload: { note } });
      assert.equal((await closeAs(member)).statusCode, 403);
      const unknown = await app.inject({ method: 'GET', url: `/v1/devices/cases/dc_${'0'.repeat(24)}`, headers: analyst });
      assert.deepEqual([unknown.statusCode, unknown.json().code], [404, 'NOT_FOUND']);
      assert.equal((await closeAs(analyst, `dc_${'0'.repeat(24)}`)).statusCode, 404);
      const malformed = await app.inject({ method: 'GET', url: '/v1/devices/cases/not-a-case', headers: analyst });
      assert.equal(malformed.statusCode, 400);
      assert.equal((await closeAs(analyst, 'DC_1')).statusCode, 400);
      assert.equal((await app.inject({ method: 'GET', url: '/v1/devices/cases?line=0312345678', headers: analyst })).json().code, 'INVALID_LINE');

      // Closing: once, with a note; the second attempt is a conflict, and the case stays as the first close left it.
      const closed = await closeAs(analyst);
      assert.equal(closed.statusCode, 200, closed.body);
      assert.deepEqual([closed.json().case.state, closed.json().case.closeReason], ['closed', 'analyst']);
      const again = await closeAs(analyst, c.id, 'second try');
      assert.deepEqual([again.statusCode, again.json().code], [409, 'CONFLICT']);
      const reread = (await app.inject({ method: 'GET', url: `/v1/devices/cases/${c.id}`, headers: analyst })).json().case as DeviceCase;
      assert.deepEqual([reread.state, reread.closeReason, reread.closedAt], ['closed', 'analyst', closed.json().case.closedAt]);
      const closes = (await services.audit.list({ limit: 1000 })).filter((a) => a.action === 'devices.cases.close');
      assert.deepEqual(closes.map((a) => [a.target, a.details?.note]), [[c.id, '本人に電話で確認し、端末を初期化済み']]);
      assert.deepEqual((await app.inject({ method: 'GET', url: '/v1/devices/cases?state=open', headers: analyst })).json().cases, []);
    } finally {
      await role.stop();
      await t.close();
    }
  });

  test('an opted-out line gets no case and no e-mail, however much it sends', async () => {
    const t = await rig();
    const { services, app } = t;
    await services.subscribers.import([parseSubscriberRow({ line: '090-4321-0002', contract_id: 'C-3', name: '見本 三郎', email: 'saburo@optout.example.jp' })], 'test');
    // Before the role starts: the worker reads the opted-out set at start (and every 30 s after).
    await services.consent.set('090-4321-0002', 'opted_out', 'carrier-app', 'api');
    const role = await startDevicesRole(t.config, services, silentLogger, ALL_PARTITIONS);
    try {
      const { member, analyst } = await bearers(services);
      await sendTraffic(app, member, '09043210002', OTHER_LINES);
      await settle(services, role.worker);
      const stats = role.worker.detector.stats();
      assert.ok(stats.excluded >= 30, 'every message of the opted-out line was left out');
      assert.ok(stats.processed >= 50, 'the other lines were processed');
      assert.equal(role.worker.detector.exportLine(services.lineKeys.of('09043210002').lineKey), null, 'nothing is kept about the opted-out line');
      assert.deepEqual((await app.inject({ method: 'GET', url: '/v1/devices/cases', headers: analyst })).json().cases, []);
      assert.deepEqual(await services.storage.db.selectFrom('device_notices').select('id').execute(), []);
      assert.equal(smtp.messages.filter((m) => m.to.some((a) => a.endsWith('@optout.example.jp'))).length, 0);
      assert.ok(!(await services.audit.list({ limit: 1000 })).some((a) => a.action === 'subscriber.lookup'), 'the directory was never read');
    } finally {
      await role.stop();
      await t.close();
    }
  });
});

// ---- the worker on its own, on a simulated clock ----

const T0 = Date.parse('2026-03-02T10:00:00+09:00');

/** A verdict event as the SMS module publishes it; `over` may break it on purpose. */
function verdict(senderKey: string, n: number, at: number, over: Record<string, unknown> = {}): SmsVerdictV1 {
  return {
    verdictId: `v-${senderKey.slice(-6)}-${n}-${at}`, at, policy: 'network', action: 'block', score: 0.99, category: 'smishing', brand: '佐川急便', family: 'moqhao',
    fingerprint: 'tf1:a442028f43c7bbeb', senderKey, senderType: 'phone', route: 'handset', reasonCodes: ['lure_with_link'], indicatorIds: [],
    recipientKey: `p1:recipient-${senderKey.slice(-6)}-${n}`, ...over,
  };
}

/** Publishes `count` lures from one line, one every 20 simulated seconds. */
async function burst(s: Services, clock: ManualClock, lineKey: string, count: number, from = 0): Promise<void> {
  for (let n = from; n < from + count; n++) {
    clock.advance(20_000);
    await s.bus.publish('sms.verdict.v1', verdict(lineKey, n, clock.now()), { key: lineKey });
  }
}

function worker(s: Services, o: Partial<ConstructorParameters<typeof DevicesWorker>[0]> = {}): DevicesWorker {
  // Timers far apart: the test drives flushes and sweeps itself.
  return new DevicesWorker({
    db: s.storage.db, bus: s.bus, clock: s.clock, logger: silentLogger, partitions: ALL_PARTITIONS, partitionCount: 8, flushEveryMs: 3_600_000, ...o,
  });
}

async function storedCases(s: Services, lineKey?: string) {
  let q = s.storage.db.selectFrom('device_cases').selectAll();
  if (lineKey) q = q.where('line_key', '=', lineKey);
  return q.execute();
}

describe('devices worker', () => {
  test('outbox: a notifier that fails leaves the case pending; the sweep hands it over again and clears it', async () => {
    const clock = new ManualClock(T0);
    const t = await rig(clock);
    const seen: string[] = [];
    let failures = 0;
    const listener: CaseListener = {
      onCase(c) {
        if (failures === 0) {
          failures++;
          return Promise.reject(new Error('notifier unavailable'));
        }
        seen.push(c.id);
        return Promise.resolve('sent');
      },
    };
    const w = worker(t.services, { notifier: listener, noticeSweepAfterMs: 120_000 });
    try {
      await w.start();
      const line = t.services.lineKeys.of('090-4321-0003').lineKey;
      await burst(t.services, clock, line, 10);
      await settle(t.services, w);
      const [row] = await storedCases(t.services, line);
      assert.ok(row, 'the case opened');
      assert.deepEqual([failures, seen, Number(row.notify_pending)], [1, [], 1], 'the first hand-over failed; the case waits in the outbox');

      // Due once it has waited noticeSweepAfterMs since the flush that committed it.
      assert.equal(await w.sweepNotices(), 0, 'not due yet: the worker that committed it may still be handling it');
      clock.advance(120_001);
      assert.equal(await w.sweepNotices(), 1);
      assert.deepEqual(seen, [row.id], 'handed over again, and this time it went through');
      const [later] = await storedCases(t.services, line);
      assert.equal(Number(later!.notify_pending), 0);
      assert.equal(await w.sweepNotices(), 0, 'nothing left');
    } finally {
      await w.stop();
      await t.close();
    }
  });

  test('restart: a new worker on the same store restores the line and its open case, so the line keeps one case', async () => {
    const clock = new ManualClock(T0);
    const t = await rig(clock);
    const line = t.services.lineKeys.of('090-4321-0004').lineKey;
    const quiet = t.services.lineKeys.of('080-4321-0005').lineKey;
    const w1 = worker(t.services);
    await w1.start();
    await burst(t.services, clock, line, 10);
    for (let n = 0; n < 3; n++) await t.services.bus.publish('sms.verdict.v1', verdict(quiet, n, clock.now(), { action: 'allow', family: null, brand: null }), { key: quiet });
    assert.ok(t.services.bus instanceof InProcessBus);
    await t.services.bus.drain();
    await w1.stop(); // flushes
    const [opened] = await storedCases(t.services, line);
    assert.ok(opened, 'the case opened before the restart');

    const w2 = worker(t.services);
    try {
      await w2.start();
      // Only lines with filtered traffic are persisted: the infected line comes back, the quiet line starts afresh.
      assert.equal(w2.detector.stats().activeLines, 1, 'the line with filtered traffic restored');
      assert.notEqual(w2.detector.exportLine(line), null);
      assert.equal(w2.detector.exportLine(quiet), null);
      assert.equal(w2.detector.openCase(line)?.id, opened.id, 'the open case is known again');
      assert.equal(w2.detector.openCase(quiet), undefined);

      await burst(t.services, clock, line, 30, 10);
      await settle(t.services, w2);
      const rows = await storedCases(t.services, line);
      assert.deepEqual(rows.map((r) => [r.id, r.state]), [[opened.id, 'open']], 'still the one case');
      const extras = JSON.parse(w2.detector.exportLine(line)!.extras!) as { flaggedTotal: number };
      assert.equal(extras.flaggedTotal, 40, 'the counts before the restart carried on');
      assert.ok(Number(rows[0]!.flagged_total) > Number(opened.flagged_total), 'the case grew with the new messages');
      assert.equal(w2.detector.stats().casesOpened, 0, 'the second worker opened nothing');
    } finally {
      await w2.stop();
      await t.close();
    }
  });

  // The close route only updates the store; the worker learns of it on its next sweep (or when a grown change no
  // longer applies) and watches the line afresh, so a line that goes on spreading gets a new case.
  test('a case closed by an analyst: a line that keeps sending afterwards gets a new case', async () => {
    const clock = new ManualClock(T0);
    const t = await rig(clock);
    const w = worker(t.services);
    try {
      await w.start();
      const { analyst } = await bearers(t.services);
      const line = t.services.lineKeys.of('090-4321-0007').lineKey;
      await burst(t.services, clock, line, 10);
      await settle(t.services, w);
      const [first] = await storedCases(t.services, line);
      assert.ok(first);
      const r = await t.app.inject({ method: 'POST', url: `/v1/devices/cases/${first.id}/close`, headers: analyst, payload: { note: 'false case, per the owner' } });
      assert.equal(r.statusCode, 200, r.body);
      clock.advance(2 * 3_600_000);
      await settle(t.services, w); // the worker's next sweep learns of the close
      await burst(t.services, clock, line, 40, 10);
      await settle(t.services, w);
      const rows = await storedCases(t.services, line);
      assert.deepEqual(rows.map((x) => x.state).sort(), ['closed', 'open']);
    } finally {
      await w.stop();
      await t.close();
    }
  });

  test('bad events on the bus are counted by reason and never scored; the worker goes on', async () => {
    const clock = new ManualClock(T0);
    const t = await rig(clock);
    const w = worker(t.services);
    try {
      await w.start();
      const line = t.services.lineKeys.of('090-4321-0006').lineKey;
      const publish = (payload: unknown) => t.services.bus.publish('sms.verdict.v1', payload as SmsVerdictV1, { key: line });
      // Enough of each to open a case, were they counted.
      for (let n = 0; n < 12; n++) {
        clock.advance(1000);
        const now = clock.now();
        const { senderKey: _s, ...noSender } = verdict(line, n, now);
        await publish({ ...verdict(line, n, now), at: undefined }); // invalid: no time
        await publish({ ...verdict(line, n, now), action: 'delete' }); // invalid: no such action
        await publish({ ...verdict(line, n, now), recipientKey: 42 }); // invalid: mistyped
        await publish(null); // invalid: not an object
        await publish({ ...verdict(line, n, now), senderType: 'sender_id' }); // not_a_line
        await publish({ ...verdict(line, n, now), route: 'aggregator' }); // not_a_line
        await publish(noSender); // not_a_line
        await publish(verdict(line, n, now + 24 * 3_600_000)); // future
        await publish(verdict(line, n, now - 3 * 24 * 3_600_000)); // stale
      }
      await settle(t.services, w);
      const st = w.detector.stats();
      assert.deepEqual([st.invalid, st.not_a_line, st.future, st.stale, st.processed, st.activeLines, st.casesOpened], [48, 36, 12, 12, 0, 0, 0]);
      assert.deepEqual(await storedCases(t.services), []);

      // Still consuming: a real burst from the same line opens its case.
      await burst(t.services, clock, line, 10);
      await settle(t.services, w);
      assert.equal((await storedCases(t.services, line)).length, 1);
    } finally {
      await w.stop();
      await t.close();
    }
  });
});
