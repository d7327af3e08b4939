import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_FILES, loadCorpus, readRealRecords, writeCorpusFiles } from './corpus-files.js';
import { generateCorpus } from './generate.js';
import { buildRealCorpus } from './real-corpus.js';
import { DEFAULT_CORPUS_SEED } from './index.js';
import { isAppError } from '../../core/index.js';

const committed = fileURLToPath(new URL('../../../data/training/', import.meta.url));

function withTmp(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), 'mamoru-corpus-'));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the committed corpus is exactly what the generator writes (no hand edits, no stale files)', () => {
  withTmp((dir) => {
    const real = buildRealCorpus(readRealRecords(join(committed, CORPUS_FILES.real)));
    writeCorpusFiles(dir, { real, ...generateCorpus(DEFAULT_CORPUS_SEED) });
    for (const f of Object.values(CORPUS_FILES)) {
      assert.equal(readFileSync(join(dir, f), 'utf8'), readFileSync(join(committed, f), 'utf8'), `${f} differs; run scripts/gen-corpus.ts`);
    }
  });
});

test('the committed real messages carry no working link', () => {
  const text = readFileSync(join(committed, CORPUS_FILES.real), 'utf8');
  for (const line of text.trim().split('\n')) {
    const r = JSON.parse(line) as { text: string; synthetic: boolean };
    assert.equal(r.synthetic, false);
    assert.doesNotMatch(r.text, /https?:\/\/[a-z0-9-]+\.[a-z]/i);
  }
});

test('loadCorpus returns real messages of the split first, then synthetic ones; "all" returns both splits', () => {
  const train = loadCorpus(committed, 'train');
  const dev = loadCorpus(committed, 'dev');
  const everything = loadCorpus(committed, 'all');
  assert.equal(everything.length, train.length + dev.length);
  assert.ok(train.every((e) => e.split === 'train') && dev.every((e) => e.split === 'dev'));
  const firstSynthetic = train.findIndex((e) => e.synthetic);
  assert.ok(firstSynthetic > 0 && train.slice(firstSynthetic).every((e) => e.synthetic));
  assert.ok(dev.some((e) => !e.synthetic && e.label === 'smishing') && dev.some((e) => !e.synthetic && e.label === 'scam') && dev.some((e) => !e.synthetic && e.label === 'legit'));
});

test('written files load back with the same texts and labels', () => {
  withTmp((dir) => {
    const corpus = generateCorpus(5, { train: 40, dev: 20 });
    const real = buildRealCorpus([{ text: 'テスト https://x.example.com', label: 'smishing', brand: null, source_url: '', seen: '2024-01' }]);
    writeCorpusFiles(dir, { real, ...corpus });
    const loaded = loadCorpus(dir, 'all');
    assert.deepEqual(loaded.filter((e) => e.synthetic).map((e) => [e.text, e.label]), [...corpus.train, ...corpus.dev].map((e) => [e.text, e.label]));
    assert.equal(loaded.filter((e) => !e.synthetic).length, 1);
  });
});

test('a missing or malformed corpus file is an AppError naming the file', () => {
  withTmp((dir) => {
    assert.throws(() => loadCorpus(dir, 'train'), (e) => isAppError(e) && e.code === 'FILE_UNREADABLE');
    writeCorpusFiles(dir, { real: [], train: [], dev: [] });
    writeFileSync(join(dir, CORPUS_FILES.train), '{"text":"x","label":"legit"}\nnot json\n');
    assert.throws(() => loadCorpus(dir, 'train'), (e) => isAppError(e) && e.code === 'FILE_UNREADABLE' && /line 2/.test(e.message));
    writeFileSync(join(dir, CORPUS_FILES.train), '{"text":"x","label":"phish"}\n');
    assert.throws(() => loadCorpus(dir, 'train'), (e) => isAppError(e) && /bad label/.test(e.message));
  });
});
