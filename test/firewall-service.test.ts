// The firewall decider: the decision matrix on real texts (network block, client-layer warning, opt-out, undecodable,
// both directions), quarantine stored before the decision resolves, bodies only where a message was blocked or
// quarantined, pseudonyms instead of numbers, retention, and the same behaviour on every available store.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import { Registry } from 'prom-client';
import { AppError, ManualClock, silentLogger, type Config, type OpenStorageOptions, type Storage } from '../src/core/index.js';
import { createFirewallService, type FirewallMessage, type FirewallService, type FirewallServiceDeps } from '../src/firewall/index.js';
import { testApp, type TestApp } from './helpers/app.js';
import { storeMatrix } from './storage-fixtures.js';

// Texts from data/holdout/independent.jsonl: a parcel lure with a link (network verdict block), the same lure with
// its link left out (no attack vector: warn), a money-mule recruitment (network allow, but above the client
// layer's warnAt), and an ordinary one-time code.
const BLOCK = 'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。http://yamato-qv3k.top';
const WARN = 'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。（URLは省略）';
const CLIENT_ONLY = '副業紹介：カードを受け取ってATMで引き出すだけ。報酬は引出額の10％。信頼できる人のみ→テレグラム @atm_side_job';
const NORMAL = '【LINE】認証番号：482915\nこの番号を他人に教えないでください。';

const SENDER = '+819011112222';
const LINE = '09033334444';
const T0 = Date.UTC(2025, 5, 1, 3, 0, 0);
const DAY = 86_400_000;

interface Rig { t: TestApp; fw: FirewallService; deps: FirewallServiceDeps; clock: ManualClock; msg(text: string | null, over?: Partial<FirewallMessage>): FirewallMessage }

async function rig(firewall: Partial<Config['firewall']> = {}, storage?: Storage, logStore?: OpenStorageOptions): Promise<Rig> {
  const clock = new ManualClock(T0);
  const t = await testApp({ intel: { operatorName: 'carrier-a' } }, { clock });
  const deps: FirewallServiceDeps = {
    db: (storage ?? t.services.storage).db, sms: t.services.sms, lineKeys: t.services.lineKeys,
    reports: t.services.reports, config: { ...t.config.firewall, ...firewall }, enginePolicies: t.config.engine.policies,
    clock, logger: silentLogger, metrics: new Registry(), purgeEveryMs: 0, ...(logStore ? { logStore } : {}),
  };
  const fw = createFirewallService(deps);
  return {
    t, fw, deps, clock,
    msg: (text, over = {}) => ({ direction: 'deliver_sm', peer: 'smsc-a', from: SENDER, to: LINE, text, receivedAt: clock.now(), ...over }),
  };
}

async function done(r: Rig): Promise<void> {
  await r.fw.close();
  await r.t.close();
}

test('the texts behave as the matrix below assumes (network verdict, client warnAt 0.5)', async () => {
  const r = await rig();
  try {
    const v = (body: string) => r.t.services.sms.classify({ body, from: SENDER, to: LINE }, 'network');
    assert.equal(v(BLOCK).action, 'block');
    assert.equal(v(WARN).action, 'warn');
    assert.equal(v(CLIENT_ONLY).action, 'allow');
    assert.ok(v(CLIENT_ONLY).score >= r.t.config.engine.policies.client.warnAt, 'the client layer would warn');
    assert.equal(v(NORMAL).action, 'allow');
    assert.ok(v(NORMAL).score < r.t.config.engine.policies.client.warnAt);
  } finally {
    await done(r);
  }
});

test('decision matrix: network block, opt-out, client layer, both directions', async () => {
  const r = await rig();
  try {
    const key = r.t.services.lineKeys.of(LINE).lineKey;
    const set = (network: boolean, client: boolean) => r.fw.settings.set(key, { network, client }, 'test/k1');
    const cases: Array<[string, [boolean, boolean], string, string]> = [
      // [why, [network, client], text, expected action]
      ['defaults: a blocked verdict is rejected at the network', [true, false], BLOCK, 'reject'],
      ['defaults: a warned message goes through (no client layer)', [true, false], WARN, 'forward'],
      ['defaults: a normal message goes through', [true, false], NORMAL, 'forward'],
      ['client layer: a warned message is quarantined', [true, true], WARN, 'quarantine'],
      ['client layer: network allows but the client policy warns: quarantined', [true, true], CLIENT_ONLY, 'quarantine'],
      ['client layer: a blocked verdict is still blocked at the network', [true, true], BLOCK, 'reject'],
      ['client layer: a normal message goes through', [true, true], NORMAL, 'forward'],
      ['opted out with the client layer: a block is judged like the client layer', [false, true], BLOCK, 'quarantine'],
      ['opted out without the client layer: never blocked at the network', [false, false], BLOCK, 'forward'],
      ['opted out without the client layer: warned message forwarded', [false, false], WARN, 'forward'],
    ];
    for (const [why, [network, client], text, expected] of cases) {
      await set(network, client);
      for (const direction of ['deliver_sm', 'submit_sm'] as const) {
        const d = await r.fw.decide(r.msg(text, { direction }));
        assert.equal(d.action, expected, `${why} (${direction})`);
        assert.equal(d.status, expected === 'reject' ? 0x45 : undefined, why);
        assert.ok(d.verdict && d.verdict.score >= 0 && d.verdict.score <= 1);
      }
    }
    // In submit_sm, the sender's own settings do not matter: the recipient (to) is the one protected.
    await set(true, false);
    await r.fw.settings.set(r.t.services.lineKeys.of(SENDER).lineKey, { network: false, client: true }, 'test/k1');
    assert.equal((await r.fw.decide(r.msg(BLOCK, { direction: 'submit_sm' }))).action, 'reject');
  } finally {
    await done(r);
  }
});

