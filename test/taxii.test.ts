// TAXII 2.1 between two mamoru instances on loopback: operator A's reports become indicators that operator B's
// verdict engine uses after B's scheduled pull (every 5 s here; the default schedule is what the config says).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { INDICATOR_COLLECTION_ID, TAXII_MEDIA } from '../src/intel/index.js';
import { testApp } from './helpers/app.js';

const LURE = '【三井住友】お客様の口座を一時凍結しました。至急ご確認ください https://smbc-freeze-alert.top/verify';
const COLLECTION = `/taxii2/api/collections/${INDICATOR_COLLECTION_ID}/`;

describe('TAXII server', () => {
  test('discovery, collections, paged objects and manifest for members; the allow-list and peer imports are not served', async () => {
    const t = await testApp({ intel: { operatorName: 'carrier-a', peers: [] } });
    try {
      const peer = await t.services.access.addMember('carrier-b', 'carrier');
      const h = { authorization: `Bearer ${(await t.services.access.createKey(peer.id, 'member')).key}`, accept: TAXII_MEDIA };
      assert.equal((await t.app.inject({ method: 'GET', url: '/taxii2/' })).statusCode, 401);
      const disc = await t.app.inject({ method: 'GET', url: '/taxii2/', headers: h });
      assert.equal(disc.statusCode, 200);
      // Fastify writes the parameter quoted (version="2.1"), which RFC 7231 makes equivalent.
      assert.match(String(disc.headers["content-type"]), /^application\/taxii\+json; ?version="?2\.1"?/);
      assert.deepEqual(disc.json().api_roots, ['/taxii2/api/']);
      assert.equal((await t.app.inject({ method: 'GET', url: '/taxii2/api/collections/', headers: h })).json().collections[0].id, INDICATOR_COLLECTION_ID);
      await t.services.intel.upsert([
        { kind: 'domain', value: 'one.example', verdict: 'bad', source: 'analyst', confidence: 0.9 },
        { kind: 'phone', value: '+819000001111', verdict: 'bad', source: 'reports', confidence: 0.7 },
        { kind: 'domain', value: 'pulled.example', verdict: 'bad', source: 'taxii:other', confidence: 0.9 },
      ]);
      const p1 = await t.app.inject({ method: 'GET', url: `${COLLECTION}objects/?limit=1`, headers: h });
      assert.equal(p1.statusCode, 200);
      assert.equal(p1.json().more, true);
      const first = p1.json().objects.filter((o: { type: string }) => o.type === 'indicator');
      assert.equal(first.length, 1);
      const p2 = (await t.app.inject({ method: 'GET', url: `${COLLECTION}objects/?limit=5&next=${encodeURIComponent(p1.json().next)}`, headers: h })).json();
      const patterns = [...first, ...p2.objects.filter((o: { type: string }) => o.type === 'indicator')].map((o: { pattern: string }) => o.pattern).join(' ');
      assert.match(patterns, /one\.example/);
      assert.match(patterns, /\+819000001111/);
      assert.doesNotMatch(patterns, /pulled\.example/, 'indicators pulled from peers are not re-served');
      assert.doesNotMatch(patterns, /kuronekoyamato/, 'the allow-list is not shared');
      const manifest = (await t.app.inject({ method: 'GET', url: `${COLLECTION}manifest/`, headers: h })).json();
      assert.equal(manifest.objects.length, 2);
      assert.ok(manifest.objects.every((o: { date_added: string; media_type: string }) => o.date_added && o.media_type.startsWith('application/stix+json')));
      assert.equal((await t.app.inject({ method: 'GET', url: '/taxii2/api/collections/nope/objects/', headers: h })).statusCode, 404);
      assert.equal((await t.app.inject({ method: 'GET', url: `${COLLECTION}objects/?added_after=yesterday`, headers: h })).statusCode, 400);
      assert.equal((await t.app.inject({ method: 'GET', url: `${COLLECTION}objects/?next=forged`, headers: h })).statusCode, 400);
    } finally {
      await t.close();
    }
  });
});

describe('federation', () => {
  test('a campaign reported at operator A is blocked by operator B within one pull interval', async () => {
    const a = await testApp({ intel: { operatorName: 'carrier-a', peers: [] } });
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    const port = (a.app.server.address() as AddressInfo).port;
    const bAtA = await a.services.access.addMember('carrier-b', 'carrier');
    const keyForB = (await a.services.access.createKey(bAtA.id, 'member')).key;
    const b = await testApp({ intel: { operatorName: 'carrier-b', peers: [{ name: 'carrier-a', url: `http://127.0.0.1:${port}${COLLECTION}`, key: keyForB, everySeconds: 5 }] } });
    try {
      const reporterAtA = await a.services.access.addMember('a-app', 'carrier');
      const h = { authorization: `Bearer ${(await a.services.access.createKey(reporterAtA.id, 'member')).key}` };
      const before = (await b.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: { body: 'ご確認ください https://smbc-freeze-alert.top/x' } })).json();
      assert.ok(!before.reasons.some((r: { code: string }) => r.code === 'indicator_bad_link'));
      const reports = Array.from({ length: 12 }, (_, i) => ({ body: LURE, reporter: `+8190555500${String(i).padStart(2, '0')}` }));
      assert.equal((await a.app.inject({ method: 'POST', url: '/v1/reports', headers: h, payload: { reports } })).statusCode, 200);
      const t0 = Date.now();
      let blocked = false;
      while (Date.now() - t0 < 15_000 && !blocked) {
        await new Promise((r) => setTimeout(r, 250));
        const v = (await b.app.inject({ method: 'POST', url: '/v1/sms/verdict', payload: { body: 'ご確認ください https://smbc-freeze-alert.top/x' } })).json();
        blocked = v.reasons.some((r: { code: string; detail: string }) => r.code === 'indicator_bad_link' && r.detail.includes('taxii:carrier-a'));
      }
      assert.ok(blocked, 'B uses A\'s indicator within 15 s (one 5 s pull interval plus slack)');
      const pulled = b.services.intel.lookupNormalized('domain', 'smbc-freeze-alert.top');
      assert.equal(pulled?.source, 'taxii:carrier-a');
    } finally {
      await b.close();
      await a.close();
    }
  });
});

