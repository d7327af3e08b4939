// The `mamoru` command as a user runs it: real processes, a temporary data directory each.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { BIN, mamoru, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs('mamoru-cli-');


const SMISHING = 'ヤマト運輸よりお届けにあがりましたが不在の為持ち帰りました。下記よりご確認ください。 https://kuronekoyamato.co.jp.abc-xyz.top/r';

describe('mamoru CLI', () => {
  test('--help works on the command and on every subcommand', async () => {
    const runs = await Promise.all([[], ['serve'], ['classify'], ['train'], ['eval'], ['config'], ['members', 'add'], ['keys', 'create'], ['keys', 'revoke'], ['reports', 'import']].map((a) => mamoru([...a, '--help'])));
    for (const r of runs) {
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /Usage: mamoru/);
    }
    assert.match(runs[2]!.stdout, /--policy/);
    assert.match(runs[2]!.stdout, /--file/);
  });

  test('classify one message prints a readable verdict with reasons', async () => {
    const r = await mamoru(['classify', SMISHING, '--from', '+819012345678', '--data', tempDir()]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^BLOCK/);
    assert.match(r.stdout, /category smishing\s+brand ヤマト運輸\s+family moqhao/);
    assert.match(r.stdout, /link_brand_in_host/);
  });

  test('classify --file streams one verdict per line in input order; bad lines become errors and the run goes on', async () => {
    const dir = tempDir();
    const file = join(dir, 'in.jsonl');
    writeFileSync(file, [
      JSON.stringify({ id: 'a', from: '+819012345678', body: SMISHING, route: 'handset' }),
      '{not json',
      JSON.stringify({ id: 'c', body: '' }),
      JSON.stringify({ id: 'd', body: 'x', colour: 'red' }),
      JSON.stringify({ id: 'e', body: '明日10時に駅前で待ってるね' }),
    ].join('\n'));
    const r = await mamoru(['classify', '--file', file, '--policy', 'client', '--data', dir]);
    assert.equal(r.code, 0, r.stderr);
    const out = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(out.length, 5);
    assert.equal(out[0].id, 'a');
    assert.equal(out[0].policy, 'client');
    assert.notEqual(out[0].action, 'allow');
    assert.equal(out[1].error.code, 'INVALID_JSON');
    assert.deepEqual([out[2].id, out[2].error.code], ['c', 'BODY_EMPTY']);
    assert.deepEqual([out[3].id, out[3].error.code], ['d', 'VALIDATION_FAILED']);
    assert.deepEqual([out[4].id, out[4].action], ['e', 'allow']);
    assert.match(r.stderr, /3 line\(s\) could not be classified/);
  });

  test('classify reads JSONL from stdin', async () => {
    const r = await mamoru(['classify', '--data', tempDir()], { stdin: `${JSON.stringify({ id: 's1', body: SMISHING })}\n` });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.trim()).id, 's1');
  });

  test('bad flags give a clear error and a non-zero status', async () => {
    const policy = await mamoru(['classify', 'x', '--policy', 'strict', '--data', tempDir()]);
    assert.equal(policy.code, 1);
    assert.match(policy.stderr, /INVALID_POLICY/);
    const missing = await mamoru(['classify', '--file', join(tempDir(), 'nope.jsonl')]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /FILE_UNREADABLE/);
    const config = await mamoru(['config'], { env: { MAMORU_PORT: 'eighty' } });
    assert.equal(config.code, 2);
    assert.match(config.stderr, /CONFIG_INVALID.*server\.port/);
  });

  test('eval reports per policy, category and brand, and the dev split meets the quality targets', async () => {
    const out = join(tempDir(), 'eval.json');
    const r = await mamoru(['eval', '--json', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /precision\s+recall\s+F1\s+FPR/);
    const report = JSON.parse(readFileSync(out, 'utf8'));
    const syn = report.syntheticWithSender;
    assert.ok(syn.n >= 1000);
    // Issue targets on the dev split: smishing recall >= 95 % (client), legit FPR <= 0.5 % (network).
    assert.ok(syn.perCategory.smishing.caughtClient >= 0.95, `smishing recall ${syn.perCategory.smishing.caughtClient}`);
    assert.ok(syn.policies.network.fpr <= 0.005, `network FPR ${syn.policies.network.fpr}`);
    assert.ok(report.realText.policies.network.fpr <= 0.005);
    assert.ok(Object.keys(syn.perBrand).length > 10);
  });

  test('members and keys: a key is printed once and then works against the API', async () => {
    const dir = tempDir();
    assert.equal((await mamoru(['members', 'add', 'hub', '--kind', 'hub', '--data', dir])).code, 0);
    const created = await mamoru(['keys', 'create', '--member', 'hub', '--role', 'admin', '--data', dir]);
    assert.equal(created.code, 0, created.stderr);
    const key = created.stdout.trim();
    assert.match(key, /^mk_[0-9a-f]{8}_[0-9a-f]{56}$/);
    const listed = await mamoru(['keys', 'list', '--data', dir]);
    assert.ok(!listed.stdout.includes(key.slice(12)), 'listing never shows the key');
    assert.match(listed.stdout, /"role":"admin"/);
    const bad = await mamoru(['members', 'add', 'x', '--kind', 'alien', '--data', dir]);
    assert.equal(bad.code, 1);
    assert.match(bad.stderr, /VALIDATION_FAILED/);
  });

  test('reports import stores good lines, names bad ones, and de-duplicates', async () => {
    const dir = tempDir();
    assert.equal((await mamoru(['members', 'add', 'police-a', '--kind', 'police', '--data', dir])).code, 0);
    const file = join(dir, 'reports.jsonl');
    writeFileSync(file, [
      JSON.stringify({ body: SMISHING, sender: '+819000001111', reporter: '09011112222' }),
      JSON.stringify({ body: SMISHING, sender: '+819000001112' }),
      '{broken',
      JSON.stringify({ body: '' }),
      JSON.stringify({ body: 'x', colour: 'red' }),
    ].join('\n'));
    const r = await mamoru(['reports', 'import', file, '--member', 'police-a', '--data', dir]);
    assert.equal(r.code, 1, 'a run with bad lines ends non-zero');
    assert.deepEqual(JSON.parse(r.stdout.trim()), { stored: 2, failed: 3 });
    assert.match(r.stderr, /line 3: not JSON/);
    assert.match(r.stderr, /line 5: unknown field\(s\): colour/);
    const unknown = await mamoru(['reports', 'import', file, '--member', 'nobody', '--data', dir]);
    assert.match(unknown.stderr, /NOT_FOUND/);
  });

  test('config prints the effective configuration with secrets masked', async () => {
    const r = await mamoru(['config'], { env: { MAMORU_PSEUDONYM_KEY: 'super-secret-key-0123456789' } });
    assert.equal(r.code, 0, r.stderr);
    assert.ok(!r.stdout.includes('super-secret-key'));
    assert.equal(JSON.parse(r.stdout).secrets.pseudonymKey, '***');
  });

  test('serve creates and migrates the store on first start, answers, and stops on SIGTERM', async () => {
    const dir = tempDir();
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dir], { env: { ...process.env, MAMORU_LOG_LEVEL: 'info' } });
    let out = '';
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`no listening line: ${out}`)), 30_000);
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          ok(m[1]!);
        }
      });
    });
    try {
      assert.ok(existsSync(join(dir, 'mamoru.db')));
      const h = await fetch(`${url}/healthz`);
      assert.equal(h.status, 200);
      const v = await fetch(`${url}/v1/sms/verdict`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ body: SMISHING }) });
      assert.equal(((await v.json()) as { category: string }).category, 'smishing');
      assert.match(out, /reference data loaded/);
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((ok) => child.on('exit', ok));
    assert.equal(code, 0);
  });
});
