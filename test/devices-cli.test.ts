// `mamoru devices eval` and `mamoru worker --role devices` as an operator runs them: real processes, a temporary
// directory each. The quality figures themselves are in docs/quality.md; here the command's contract is checked
// (exit status, the JSON last line and its fields) and the worker's start-up refusals.
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { mamoru, tempDirs } from './helpers/cli.js';

const tempDir = tempDirs('mamoru-devices-cli-');


interface FamilyFigures { targetLines: number; detected: number; recall: number; cases: number; precision: number }

// The four run side by side: each is a separate process with its own directory.
describe('mamoru devices / worker CLI', { concurrency: true }, () => {
  test('simulate, then devices eval: exit 0 and a JSON last line with the quality figures', { timeout: 180_000 }, async () => {
    const sim = join(tempDir(), 'sim');
    // Seed 3 at this size has infected lines that send ≥ 20 lures within an hour (target lines), so the delay
    // figures are defined.
    const made = await mamoru(['simulate', '--seed', '3', '--subscribers', '20000', '--days', '2', '--out', sim]);
    assert.equal(made.code, 0, made.stderr);
    assert.deepEqual(readdirSync(sim).filter((f) => ['meta.json', 'sms.jsonl', 'truth.jsonl'].includes(f)).sort(), ['meta.json', 'sms.jsonl', 'truth.jsonl']);

    const r = await mamoru(['devices', 'eval', '--in', sim]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.match(r.stdout, /recall \(target lines\)/, 'a readable summary before the JSON');
    const result = JSON.parse(lines.at(-1)!) as Record<string, unknown> & { perFamily: Record<string, FamilyFigures> };
    assert.ok(typeof result.targetLines === 'number' && result.targetLines > 0, `target lines: ${String(result.targetLines)}`);
    for (const k of ['recall', 'precision']) {
      const v = result[k];
      assert.ok(typeof v === 'number' && v >= 0 && v <= 1, `${k} = ${String(v)}`);
    }
    assert.ok(typeof result.falseCasesPer100kLinesPerDay === 'number' && result.falseCasesPer100kLinesPerDay >= 0);
    assert.ok(typeof result.medianDelaySeconds === 'number' && result.medianDelaySeconds >= 0, `median delay ${String(result.medianDelaySeconds)}`);
    assert.equal(typeof result.perFamily, 'object');
    const families = Object.values(result.perFamily);
    assert.ok(families.length > 0);
    assert.equal(families.reduce((n, f) => n + f.targetLines, 0), result.targetLines, 'every target line is counted under its family');
    for (const f of families) assert.ok(f.recall >= 0 && f.recall <= 1 && f.precision >= 0 && f.precision <= 1 && f.detected <= f.targetLines);
    // A sanity floor, far below docs/quality.md: the detector is wired to the engine's verdicts at all.
    assert.ok((result.recall as number) > 0 && result.cases !== 0, 'some target line was detected');

    // The same simulation run in memory, straight into the engine, gives the same figures.
    const mem = await mamoru(['devices', 'eval', '--simulate', '--seed', '3', '--subscribers', '20000', '--days', '2']);
    assert.equal(mem.code, 0, mem.stderr);
    assert.deepEqual(JSON.parse(mem.stdout.trim().split('\n').at(-1)!), result);
  });

  test('devices eval on a directory without meta.json: FILE_UNREADABLE, non-zero', async () => {
    const r = await mamoru(['devices', 'eval', '--in', tempDir()]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /FILE_UNREADABLE/);
    assert.match(r.stderr, /meta\.json/);
    assert.equal(r.stdout, '');
  });

  test('worker --role devices refuses to start without a shared bus, naming bus.url', async () => {
    const data = tempDir();
    const r = await mamoru(['worker', '--role', 'devices', '--data', data]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /CONFIG_INVALID/);
    assert.match(r.stderr, /bus\.url/);
    assert.deepEqual(readdirSync(data), [], 'nothing was created in the data directory');
  });

  test('worker --partitions outside the bus: refused before any connection, naming the valid range', async () => {
    // A listener standing in for NATS counts connection attempts: the refusal must come first.
    let connections = 0;
    const server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const port = (server.address() as AddressInfo).port;
    try {
      const data = tempDir();
      const [atDefault, atListener] = await Promise.all([
        mamoru(['worker', '--role', 'devices', '--partitions', '9', '--data', data], { env: { MAMORU_BUS_URL: 'nats://127.0.0.1:4222' } }),
        mamoru(['worker', '--role', 'devices', '--partitions', '9', '--data', data], { env: { MAMORU_BUS_URL: `nats://127.0.0.1:${port}` } }),
      ]);
      for (const r of [atDefault, atListener]) {
        assert.notEqual(r.code, 0);
        assert.match(r.stderr, /CONFIG_INVALID/);
        assert.match(r.stderr, /partition list "9"/);
        assert.match(r.stderr, /partitions 0–7/);
      }
      assert.equal(connections, 0, 'no connection to the bus was attempted');
      assert.deepEqual(readdirSync(data), [], 'the store was not opened either');
    } finally {
      await new Promise<void>((ok) => server.close(() => ok()));
    }
  });
});