describe('mamoru intel pull', () => {
  test('pulls once from the configured peer into a stopped store, and remembers where it stopped', async () => {
    const a = await testApp({ intel: { operatorName: 'carrier-a', peers: [] } });
    await a.app.listen({ port: 0, host: '127.0.0.1' });
    const dir = mkdtempSync(join(tmpdir(), 'mamoru-pull-'));
    try {
      const port = (a.app.server.address() as AddressInfo).port;
      const m = await a.services.access.addMember('carrier-b', 'carrier');
      const key = (await a.services.access.createKey(m.id, 'member')).key;
      await a.services.intel.upsert([{ kind: 'domain', value: 'shared-scam.example', verdict: 'bad', source: 'analyst', confidence: 0.9 }]);
      const config = join(dir, 'mamoru.json');
      writeFileSync(config, JSON.stringify({ intel: { operatorName: 'carrier-b', peers: [{ name: 'carrier-a', url: `http://127.0.0.1:${port}${COLLECTION}`, key, everySeconds: 60 }] } }));
      // Asynchronous: peer A answers from this very process, so the test must not block its event loop.
      const run = () => new Promise<{ status: number | null; stdout: string; stderr: string }>((ok) => {
        const c = spawn(process.execPath, [resolve(import.meta.dirname, '../bin/mamoru.js'), 'intel', 'pull', '--config', config, '--data', dir], { env: { ...process.env, MAMORU_LOG_LEVEL: 'warn' } });
        let stdout = '';
        let stderr = '';
        c.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        c.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        c.on('close', (status) => ok({ status, stdout, stderr }));
      });
      const first = await run();
      assert.equal(first.status, 0, first.stderr);
      const r1 = JSON.parse(first.stdout.trim()) as { peer: string; imported: number; addedAfter: string };
      assert.equal(r1.peer, 'carrier-a');
      assert.equal(r1.imported, 1);
      const second = JSON.parse((await run()).stdout.trim()) as { imported: number };
      assert.equal(second.imported, 0, 'the next pull starts after what it already has');
    } finally {
      await a.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('TAXII client against a bad peer', () => {
  test('junk, a wrong status, or a hang ends the pull with an error and imports nothing; junk objects are skipped', async () => {
    const { createServer } = await import('node:http');
    const { pullOnce } = await import('../src/intel/index.js');
    let mode: 'junk' | 'status' | 'hang' | 'mixed' = 'junk';
    const peer = createServer((_req, res) => {
      if (mode === 'hang') return; // never answers
      if (mode === 'status') return void res.writeHead(500).end('oops');
      if (mode === 'junk') return void res.writeHead(200, { 'content-type': 'application/taxii+json;version=2.1' }).end('{not json');
      res.writeHead(200, { 'content-type': 'application/taxii+json;version=2.1' }).end(JSON.stringify({
        more: false,
        objects: [
          { type: 'indicator', spec_version: '2.1', id: 'indicator--6f3f8e9a-3a5b-4c1d-9e2f-1a2b3c4d5e6f', created: '2026-11-01T00:00:00.000Z', modified: '2026-11-01T00:00:00.000Z', valid_from: '2026-11-01T00:00:00.000Z', pattern_type: 'stix', pattern: "[domain-name:value = 'junk-peer.example']", indicator_types: ['malicious-activity'], confidence: 80 },
          { type: 'indicator', id: 'garbage' },
          42,
        ],
      }));
    });
    await new Promise<void>((ok) => peer.listen(0, '127.0.0.1', ok));
    const t = await testApp();
    try {
      const url = `http://127.0.0.1:${(peer.address() as AddressInfo).port}/taxii2/api/collections/x/`;
      const cursors = { get: async () => null, set: async () => undefined };
      const p = { name: 'bad', url, key: 'k'.repeat(20) };
      for (const m of ['junk', 'status', 'hang'] as const) {
        mode = m;
        await assert.rejects(pullOnce(t.services.intel, cursors, p, { timeoutMs: 300 }), (e: Error & { code?: string }) => typeof e.code === 'string', m);
      }
      mode = 'mixed';
      const r = await pullOnce(t.services.intel, cursors, p, { timeoutMs: 2000 });
      assert.equal(r.imported, 1);
      assert.ok(r.skipped >= 2, 'the two junk objects are skipped');
      assert.equal(t.services.intel.lookupNormalized('host', 'junk-peer.example')?.source, 'taxii:bad');
    } finally {
      await t.close();
      peer.closeAllConnections();
      peer.close();
    }
  });
});
