// The firewall's HTTP API: filter settings (default, opt-out at once, roles, audit), the client-layer quarantine
// (list, view, release into the outbox, report into the hub, mark safe, state rules, audit, roles, bad input) and
// the decision log for analysts (lookup by line and bodies only with a purpose, both audited).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig, ManualClock, silentLogger } from '../src/core/index.js';
import type { FirewallMessage, FirewallService } from '../src/firewall/index.js';
import { buildApp, compose, type Services } from '../src/server/index.js';

// From data/holdout/independent.jsonl (see test/firewall-service.test.ts for what each one gets).
const BLOCK = 'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。http://yamato-qv3k.top';
const WARN = 'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。（URLは省略）';
const CLIENT_ONLY = '副業紹介：カードを受け取ってATMで引き出すだけ。報酬は引出額の10％。信頼できる人のみ→テレグラム @atm_side_job';
const SENDER = '+819011112222';
const LINE = '090-3333-4444';
const OTHER_LINE = '080-5555-6666';
const T0 = Date.UTC(2025, 5, 1, 3, 0, 0);

interface Api {
  app: FastifyInstance; services: Services; fw: FirewallService; clock: ManualClock;
  keys: Record<'member' | 'analyst' | 'admin' | 'partner' | 'police', { authorization: string }>;
  lineKey(raw: string): string;
  send(text: string, to?: string): Promise<string>;
  close(): Promise<void>;
}

// The app `mamoru serve` builds (its firewall decider and routes included), on an in-memory store.
async function api(): Promise<Api> {
  const clock = new ManualClock(T0);
  const config = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, intel: { operatorName: 'carrier-a' } } });
  const services = await compose(config, silentLogger, { clock, memory: true, defaultMetrics: false });
  const fw = services.firewall;
  const app = await buildApp(config, services, silentLogger);
  await app.ready();
  const own = await services.access.addMember('carrier-a', 'carrier');
  const partner = await services.access.addMember('carrier-b', 'carrier');
  const bearer = async (memberId: string, role: 'member' | 'analyst' | 'police' | 'admin') => ({ authorization: `Bearer ${(await services.access.createKey(memberId, role)).key}` });
  const keys = {
    member: await bearer(own.id, 'member'), analyst: await bearer(own.id, 'analyst'), admin: await bearer(own.id, 'admin'),
    police: await bearer(own.id, 'police'), partner: await bearer(partner.id, 'member'),
  };
  return {
    app, services, fw, clock, keys,
    lineKey: (raw) => services.lineKeys.of(raw).lineKey,
    async send(text, to = LINE) {
      clock.advance(1_000);
      const m: FirewallMessage = { direction: 'deliver_sm', peer: 'smsc-a', from: SENDER, to, text, receivedAt: clock.now() };
      return (await fw.decide(m)).decisionId;
    },
    async close() {
      await app.close();
      await services.close();
    },
  };
}

test('filter API: defaults, opt-out effective for the very next message, every form of a number, audited with the pseudonym only', async () => {
  const a = await api();
  try {
    const get = (line: string, headers = a.keys.member) => a.app.inject({ method: 'GET', url: `/v1/filter/${encodeURIComponent(line)}`, headers });
    const put = (line: string, payload: unknown, headers = a.keys.member) => a.app.inject({ method: 'PUT', url: `/v1/filter/${encodeURIComponent(line)}`, headers, payload: payload as object });
    const key = a.lineKey(LINE);

    const first = await get(LINE);
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { lineKey: key, network: true, client: false, source: 'default', changedAt: null, changedBy: null });

    assert.equal((await a.fw.decide({ direction: 'deliver_sm', peer: 'p', from: SENDER, to: '09033334444', text: BLOCK, receivedAt: T0 })).action, 'reject');
    const out = await put('+819033334444', { network: false });
    assert.equal(out.statusCode, 200, out.body);
    assert.deepEqual([out.json().network, out.json().client, out.json().changed, out.json().source], [false, false, true, 'set']);
    assert.match(out.json().changedBy, /^carrier-a\//);
    assert.equal((await a.fw.decide({ direction: 'deliver_sm', peer: 'p', from: SENDER, to: '09033334444', text: BLOCK, receivedAt: T0 })).action, 'forward', 'opted out: takes effect at once');

    const client = await put('０９０ー３３３３ー４４４４', { client: true });
    assert.deepEqual([client.json().network, client.json().client], [false, true], 'a field left out keeps its value');
    assert.equal((await put(LINE, { client: true })).json().changed, false);
    assert.equal((await get(LINE, a.keys.analyst)).json().client, true, 'analysts read');
    assert.equal((await put(LINE, { network: true }, a.keys.admin)).statusCode, 200, 'admins change');

    const audit = await a.services.audit.list({ limit: 1000 });
    assert.ok(audit.every((e) => !JSON.stringify(e).includes('3333')), 'the audit log holds the pseudonym, never the number');
    const count = (action: string) => audit.filter((e) => e.action === action && e.target === `line:${key}`).length;
    assert.equal(count('filter.read'), 2);
    assert.equal(count('filter.set'), 4);
  } finally {
    await a.close();
  }
});