test('onBlock drop and onWarn forward are honoured', async () => {
  const r = await rig({ onBlock: 'drop', onWarn: 'forward' });
  try {
    const key = r.t.services.lineKeys.of(LINE).lineKey;
    await r.fw.settings.set(key, { client: true }, 'test/k1');
    const blocked = await r.fw.decide(r.msg(BLOCK));
    assert.deepEqual([blocked.action, blocked.status], ['drop', undefined]);
    r.clock.advance(1);
    assert.equal((await r.fw.decide(r.msg(WARN))).action, 'forward', 'onWarn forward: the client layer does not hold it');
    assert.equal(Number((await r.t.services.storage.db.selectFrom('quarantine').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n), 0);
    await r.fw.flush();
    const rows = await r.fw.decisions.list({ since: 0, limit: 10 });
    assert.deepEqual(rows.map((x) => [x.action, x.body !== null]), [['drop', true], ['forward', false]], 'a dropped body is kept, a forwarded one not');
  } finally {
    await done(r);
  }
});

test('undecodable text: pass forwards, reject refuses; logged as such with no body and no verdict', async () => {
  for (const [mode, action, logged] of [['pass', 'forward', 'pass_undecodable'], ['reject', 'reject', 'reject_undecodable']] as const) {
    const r = await rig({ undecodable: mode, rejectStatus: 0x61 });
    try {
      const d = await r.fw.decide(r.msg(null));
      assert.equal(d.action, action);
      assert.equal(d.status, mode === 'reject' ? 0x61 : undefined);
      assert.equal(d.verdict, undefined, 'nothing was classified');
      await r.fw.flush();
      const [row] = await r.fw.decisions.list({ since: 0, limit: 10 });
      assert.deepEqual([row?.action, row?.verdictAction, row?.body, row?.reasons], [logged, 'none', null, ['undecodable']]);
    } finally {
      await done(r);
    }
  }
});

test('an empty text is forwarded and logged; a missing recipient gets the defaults', async () => {
  const r = await rig();
  try {
    assert.equal((await r.fw.decide(r.msg('   '))).action, 'forward');
    r.clock.advance(1);
    assert.equal((await r.fw.decide(r.msg(BLOCK, { to: null }))).action, 'reject');
    await r.fw.flush();
    const rows = await r.fw.decisions.list({ since: 0, limit: 10 });
    assert.deepEqual(rows.map((x) => [x.action, x.verdictAction, x.reasons[0], x.recipientKey]), [
      ['forward', 'none', 'body_empty', r.t.services.lineKeys.of(LINE).lineKey], ['reject', 'block', rows[1]!.reasons[0], null],
    ]);
  } finally {
    await done(r);
  }
});

test('the peer\'s route reaches the engine: a brand\'s notice over an aggregator is not read as sent from a personal line', async () => {
  const r = await rig();
  try {
    const text = 'ヤマト運輸です。お荷物のお届け予定をお知らせします。https://www.kuronekoyamato.co.jp/ytc/customer/';
    const viaAggregator = await r.fw.decide(r.msg(text, { from: '0005010001', route: 'aggregator' }));
    r.clock.advance(1);
    const viaHandset = await r.fw.decide(r.msg(text, { from: '0005010001', route: 'handset' }));
    await r.fw.flush();
    const rows = await r.fw.decisions.list({ since: 0, limit: 10 });
    const reasonsOf = (id: string) => rows.find((x) => x.id === id)?.reasons ?? [];
    assert.equal(viaAggregator.action, 'forward');
    assert.ok(!reasonsOf(viaAggregator.decisionId).includes('brand_from_personal_number'));
    assert.ok(reasonsOf(viaHandset.decisionId).includes('brand_from_personal_number'), 'the same text over a handset route claims a brand from a personal line');
  } finally {
    await done(r);
  }
});

test('a change of settings takes effect at once for the next message', async () => {
  const r = await rig();
  try {
    const key = r.t.services.lineKeys.of('+81 90-3333-4444').lineKey;
    await r.fw.settings.load();
    assert.equal((await r.fw.decide(r.msg(BLOCK))).action, 'reject', 'default: network filtering on');
    await r.fw.settings.set(key, { network: false }, 'carrier-a/k1');
    assert.equal((await r.fw.decide(r.msg(BLOCK))).action, 'forward', 'opted out: the very next message is not blocked');
    await r.fw.settings.set(key, { network: true }, 'carrier-a/k1');
    assert.equal((await r.fw.decide(r.msg(BLOCK))).action, 'reject');
    // A change written by another process (the API server beside a separate proxy) is read by the next refresh
    // (every second in production; called here), even when that process's clock is behind ours.
    await r.t.services.storage.db.updateTable('filter_settings').set({ network: 0, changed_at: r.clock.now() - 30_000 }).where('line_key', '=', key).execute();
    assert.equal((await r.fw.decide(r.msg(BLOCK))).action, 'reject', 'not read yet');
    await r.fw.settings.refresh();
    assert.equal((await r.fw.decide(r.msg(BLOCK))).action, 'forward');
    // Back to the defaults elsewhere: the line is forgotten (only lines that differ from the defaults are held).
    await r.t.services.storage.db.updateTable('filter_settings').set({ network: 1, changed_at: r.clock.now() }).where('line_key', '=', key).execute();
    await r.fw.settings.refresh();
    assert.equal(r.fw.settings.size, 0);
    assert.equal((await r.fw.decide(r.msg(BLOCK))).action, 'reject');
  } finally {
    await done(r);
  }
});

test('quarantine: the row is committed before decide resolves; a store that fails refuses the message', async () => {
  const r = await rig();
  try {
    const key = r.t.services.lineKeys.of(LINE).lineKey;
    await r.fw.settings.set(key, { client: true }, 'test/k1');
    const d = await r.fw.decide(r.msg(WARN));
    assert.equal(d.action, 'quarantine');
    // No flush: the quarantine row is there the moment the promise resolved.
    const row = await r.t.services.storage.db.selectFrom('quarantine').selectAll().where('id', '=', d.decisionId).executeTakeFirst();
    assert.ok(row, 'stored before the decision was acknowledged');
    assert.deepEqual([row.recipient_key, row.sender, row.body, row.state, Number(row.expires_at)], [key, SENDER, WARN, 'held', T0 + 30 * DAY]);
    // Many at once go through group commit and each is stored when its promise resolves.
    const many = await Promise.all(Array.from({ length: 50 }, () => r.fw.decide(r.msg(WARN))));
    const ids = new Set((await r.t.services.storage.db.selectFrom('quarantine').select('id').execute()).map((x) => x.id));
    assert.ok(many.every((m) => m.action === 'quarantine' && ids.has(m.decisionId)));

    await sql`drop table quarantine`.execute(r.t.services.storage.db);
    await assert.rejects(r.fw.decide(r.msg(WARN)), (e: unknown) => e instanceof AppError && e.code === 'STORAGE_FAILED');
    await r.fw.flush();
    const logged = await r.fw.decisions.list({ since: 0, limit: 100 });
    assert.equal(logged.length, 51, 'the refused message has no decision row: it was never acknowledged');
  } finally {
    await done(r);
  }
});

test('decision log: pseudonyms only; a body only when blocked or quarantined', async () => {
  const r = await rig();
  try {
    const key = r.t.services.lineKeys.of(LINE).lineKey;
    // One ms apart, so the log's order (time, then id) is the order sent.
    const send = async (text: string, over: Partial<FirewallMessage> = {}) => {
      r.clock.advance(1);
      await r.fw.decide(r.msg(text, over));
    };
    await send(BLOCK);
    await send(WARN);
    await send(NORMAL);
    await r.fw.settings.set(key, { client: true }, 'test/k1');
    await send(CLIENT_ONLY);
    await send(NORMAL, { from: '090-1111-2222' });
    assert.ok(r.fw.decisions.pending > 0, 'rows wait in the buffer');
    await r.fw.flush();
    const raw = await r.t.services.storage.db.selectFrom('firewall_decisions').selectAll().orderBy('id').execute();
    assert.deepEqual(raw.map((x) => [x.action, x.body]), [['reject', BLOCK], ['forward', null], ['forward', null], ['quarantine', CLIENT_ONLY], ['forward', null]]);
    assert.ok(raw.every((x) => x.recipient_key === key), 'the recipient is the LineKeys pseudonym of the line');
    assert.equal(raw[0]!.sender_key, r.t.services.lineKeys.of(SENDER).lineKey);
    assert.equal(raw[4]!.sender_key, r.t.services.lineKeys.of('09011112222').lineKey, 'a number in national form has the same pseudonym as in E.164');
    const text = JSON.stringify(raw);
    for (const leak of ['9011112222', '9033334444', '090-1111']) assert.ok(!text.includes(leak), `no number (${leak}) in the log`);
    const blocked = raw[0]!;
    assert.equal(blocked.verdict_action, 'block');
    assert.ok(JSON.parse(blocked.reasons).length > 0);
    assert.match(blocked.fingerprint, /\S/);
    assert.equal(blocked.peer, 'smsc-a');
  } finally {
    await done(r);
  }
});

test('retention: old decisions and expired quarantine are purged; expired messages are hidden before that', async () => {
  const r = await rig({ quarantineDays: 30, decisionRetentionDays: 183 });
  try {
    const key = r.t.services.lineKeys.of(LINE).lineKey;
    await r.fw.settings.set(key, { client: true }, 'test/k1');
    const old = await r.fw.decide(r.msg(WARN));
    await r.fw.flush();
    r.clock.advance(30 * DAY);
    assert.deepEqual(await r.fw.quarantine.list(key, 10), [], 'expired at once, even before the purge');
    assert.deepEqual(await r.fw.purge(), { decisions: 0, quarantine: 1 });
    r.clock.advance(154 * DAY);
    const fresh = await r.fw.decide(r.msg(BLOCK));
    await r.fw.flush();
    assert.deepEqual(await r.fw.purge(), { decisions: 1, quarantine: 0 });
    const left = await r.fw.decisions.list({ since: 0, limit: 10 });
    assert.deepEqual(left.map((x) => x.id), [fresh.decisionId]);
    assert.notEqual(old.decisionId, fresh.decisionId);
  } finally {
    await done(r);
  }
});

describe('decider on every store', () => {
  for (const s of storeMatrix()) {
    test(s.name, { skip: s.skip }, async () => {
      const fixture = await s.factory!();
      const storage = await fixture.open();
      // The decision log's own thread writes through a connection of its own (not for :memory:).
      const r = await rig({}, storage, fixture.options);
      try {
        const key = r.t.services.lineKeys.of(LINE).lineKey;
        assert.equal((await r.fw.settings.fromStore(key)).source, 'default');
        await r.fw.settings.set(key, { client: true }, 'test/k1');
        // A proxy starting on this store holds the line that differs from the defaults.
        const other = createFirewallService({ ...r.deps, db: storage.db, metrics: new Registry(), settingsRefreshMs: 0 });
        await other.settings.load();
        assert.equal(other.settings.size, 1);
        assert.deepEqual(other.settings.current(key), { network: true, client: true });
        await other.close();
        const q = await r.fw.decide(r.msg(WARN));
        assert.equal(q.action, 'quarantine');
        r.clock.advance(1);
        assert.equal((await r.fw.decide(r.msg(BLOCK))).action, 'reject');
        await r.fw.flush();
        // A batch written again (its first commit's answer lost with a thread that died) adds nothing and fails nothing.
        const again = { id: 'retried-row', at: T0, direction: 'submit_sm' as const, peer: 'p', senderKey: null, recipientKey: null, action: 'forward' as const, verdictAction: 'allow', score: 0, category: 'none', reasons: [], fingerprint: '', body: null };
        r.fw.decisions.append({ ...again });
        await r.fw.flush();
        r.fw.decisions.append({ ...again });
        await r.fw.flush();
        assert.equal((await r.fw.decisions.list({ since: 0, limit: 100 })).filter((x) => x.id === 'retried-row').length, 1);
        assert.equal(r.fw.decisions.pending, 0, 'nothing left waiting for a retry');
        const rows = await r.fw.decisions.list({ since: 0, limit: 10, lineKey: key });
        assert.deepEqual(rows.map((x) => [x.action, x.body]), [['quarantine', WARN], ['reject', BLOCK]]);
        const [held] = await r.fw.quarantine.list(key, 10);
        assert.equal(held?.id, q.decisionId);
        const released = await r.fw.quarantine.apply(key, q.decisionId, 'release', { actor: 'test', purpose: 'test' }, '+819033334444');
        assert.equal(released.message.state, 'released');
        assert.deepEqual((await r.fw.quarantine.pendingReleases()).map((p) => [p.id, p.deliverTo]), [[q.decisionId, '+819033334444']]);
        assert.equal(await r.fw.quarantine.markDelivered(q.decisionId), true);
        assert.deepEqual(await r.fw.quarantine.pendingReleases(), []);
        r.clock.advance(200 * DAY);
        assert.deepEqual(await r.fw.purge(), { decisions: 3, quarantine: 1 }, 'the two decisions and the retried row');
      } finally {
        await done(r);
        await fixture.dispose();
      }
    });
  }
});
