// The 7726 flow end to end: the carrier gateway posts what a subscriber sends to the short code; the hub replies
// (through a real HTTP gateway sink on loopback) and stores the report with the reference it gave.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { testApp } from './helpers/app.js';

test('forward, reply with the sender, thanked with a reference that is stored; replies also go out through the gateway', async () => {
  const sent: Array<{ to: string; from: string; text: string }> = [];
  const sink = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      sent.push(JSON.parse(body) as { to: string; from: string; text: string });
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((ok) => sink.listen(0, '127.0.0.1', ok));
  const t = await testApp({ reports: { gatewayUrl: `http://127.0.0.1:${(sink.address() as AddressInfo).port}/sms` } });
  try {
    const m = await t.services.access.addMember('carrier-a', 'carrier');
    const gw = { authorization: `Bearer ${(await t.services.access.createKey(m.id, 'member')).key}` };
    const post = (text: string) => t.app.inject({ method: 'POST', url: '/v1/reports/7726/inbound', headers: gw, payload: { from: '090-1111-2222', text } });

    const first = await post('Fwd: お荷物のお届けにあがりましたが不在の為持ち帰りました。https://yamato-re.top/a');
    assert.equal(first.statusCode, 200, first.body);
    assert.equal(first.json().replies.length, 1);
    assert.match(first.json().replies[0].text, /送信元|番号/);
    assert.deepEqual(first.json().completed, []);

    const second = await post('080-3333-4444');
    assert.equal(second.statusCode, 200);
    const [reference] = second.json().completed as string[];
    assert.match(reference!, /^R-/);
    assert.ok(second.json().replies[0].text.includes(reference!), 'the thanks carries the reference');

    const stored = await t.services.storage.db.selectFrom('reports').selectAll().execute();
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.reference, reference);
    assert.equal(stored[0]!.channel, '7726');
    assert.equal(stored[0]!.sender, '+818033334444');
    assert.ok(stored[0]!.reporter?.startsWith('p1:'), 'the reporter is a pseudonym');
    assert.deepEqual(sent.map((s) => [s.to, s.from]), [['+819011112222', '7726'], ['+819011112222', '7726']]);

    assert.equal((await t.app.inject({ method: 'POST', url: '/v1/reports/7726/inbound', payload: { from: 'x', text: 'y' } })).statusCode, 401);
  } finally {
    await t.close();
    sink.close();
  }
});

test('rate limits: one reporter flooding the short code, and one API key flooding the API, get 429 with Retry-After', async () => {
  const t = await testApp({ reports: { reporterPerHour: 3 }, server: { rateLimitPerKey: 5 } });
  try {
    const m = await t.services.access.addMember('carrier-a', 'carrier');
    const gw = { authorization: `Bearer ${(await t.services.access.createKey(m.id, 'member')).key}` };
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await t.app.inject({ method: 'POST', url: '/v1/reports/7726/inbound', headers: gw, payload: { from: '090-1111-2222', text: `不在通知 ${i} https://x${i}.top/a` } })).statusCode);
    assert.deepEqual(codes, [200, 200, 200, 429]);
    const other = await t.app.inject({ method: 'POST', url: '/v1/reports/7726/inbound', headers: gw, payload: { from: '090-3333-4444', text: 'テスト https://y.top/a' } });
    assert.equal(other.statusCode, 200, 'another reporter is not affected');
    let limited = null;
    for (let i = 0; i < 20 && !limited; i++) {
      const r = await t.app.inject({ method: 'GET', url: '/v1/reports', headers: gw });
      if (r.statusCode === 429) limited = r;
    }
    assert.ok(limited, 'the API key is limited');
    assert.equal(limited.json().code, 'RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
  } finally {
    await t.close();
  }
});
