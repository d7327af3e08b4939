// The sender registry API: members register their senders as pending, analysts vet, the engine uses a change on
// the next message, exports in JSON, JSONL and CSV, and bad input is refused with every problem named.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { testApp, type TestApp } from './helpers/app.js';
import { mamoru, tempDirs } from './helpers/cli.js';

describe('/v1/senders', () => {
  let t: TestApp;
  const keys: Record<string, string> = {};
  before(async () => {
    t = await testApp();
    const agg = await t.services.access.addMember('agg-one', 'aggregator');
    const other = await t.services.access.addMember('agg-two', 'aggregator');
    const hub = await t.services.access.addMember('hub', 'hub');
    keys.member = (await t.services.access.createKey(agg.id, 'member')).key;
    keys.other = (await t.services.access.createKey(other.id, 'member')).key;
    keys.analyst = (await t.services.access.createKey(hub.id, 'analyst')).key;
  });
  after(() => t.close());
  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, key?: string, payload?: Record<string, unknown>) =>
    t.app.inject({ method, url, ...(key ? { headers: { authorization: `Bearer ${key}` } } : {}), ...(payload !== undefined ? { payload } : {}) });
  const classify = () => t.services.sms.classify({ from: 'MAMORUBANK', body: 'ご利用ありがとうございます。明細は https://mamoru-bank.example.jp/s で確認できます。', route: 'aggregator' }, 'network');
  const codes = () => classify().reasons.map((r) => r.code);

  test('needs a key; lists the registry for members', async () => {
    assert.equal((await call('GET', '/v1/senders')).statusCode, 401);
    const r = await call('GET', '/v1/senders', keys.member);
    assert.equal(r.statusCode, 200);
    assert.ok(r.json().senders.length > 0, 'the sample registrations are there');
  });

  test('a member registers a sender id: stored pending, and the engine sees it on the next message', async () => {
    assert.ok(codes().includes('sender_id_unregistered') || !codes().includes('sender_pending'));
    const r = await call('POST', '/v1/senders', keys.member, { senders: [{ sender: 'mamorubank', owner: 'agg-one', officialDomains: ['mamoru-bank.example.jp'] }] });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.json().senders[0].sender, 'MAMORUBANK');
    assert.equal(r.json().senders[0].vetting, 'pending');
    assert.ok(codes().includes('sender_pending'), codes().join(','));
  });

  test('a member may not vet, nor take over another owner\'s sender', async () => {
    const vet = await call('POST', '/v1/senders', keys.member, { senders: [{ sender: 'MAMORUBANK', owner: 'agg-one', vetting: 'vetted' }] });
    assert.equal(vet.statusCode, 400);
    const steal = await call('POST', '/v1/senders', keys.other, { senders: [{ sender: 'MAMORUBANK', owner: 'agg-two' }] });
    assert.equal(steal.statusCode, 403);
  });

  test('an analyst vets it: registered credit at once; revoked: a penalty at once; all audited', async () => {
    const before = score();
    const r = await call('POST', '/v1/senders', keys.analyst, { senders: [{ sender: 'MAMORUBANK', owner: 'agg-one', vetting: 'vetted' }] });
    assert.equal(r.statusCode, 200, r.body);
    assert.ok(codes().includes('sender_registered'), codes().join(','));
    assert.ok(score() < before);
    await call('POST', '/v1/senders', keys.analyst, { senders: [{ sender: 'MAMORUBANK', owner: 'agg-one', vetting: 'revoked' }] });
    assert.ok(codes().includes('sender_revoked'), codes().join(','));
    const audit = await t.services.audit.list({ limit: 100 });
    assert.ok(audit.filter((e) => e.action === 'senders.upsert').length >= 3);
  });
  const score = () => classify().score;

  test('export as CSV and JSONL; filters', async () => {
    const csv = await call('GET', '/v1/senders?format=csv&owner=agg-one', keys.member);
    assert.equal(csv.statusCode, 200);
    assert.match(csv.headers['content-type'] as string, /text\/csv/);
    const lines = csv.body.trim().split('\n');
    assert.equal(lines[0], 'sender,sender_type,owner,brand_id,vetting,official_domains,updated_at');
    assert.ok(lines.some((l) => l.startsWith('MAMORUBANK,alphanumeric,agg-one,,revoked,mamoru-bank.example.jp,')), lines.join('\n'));
    const jsonl = await call('GET', '/v1/senders?format=jsonl&vetting=revoked', keys.member);
    const rows = jsonl.body.trim().split('\n').map((l) => JSON.parse(l));
    assert.ok(rows.every((x) => x.vetting === 'revoked'));
  });

  test('bad input: every problem named, nothing stored', async () => {
    const r = await call('POST', '/v1/senders', keys.analyst, { senders: [{ sender: '!!', owner: 'x' }, { sender: 'GOODID', owner: 'x', officialDomains: ['not a domain'] }, { sender: 'OTHERID', owner: 'x', brandId: 'no-such-brand' }] });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().code, 'VALIDATION_FAILED');
    assert.match(r.json().message, /#0 .*#1 .*#2/);
    const list = (await call('GET', '/v1/senders', keys.analyst)).json().senders.map((s: { sender: string }) => s.sender);
    assert.ok(!list.includes('GOODID') && !list.includes('OTHERID'));
    assert.equal((await call('POST', '/v1/senders', keys.analyst, { senders: [] })).statusCode, 400);
  });

  test('removal is for analysts and takes effect at once', async () => {
    assert.equal((await call('DELETE', '/v1/senders/MAMORUBANK', keys.member)).statusCode, 403);
    const r = await call('DELETE', '/v1/senders/MAMORUBANK', keys.analyst);
    assert.equal(r.json().removed, true);
    assert.ok(!codes().includes('sender_revoked'));
  });
});

describe('mamoru senders import / export', () => {
  const temp = tempDirs('mamoru-senders-');
  test('imports CSV (bad lines named, the rest stored), exports what was stored, round-trips through its own export', async () => {
    const dir = temp();
    const csv = join(dir, 'senders.csv');
    writeFileSync(csv, 'sender,owner,brand_id,vetting,official_domains\nMAMORUBANK,agg-one,,vetted,mamoru-bank.example.jp\n!!,x,,,\n0005019999,agg-one,,pending,\n');
    const imp = await mamoru(['senders', 'import', csv, '--data', dir]);
    assert.equal(imp.code, 1, imp.stderr);
    assert.deepEqual(JSON.parse(imp.stdout), { stored: 2, failed: 1 });
    assert.match(imp.stderr, /line 3: .*"!!"/);
    const out = await mamoru(['senders', 'export', '--data', dir]);
    assert.equal(out.code, 0, out.stderr);
    assert.ok(out.stdout.split('\n').some((l) => l.startsWith('MAMORUBANK,alphanumeric,agg-one,,vetted,mamoru-bank.example.jp,')), out.stdout);
    // The export is a valid import.
    const again = join(dir, 'again.csv');
    writeFileSync(again, out.stdout);
    const re = await mamoru(['senders', 'import', again, '--data', dir]);
    assert.equal(re.code, 0, re.stderr);
    assert.equal(JSON.parse(re.stdout).failed, 0);
  });
});