test('filter API: roles and bad input', async () => {
  const a = await api();
  try {
    const req = (method: 'GET' | 'PUT', line: string, headers?: { authorization: string }, payload?: unknown) =>
      a.app.inject({ method, url: `/v1/filter/${encodeURIComponent(line)}`, ...(headers ? { headers } : {}), ...(payload === undefined ? {} : { payload: payload as object }) });
    assert.equal((await req('GET', LINE)).statusCode, 401);
    assert.equal((await req('PUT', LINE, undefined, { network: false })).statusCode, 401);
    for (const [who, method] of [['partner', 'GET'], ['partner', 'PUT'], ['analyst', 'PUT'], ['police', 'GET']] as const) {
      const r = await req(method, LINE, a.keys[who], method === 'PUT' ? { network: false } : undefined);
      assert.equal(r.statusCode, 403, `${who} ${method}`);
      assert.equal(r.json().code, 'FORBIDDEN');
    }
    for (const bad of ['12345', '03-1234-5678', '+14155552671', 'abc']) {
      const r = await req('GET', bad, a.keys.member);
      assert.deepEqual([r.statusCode, r.json().code], [400, 'INVALID_LINE'], bad);
    }
    for (const body of [{}, { network: 'no' }, { network: false, extra: 1 }, [true]]) {
      const r = await req('PUT', LINE, a.keys.member, body);
      assert.deepEqual([r.statusCode, r.json().code], [400, 'VALIDATION_FAILED'], JSON.stringify(body));
    }
    assert.equal((await a.fw.settings.fromStore(a.lineKey(LINE))).source, 'default', 'nothing was changed by refused requests');
  } finally {
    await a.close();
  }
});

