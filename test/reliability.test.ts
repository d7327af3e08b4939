// Acknowledge only what is durably stored: a server killed with SIGKILL in the middle of sustained report intake
// loses no acknowledged report, and starts again on the same store.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { openStorage } from '../src/core/index.js';

const BIN = resolve(import.meta.dirname, '../bin/mamoru.js');

function start(dir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1', '--data', dir], { env: { ...process.env, MAMORU_LOG_LEVEL: 'info' } });
  let out = '';
  return new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok({ child, url: m[1]! });
      }
    });
  });
}

test('SIGKILL during sustained intake: every acknowledged report is there after restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mamoru-kill-'));
  try {
    const cli = (args: string[]) => spawnSync(process.execPath, [BIN, ...args, '--data', dir], { encoding: 'utf8', env: { ...process.env, MAMORU_LOG_LEVEL: 'warn' } });
    assert.equal(cli(['members', 'add', 'carrier-a', '--kind', 'carrier']).status, 0);
    const key = cli(['keys', 'create', '--member', 'carrier-a', '--role', 'member']).stdout.trim();
    const { child, url } = await start(dir);
    const acked = new Set<string>();
    let stop = false;
    let n = 0;
    const worker = async (): Promise<void> => {
      while (!stop) {
        const reports = Array.from({ length: 25 }, () => ({ body: `不在のため持ち帰りました。伝票番号${n++} https://yamato-${n % 7}.top/r`, reporter: `+8190${String(10_000_000 + n).slice(-8)}` }));
        try {
          const r = await fetch(`${url}/v1/reports`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ reports }) });
          if (r.status === 200) for (const x of ((await r.json()) as { receipts: Array<{ reference: string }> }).receipts) acked.add(x.reference);
        } catch {
          return; // the server is gone
        }
      }
    };
    const workers = [worker(), worker(), worker()];
    await new Promise((r) => setTimeout(r, 1500));
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGKILL');
    stop = true;
    await Promise.all(workers);
    await exited;
    assert.ok(acked.size >= 50, `only ${acked.size} reports were acknowledged before the kill`);

    const storage = await openStorage({ dataDir: dir });
    try {
      const refs = new Set((await storage.db.selectFrom('reports').select('reference').execute()).map((r) => r.reference));
      const lost = [...acked].filter((r) => !refs.has(r));
      assert.deepEqual(lost, [], `${lost.length} acknowledged report(s) lost`);
    } finally {
      await storage.close();
    }
    // And the store opens cleanly for a new server.
    const again = await start(dir);
    try {
      assert.equal((await fetch(`${again.url}/healthz`)).status, 200);
    } finally {
      const done = new Promise((r) => again.child.once('exit', r));
      again.child.kill('SIGTERM');
      await done;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
