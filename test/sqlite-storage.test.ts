// SQLite-only behaviour the shared contract cannot exercise in one process: several processes opening a fresh
// store file at once (e.g. `mamoru serve` and a CLI command on first start) must all succeed, and the
// migrations must run exactly once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { MIGRATIONS, openStorage } from '../src/core/index.js';

function run(dir: string, name: string, startAt: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'open-sqlite-store.ts'), dir, name, String(startAt)], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('exit', (code) => resolve(code));
  });
}

void test('three processes opening a fresh SQLite store at once all succeed; migrations run once', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mamoru-sqlite-race-'));
  try {
    // Start together well after every child has loaded, so the opens really overlap.
    const startAt = Date.now() + 3_000;
    const codes = await Promise.all(['a', 'b', 'c'].map((n) => run(dir, n, startAt)));
    assert.deepEqual(codes, [0, 0, 0]);
    const s = await openStorage({ dataDir: dir });
    try {
      const rows = await s.db.selectFrom('meta').select('key').orderBy('key').execute();
      assert.deepEqual(rows.map((r) => r.key), ['proc-a', 'proc-b', 'proc-c']);
      const m = await sql<{ n: number }>`select count(*) as n from kysely_migration`.execute(s.db);
      assert.equal(m.rows[0]?.n, Object.keys(MIGRATIONS).length);
    } finally {
      await s.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
