// The notifier as `mamoru serve` wires it (compose + buildApp), and the operator queue over HTTP: analysts list
// proposed actions and read a line's notices (audited); only an admin decides, and only once.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeConfig, isAppError, loadConfig } from '../src/core/index.js';
import { parseSubscriberRow } from '../src/subscribers/index.js';
import { testApp } from './helpers/app.js';
import { deviceCase, startSmtpSink, type SmtpSink } from './helpers/notify-sinks.js';

const HOUR = 3_600_000;
let smtp: SmtpSink;
before(async () => {
  smtp = await startSmtpSink();
});
after(async () => {
  await smtp.close();
});

async function setup() {
  const t = await testApp({
    notify: {
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false }, from: '"mamoruモバイル" <notice@example.jp>',
      carrierName: 'mamoruモバイル', supportContact: 'サポートセンター 0120-000-000（9:00〜20:00）', enabled: ['email'],
    },
  });
  const m = await t.services.access.addMember('carrier-a', 'carrier');
  const bearer = async (role: 'member' | 'analyst' | 'admin') => ({ authorization: `Bearer ${(await t.services.access.createKey(m.id, role)).key}` });
  return { t, member: await bearer('member'), analyst: await bearer('analyst'), admin: await bearer('admin') };
}

test('wired notifier: a case notifies by e-mail; the 72-hour follow-up proposes a limit; an admin approves it once', async () => {
  const { t, member, analyst, admin } = await setup();
  try {
    const { services } = t;
    await services.subscribers.import([
      parseSubscriberRow({ line: '090-5555-0001', contract_id: 'C-1', name: '見本 花子', email: 'hanako@wired.example.jp' }),
      parseSubscriberRow({ line: '090-5555-0002', contract_id: 'C-2', name: '見本 次郎', email: 'jiro@wired.example.jp' }),
    ], 'test');
    const k1 = services.lineKeys.of('090-5555-0001').lineKey;
    const k2 = services.lineKeys.of('090-5555-0002').lineKey;
    const now = Date.now();
    assert.equal((await services.notifier.onCase(deviceCase(k1, now, { id: 'case-a' }))).status, 'sent');
    assert.equal((await services.notifier.onCase(deviceCase(k2, now, { id: 'case-b' }))).status, 'sent');
    assert.equal(smtp.messages.filter((m) => m.to[0]!.endsWith('@wired.example.jp')).length, 2);
    assert.deepEqual(services.notifier.enabledChannels(), ['email']);

    const later = now + 73 * HOUR;
    const follow = await services.notifier.followUp(later, (k) => Promise.resolve(k === k1 || k === k2 ? now + HOUR : null));
    assert.deepEqual(follow, { checked: 2, proposed: 2, quiet: 0, optedOut: 0 });

    const list = await t.app.inject({ method: 'GET', url: '/v1/devices/actions?state=proposed', headers: analyst });
    assert.equal(list.statusCode, 200, list.body);
    const actions = list.json().actions as Array<{ id: string; caseId: string; lineKey: string; state: string; action: string; evidence: { noticeNo: number } }>;
    assert.deepEqual(actions.map((a) => [a.caseId, a.action, a.state]).sort(), [['case-a', 'sms_send_limit', 'proposed'], ['case-b', 'sms_send_limit', 'proposed']]);
    assert.equal(actions[0]!.evidence.noticeNo, 1);
    assert.ok(!list.body.includes('090') && !list.body.includes('見本'), 'the queue carries pseudonyms, no identity');
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/devices/actions', headers: member })).statusCode, 403);

    const a = actions.find((x) => x.caseId === 'case-a')!;
    const b = actions.find((x) => x.caseId === 'case-b')!;
    const decide = (id: string, verb: string, headers: Record<string, string>, note = '本人に電話で確認済み') =>
      t.app.inject({ method: 'POST', url: `/v1/devices/actions/${id}/${verb}`, headers, payload: { note } });
    assert.equal((await decide(a.id, 'approve', analyst)).statusCode, 403, 'a human admin decides');
    const approved = await decide(a.id, 'approve', admin);
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().action.state, 'approved');
    assert.match(approved.json().action.decidedBy, /^carrier-a\//);
    assert.equal(approved.json().action.note, '本人に電話で確認済み');
    const twice = await decide(a.id, 'reject', admin);
    assert.equal(twice.statusCode, 409);
    assert.equal(twice.json().code, 'ACTION_DECIDED');
    assert.equal((await decide(a.id, 'approve', admin)).json().code, 'ACTION_DECIDED');
    assert.equal((await decide('01NOSUCHACTION', 'approve', admin)).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'POST', url: `/v1/devices/actions/${b.id}/reject`, headers: admin, payload: {} })).statusCode, 400, 'a decision needs a note');
    assert.equal((await decide(b.id, 'reject', admin, 'line owner reset the phone')).json().action.state, 'rejected');
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/v1/devices/actions?state=proposed', headers: analyst })).json().actions, []);

    // Idempotent follow-up: nothing new for notices already checked.
    assert.equal((await services.notifier.followUp(later + HOUR, () => Promise.resolve(later))).checked, 0);

    const audit = await services.audit.list({ limit: 1000 });
    assert.ok(audit.some((e) => e.action === 'device_action.approve' && e.target === `line:${k1}` && e.actor.startsWith('carrier-a/')));
    assert.ok(audit.some((e) => e.action === 'device_action.reject' && e.target === `line:${k2}`));
  } finally {
    await t.close();
  }
});

