// `mamoru simulate` as a user runs it: real processes writing into a temporary directory. File formats, the
// directory and byte-for-byte determinism of the files are covered in-process by src/sim/writer.test.ts.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { mamoru } from './helpers/cli.js';
import { readMessages, readMeta, readTruth, SIM_FILES } from '../src/sim/index.js';

const root = mkdtempSync(join(tmpdir(), 'mamoru-sim-'));
after(() => rmSync(root, { recursive: true, force: true }));


describe('mamoru simulate', () => {
  const out = join(root, 'run');
  // Independent processes: start both at once to keep the suite fast.
  const good = mamoru(['simulate', '--seed', '3', '--subscribers', '6000', '--days', '1', '--directory', '--infections', '200', '--out', out]);
  const bad = mamoru(['simulate', '--seed', '1', '--subscribers', '0', '--days', '2.5', '--start', '2026-02-30', '--out', join(root, 'bad')]);

  test('writes sms.jsonl, truth.jsonl, meta.json and subscribers.csv, and prints a one-line summary', async () => {
    const r = await good;
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^simulated \d+ messages \(handset \d+, aggregator \d+, international \d+; smishing \d+\), 6000 lines, \d+ infected .* → .*\n$/);
    for (const f of Object.values(SIM_FILES)) assert.ok(existsSync(join(out, f)), f);
    const meta = readMeta(out);
    let n = 0;
    let last = '';
    for await (const m of readMessages(out)) {
      n++;
      assert.ok(m.ts >= last, 'time order');
      last = m.ts;
    }
    assert.equal(n, meta.counts.messages);
    assert.ok(n > 6000 * 0.6 && n < 6000 * 1.6, `volume ${n}`);
    assert.equal(readTruth(out).filter((t) => t.kind === 'infected').length, meta.counts.infectedLines);
    assert.ok(meta.counts.infectedLines > 0 && meta.counts.heavyLegitLines >= 3);
    assert.deepEqual([meta.seed, meta.subscribers, meta.days, meta.start, meta.startAt], [3, 6000, 1, '2026-11-02', '2026-11-01T15:00:00.000Z']);
  });

  test('bad numbers and dates are refused together with VALIDATION_FAILED, exit status 1, nothing written', async () => {
    const r = await bad;
    assert.equal(r.code, 1);
    assert.match(r.stderr, /^mamoru: VALIDATION_FAILED: .*subscribers.*days.*start/);
    assert.ok(!existsSync(join(root, 'bad')));
  });
});
