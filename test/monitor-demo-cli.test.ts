// `mamoru demo --fill-only` as a user runs it, with tiny numbers: the simulated traffic goes through the real
// verdict engine and stats worker into a store of its own, and the roll-ups hold every classified message. A second
// run on the same directory serves what is there instead of filling it again.
import { readdirSync } from 'node:fs';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { openStorage, silentLogger, type Storage } from '../src/core/index.js';
import { mamoru, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs('mamoru-demo-');

const SUMMARY = /classified (\d+) messages \((\d+) smishing\), (\d+) reports, (\d+) campaigns confirmed/;

async function figures(s: Storage) {
  const sum = async (table: 'stats_hour' | 'stats_day', dim: string) =>
    (await s.db.selectFrom(table).select('count').where('dim', '=', dim).execute()).reduce((n, r) => n + Number(r.count), 0);
  const count = async (table: 'campaigns' | 'reports' | 'stats_day') => Number((await s.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return {
    dayAll: await sum('stats_day', 'all'), hourAll: await sum('stats_hour', 'all'), dayScam: await sum('stats_day', 'scam'), dayReports: await sum('stats_day', 'reports'),
    dayRows: await count('stats_day'), campaigns: await count('campaigns'), reports: await count('reports'),
    confirmed: Number((await s.db.selectFrom('campaigns').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'confirmed').executeTakeFirstOrThrow()).n),
  };
}

// The two runs are separate processes on separate directories: run side by side.
void describe('mamoru demo', { concurrency: true }, () => {
  test('demo --fill-only: exits 0, and every classified message is in the roll-ups; a second run keeps the data', { timeout: 60_000 }, async () => {
    const dir = tempDir();
    const run = await mamoru(['demo', '--fill-only', '--subscribers', '300', '--days', '2', '--data', dir]);
    assert.equal(run.code, 0, run.stderr);
    const m = SUMMARY.exec(run.stderr);
    assert.ok(m, run.stderr);
    const [messages, , reports, confirmed] = m.slice(1).map(Number) as [number, number, number, number];
    assert.ok(messages > 100, `two days of 300 lines are a few hundred messages (got ${messages})`);

    const s = await openStorage({ dataDir: dir }, silentLogger);
    let first: Awaited<ReturnType<typeof figures>>;
    try {
      first = await figures(s);
    } finally {
      await s.close();
    }
    // The stats worker flushed before the command returned: nothing classified is missing from the roll-ups.
    assert.ok(first.dayRows > 0, 'stats rows were written');
    assert.equal(first.dayAll, messages);
    assert.equal(first.hourAll, messages);
    assert.ok(first.dayScam <= first.dayAll);
    assert.equal(first.reports, reports);
    assert.equal(first.dayReports, reports, 'report intake rolled up as it was stored');
    assert.equal(first.confirmed, confirmed);
    if (reports > 0) assert.ok(first.campaigns > 0, 'reports were clustered into campaigns');

    // Run again on the same directory: it says so and leaves the figures as they were.
    const again = await mamoru(['demo', '--fill-only', '--subscribers', '300', '--days', '2', '--data', dir]);
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stderr, /already holds demo data/);
    assert.doesNotMatch(again.stderr, SUMMARY);
    const s2 = await openStorage({ dataDir: dir }, silentLogger);
    try {
      assert.deepEqual(await figures(s2), first);
    } finally {
      await s2.close();
    }
  });

  test('demo refuses numbers out of range before it touches anything', async () => {
    const dir = tempDir();
    const r = await mamoru(['demo', '--fill-only', '--subscribers', '50', '--days', '2', '--data', dir]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /--subscribers must be an integer from 100/);
    assert.deepEqual(readdirSync(dir), [], 'no store was created');
  });
});
