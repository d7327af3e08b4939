// The files of a run: byte-for-byte determinism, the operator's directory, reading them back, and --out checks.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { AppError } from '../core/index.js';
import { prepareOutDir, readMessages, readMeta, readTruth, SIM_FILES, writeSimulation } from './index.js';

const root = mkdtempSync(join(tmpdir(), 'mamoru-simw-'));
after(() => rmSync(root, { recursive: true, force: true }));

const OPTS = { seed: 4, subscribers: 5000, days: 1, seedInfectionsPer100kDay: 300 };

describe('simulation files', () => {
  const a = join(root, 'a');
  const b = join(root, 'b');
  const c = join(root, 'c');
  const written = (async () => {
    await writeSimulation(OPTS, a, { directory: true });
    await writeSimulation(OPTS, b, { directory: true });
    await writeSimulation({ ...OPTS, seed: 5 }, c);
  })();

  test('the same seed and options write byte-identical files; another seed writes another stream', async () => {
    await written;
    for (const f of Object.values(SIM_FILES)) assert.ok(readFileSync(join(a, f)).equals(readFileSync(join(b, f))), `${f} differs`);
    assert.ok(!readFileSync(join(a, SIM_FILES.sms)).equals(readFileSync(join(c, SIM_FILES.sms))));
  });

  test('files read back: messages match the meta counts, truth lines are well-formed', async () => {
    await written;
    const meta = readMeta(a);
    let n = 0;
    const routes = { handset: 0, aggregator: 0, international: 0 };
    for await (const m of readMessages(a)) {
      n++;
      routes[m.route]++;
    }
    assert.equal(n, meta.counts.messages);
    assert.deepEqual(routes, meta.counts.byRoute);
    for (const t of readTruth(a)) {
      assert.match(t.line, /^\+81[789]0\d{8}$/);
      if (t.kind === 'infected') {
        assert.ok(['moqhao', 'keepspy'].includes(t.family) && ['seed', 'spread'].includes(t.source));
        assert.ok(!Number.isNaN(Date.parse(t.infectedAt)));
        assert.equal(t.parent === null, t.source === 'seed');
      } else assert.ok(['shop', 'club', 'greetings'].includes(t.profile));
    }
  });

  test('subscribers.csv lists the operator\'s lines once each, with synthetic identities on reserved domains', async () => {
    await written;
    const rows = readFileSync(join(a, SIM_FILES.directory), 'utf8').trimEnd().split('\n');
    assert.equal(rows[0], 'line,contract_id,name,email,postal_code,address,channel');
    assert.ok(rows.length > 5000 * 0.25 && rows.length < 5000 * 0.45, `${rows.length} rows`);
    const lines = new Set<string>();
    const channels = { email: 0, sms: 0, letter: 0 };
    for (const r of rows.slice(1)) {
      const [line, contract, name, email, zip, address, channel] = r.split(',');
      assert.match(line!, /^\+81[789]0\d{8}$/);
      assert.match(contract!, /^C\d{10}$/);
      assert.match(name!, /^\S+ \S+$/);
      assert.match(email!, /^[a-z0-9._-]+@example\.(jp|com)$/);
      assert.match(zip!, /^\d{3}-\d{4}$/);
      assert.ok(address!.length > 5);
      channels[channel as keyof typeof channels]++;
      lines.add(line!);
    }
    assert.equal(lines.size, rows.length - 1, 'one row per line');
    assert.ok(channels.email > channels.sms && channels.sms > channels.letter && channels.letter > 0, JSON.stringify(channels));
    // Infected lines are in the directory exactly when the operator carries them (carrier of their handset SMS).
    const carrierOf = new Map<string, string>();
    for await (const m of readMessages(a)) if (m.route === 'handset') carrierOf.set(m.from, m.carrier);
    const infected = readTruth(a).filter((t) => t.kind === 'infected' && carrierOf.has(t.line));
    assert.ok(infected.length > 0);
    for (const t of infected) assert.equal(lines.has(t.line), carrierOf.get(t.line) === readMeta(a).operator, t.line);
  });

  test('--out must be a directory or a path that can be created', () => {
    const file = join(root, 'plain-file');
    writeFileSync(file, 'x');
    assert.throws(() => prepareOutDir(file), (e: unknown) => e instanceof AppError && e.code === 'VALIDATION_FAILED');
    prepareOutDir(join(root, 'new', 'nested'));
    prepareOutDir(join(root, 'new', 'nested'));
  });
});