test('quarantine API: list newest first with a preview, view, release into the outbox, mark safe, report into the hub; audited', async () => {
  const a = await api();
  try {
    await a.fw.settings.set(a.lineKey(LINE), { client: true }, 'test');
    const first = await a.send(WARN);
    const second = await a.send(CLIENT_ONLY);
    const third = await a.send(WARN);
    const h = a.keys.member;
    const url = (rest = '') => `/v1/quarantine/${encodeURIComponent(LINE)}${rest}`;

    const list = await a.app.inject({ method: 'GET', url: url(), headers: h });
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json().messages.map((m: { id: string }) => m.id), [third, second, first], 'newest first');
    const m0 = list.json().messages[1];
    assert.equal(m0.preview, [...CLIENT_ONLY].slice(0, 40).join(''));
    assert.equal(m0.body, undefined, 'the list carries a preview, not the body');
    assert.deepEqual([m0.sender, m0.state, m0.verdict.category], [SENDER, 'held', 'recruitment']);

    const view = await a.app.inject({ method: 'GET', url: url(`/${second}`), headers: h });
    assert.equal(view.statusCode, 200, view.body);
    assert.equal(view.json().body, CLIENT_ONLY);

    const release = await a.app.inject({ method: 'POST', url: url(`/${first}/release`), headers: h });
    assert.deepEqual(release.json(), { id: first, state: 'released', changed: true });
    assert.deepEqual((await a.fw.quarantine.pendingReleases()).map((p) => [p.id, p.deliverTo, p.body]), [[first, '+819033334444', WARN]], 'the proxy finds it with the number to deliver to');
    assert.equal((await a.app.inject({ method: 'POST', url: url(`/${first}/release`), headers: h })).json().changed, false, 'asking again changes nothing');
    const notSafe = await a.app.inject({ method: 'POST', url: url(`/${first}/safe`), headers: h });
    assert.deepEqual([notSafe.statusCode, notSafe.json().code, notSafe.json().details.state], [409, 'QUARANTINE_STATE', 'released']);
    assert.equal(await a.fw.quarantine.markDelivered(first), true);
    assert.equal((await a.app.inject({ method: 'GET', url: url(`/${first}`), headers: h })).json().state, 'delivered');

    const safe = await a.app.inject({ method: 'POST', url: url(`/${second}/safe`), headers: h });
    assert.deepEqual(safe.json(), { id: second, state: 'safe', changed: true });
    const marks = await a.app.inject({ method: 'GET', url: '/v1/quarantine/safe-marks?since=0', headers: a.keys.analyst });
    assert.equal(marks.statusCode, 200, marks.body);
    assert.equal(marks.json().messages, 1);
    assert.deepEqual(marks.json().bySender.map((g: { key: string; marks: number; lines: number }) => [g.key, g.marks, g.lines]), [[SENDER, 1, 1]]);
    assert.ok(!marks.body.includes('ATM'), 'no body in the evidence');

    const report = await a.app.inject({ method: 'POST', url: url(`/${third}/report`), headers: h });
    assert.equal(report.statusCode, 200, report.body);
    assert.deepEqual([report.json().state, report.json().changed], ['reported', true]);
    assert.match(report.json().reference, /^R-/);
    const filed = await a.services.reports.find({ limit: 10 });
    assert.equal(filed.length, 1, 'a report was filed in the hub (its text normalised as the hub stores it)');
    assert.deepEqual([filed[0]!.body, filed[0]!.reference, filed[0]!.channel, filed[0]!.reporter], [WARN.normalize('NFKC'), report.json().reference, 'api', a.lineKey(LINE)]);
    const again = await a.app.inject({ method: 'POST', url: url(`/${third}/report`), headers: h });
    assert.deepEqual([again.json().changed, again.json().reference], [false, null]);
    assert.equal((await a.services.reports.find({ limit: 10 })).length, 1, 'reporting again files nothing');

    const audit = await a.services.audit.list({ limit: 1000 });
    assert.ok(audit.every((e) => !JSON.stringify(e).includes('3333') && !JSON.stringify(e).includes('ATM')), 'no number and no content in the audit log');
    const actions = audit.map((e) => e.action);
    for (const [action, n] of [['quarantine.list', 1], ['quarantine.read', 2], ['quarantine.release', 2], ['quarantine.safe', 1], ['quarantine.report', 1], ['quarantine.safe_marks.read', 1]] as const) {
      assert.equal(actions.filter((x) => x === action).length, n, action);
    }
  } finally {
    await a.close();
  }
});