test("a line's notices: analysts only, by line (any form) or case, audited; bad numbers are 400", async () => {
  const { t, member, analyst } = await setup();
  try {
    const { services } = t;
    await services.subscribers.import([parseSubscriberRow({ line: '080-5555-0003', contract_id: 'C-3', name: '見本 三郎', email: 'saburo@wired.example.jp' })], 'test');
    const key = services.lineKeys.of('08055550003').lineKey;
    await services.notifier.onCase(deviceCase(key, Date.now(), { id: 'case-c' }));
    const r = await t.app.inject({ method: 'GET', url: '/v1/devices/notices?line=%2B818055550003&purpose=subscriber%20call', headers: analyst });
    assert.equal(r.statusCode, 200, r.body);
    const [n] = r.json().notices;
    assert.deepEqual([n.caseId, n.noticeNo, n.channel, n.status, n.flaggedAtNotice], ['case-c', 1, 'email', 'sent', 230]);
    assert.deepEqual((await t.app.inject({ method: 'GET', url: '/v1/devices/notices?case=case-c', headers: analyst })).json().notices.length, 1);
    assert.ok((await services.audit.list()).some((e) => e.action === 'device_notices.read' && e.target === `line:${key}` && e.purpose === 'subscriber call'));
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/devices/notices?line=08055550003', headers: member })).statusCode, 403);
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/devices/notices?line=0312345678', headers: analyst })).json().code, 'INVALID_LINE');
    assert.equal((await t.app.inject({ method: 'GET', url: '/v1/devices/notices', headers: analyst })).json().code, 'VALIDATION_FAILED');
  } finally {
    await t.close();
  }
});

test('notify config: environment variables parse, every bad key is reported, the SMTP password is masked', () => {
  const c = loadConfig({ env: {
    MAMORU_SMTP_HOST: 'smtp.example.jp', MAMORU_SMTP_PORT: '465', MAMORU_SMTP_SECURE: 'true', MAMORU_SMTP_USER: 'notice', MAMORU_SMTP_PASS: 's3cret-pass',
    MAMORU_NOTIFY_CHANNELS: 'email, letter', MAMORU_SUPPORT_PHONE: '0120-000-000', MAMORU_NOTIFY_RESEND_AFTER_DAYS: '14',
  } });
  assert.deepEqual(c.notify.smtp, { host: 'smtp.example.jp', port: 465, secure: true, user: 'notice', pass: 's3cret-pass' });
  assert.deepEqual(c.notify.enabled, ['email', 'letter']);
  assert.deepEqual([c.notify.resendAfterDays, c.notify.evidenceGrowthFactor, c.notify.followUpHours, c.notify.minFlagged], [14, 2, 72, 5]);
  assert.ok(!JSON.stringify(describeConfig(c)).includes('s3cret-pass'));
  assert.throws(
    () => loadConfig({ env: { MAMORU_SMTP_SECURE: 'yes', MAMORU_NOTIFY_CHANNELS: 'fax', MAMORU_SUPPORT_PHONE: 'call us' } }),
    (e) => isAppError(e) && ['notify.smtp.secure', 'notify.enabled.0', 'notify.supportPhone'].every((k) => e.message.includes(k)),
  );
});