test('quarantine API: roles, unknown and foreign ids, bad ids, expiry', async () => {
  const a = await api();
  try {
    await a.fw.settings.set(a.lineKey(LINE), { client: true }, 'test');
    await a.fw.settings.set(a.lineKey(OTHER_LINE), { client: true }, 'test');
    const mine = await a.send(WARN);
    const theirs = await a.send(WARN, OTHER_LINE);
    const url = (line: string, rest = '') => `/v1/quarantine/${encodeURIComponent(line)}${rest}`;

    assert.equal((await a.app.inject({ method: 'GET', url: url(LINE) })).statusCode, 401);
    for (const who of ['partner', 'analyst', 'police'] as const) {
      assert.equal((await a.app.inject({ method: 'GET', url: url(LINE), headers: a.keys[who] })).statusCode, 403, who);
      assert.equal((await a.app.inject({ method: 'POST', url: url(LINE, `/${mine}/release`), headers: a.keys[who] })).statusCode, 403, who);
    }
    assert.equal((await a.app.inject({ method: 'GET', url: '/v1/quarantine/safe-marks', headers: a.keys.member })).statusCode, 403, 'the evidence is for analysts');
    assert.equal((await a.app.inject({ method: 'GET', url: url(LINE, `/${mine}`), headers: a.keys.admin })).statusCode, 200, 'admins pass');

    const foreign = await a.app.inject({ method: 'GET', url: url(LINE, `/${theirs}`), headers: a.keys.member });
    assert.deepEqual([foreign.statusCode, foreign.json().code], [404, 'NOT_FOUND'], "another line's message is not found through this line");
    const unknown = await a.app.inject({ method: 'POST', url: url(LINE, '/01J00000000000000000000000/report'), headers: a.keys.member });
    assert.deepEqual([unknown.statusCode, unknown.json().code], [404, 'NOT_FOUND']);
    const badId = await a.app.inject({ method: 'GET', url: url(LINE, '/not-an-id'), headers: a.keys.member });
    assert.deepEqual([badId.statusCode, badId.json().code], [400, 'VALIDATION_FAILED']);
    const badLine = await a.app.inject({ method: 'GET', url: url('0312345678'), headers: a.keys.member });
    assert.deepEqual([badLine.statusCode, badLine.json().code], [400, 'INVALID_LINE']);
    assert.equal((await a.app.inject({ method: 'GET', url: `${url(LINE)}?limit=abc`, headers: a.keys.member })).statusCode, 400);

    a.clock.advance(30 * 86_400_000);
    assert.deepEqual((await a.app.inject({ method: 'GET', url: url(LINE), headers: a.keys.member })).json().messages, [], 'expired: gone from the app');
    assert.equal((await a.app.inject({ method: 'POST', url: url(LINE, `/${mine}/release`), headers: a.keys.member })).statusCode, 404);
    assert.deepEqual(await a.fw.purge(), { decisions: 0, quarantine: 2 });
  } finally {
    await a.close();
  }
});

test('decisions API: analysts page the log; lookup by line and bodies only with a purpose, both audited', async () => {
  const a = await api();
  try {
    await a.send(BLOCK);
    await a.send(CLIENT_ONLY);
    await a.send(BLOCK, OTHER_LINE);
    await a.fw.flush();
    const get = (qs: string, headers = a.keys.analyst) => a.app.inject({ method: 'GET', url: `/v1/firewall/decisions?${qs}`, headers });

    const all = await get('since=0');
    assert.equal(all.statusCode, 200, all.body);
    assert.deepEqual(all.json().decisions.map((d: { action: string; hasBody: boolean; body?: string }) => [d.action, d.hasBody, d.body]), [
      ['reject', true, undefined], ['forward', false, undefined], ['reject', true, undefined],
    ], 'no body without bodies=true');
    assert.ok(!all.body.includes('3333') && !all.body.includes('1111'), 'numbers appear only as pseudonyms');

    const page1 = await get('since=0&limit=2');
    const next = page1.json().next;
    const page2 = await get(`since=${next.since}&after=${next.after}&limit=2`);
    assert.deepEqual([...page1.json().decisions, ...page2.json().decisions].map((d: { id: string }) => d.id), all.json().decisions.map((d: { id: string }) => d.id));

    const byLine = await get(`since=0&line=${encodeURIComponent(LINE)}&purpose=complaint%20T-42`);
    assert.equal(byLine.json().decisions.length, 2);
    assert.ok(byLine.json().decisions.every((d: { recipientKey: string }) => d.recipientKey === a.lineKey(LINE)));

    const noPurpose = await get('since=0&bodies=true');
    assert.deepEqual([noPurpose.statusCode, noPurpose.json().code], [400, 'VALIDATION_FAILED']);
    const bodies = await get('since=0&bodies=true&purpose=abuse%20investigation');
    assert.deepEqual(bodies.json().decisions.map((d: { body?: string }) => d.body), [BLOCK, undefined, BLOCK]);

    const audit = await a.services.audit.list({ limit: 1000 });
    assert.ok(audit.some((e) => e.action === 'firewall.decisions.by_line' && e.target === `line:${a.lineKey(LINE)}` && e.purpose === 'complaint T-42'));
    assert.ok(audit.some((e) => e.action === 'firewall.decisions.bodies' && e.purpose === 'abuse investigation'));

    assert.equal((await get('since=0', a.keys.member)).statusCode, 403);
    assert.equal((await a.app.inject({ method: 'GET', url: '/v1/firewall/decisions' })).statusCode, 401);
    assert.equal((await get('line=12345')).json().code, 'INVALID_LINE');
    assert.equal((await get('since=yesterday')).statusCode, 400);
  } finally {
    await a.close();
  }
});
