import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Classifier } from './classifier.js';
import { trainClassifier, type TrainingExample } from './train.js';
import { serializeModel, type ModelJson } from './model.js';
import { trainFromCorpus } from './train-corpus.js';
import { DEFAULT_MODEL_URL } from './index.js';
import { isAppError } from '../../core/index.js';

// A tiny corpus in the shapes of the real one: enough for the model to separate them, small enough to be fast.
const lures = [
  '【ヤマト運輸】お荷物のお届けにあがりましたが不在の為持ち帰りました。 https://yamato-jp.top/a',
  '佐川急便よりお客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。http://sagawa-exp.cyou/',
  '【ソフトバンク】ご利用料金のお支払い確認が取れておりません。https://softbank-pay.xyz/',
  '【三菱UFJ銀行】お客様の口座を一時凍結しています、本人認証設定をお願いします。https://mufg-bk.icu/',
  '未払い料金があります。本日中に050-1234-5678までご連絡下さい。',
  '即日即金、日給5万円。荷物の受け取りのみ。テレグラム@job123',
  '【重要】au未納料金による通信サービス制限のお知らせ https://au-kddi.top/pay',
  '不在通知：お荷物を持ち帰りました。再配達はこちら https://jp-post.icu/re',
];
const legit = [
  '今日何時に帰る？',
  '駅着いたよ',
  '了解です！',
  'お疲れ様！明日の件だけど10時からで大丈夫？',
  '[LINE]認証コード: 123456',
  'Yahoo! JAPANの認証番号は4290です。',
  'さくら歯科です。明日14:30のご予約のリマインドです。',
  'ヤマト運輸です。3月2日14時頃にお荷物をお届け予定です。https://www.kuronekoyamato.co.jp/',
];
const examples: TrainingExample[] = [
  ...lures.map((text) => ({ text, label: 'smishing' })),
  ...legit.map((text) => ({ text, label: 'legit' })),
];
const opts = { seed: 1, epochs: 30, minCount: 1, calibrationFolds: 0, pruneBelow: 0 };

test('same examples and seed give the same model, weight for weight', () => {
  assert.deepEqual(trainClassifier(examples, opts), trainClassifier(examples, opts));
  assert.notDeepEqual(trainClassifier(examples, opts).weights, trainClassifier(examples, { ...opts, seed: 2 }).weights);
});

test('predict is a probability for any input', () => {
  const clf = Classifier.fromModel(trainClassifier(examples, opts));
  for (const t of ['', ' ', '🎍', 'a'.repeat(5000), 'お荷物'.repeat(300), '\u0000\uffff', 'https://x.example.top']) {
    const p = clf.predict(t);
    assert.ok(p >= 0 && p <= 1 && Number.isFinite(p), `${JSON.stringify(t.slice(0, 20))} → ${p}`);
  }
});

test('an obvious lure scores above an obvious chat message, on a tiny model and on the committed one', () => {
  const lure = '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。ご確認ください。https://sagawa-jp.top/x';
  const chat = '今日何時に帰る？ご飯いる？';
  for (const clf of [Classifier.fromModel(trainClassifier(examples, opts)), Classifier.load(DEFAULT_MODEL_URL)]) {
    assert.ok(clf.predict(lure) > clf.predict(chat));
  }
  const committed = Classifier.load(DEFAULT_MODEL_URL);
  assert.ok(committed.predict(lure) > 0.9);
  assert.ok(committed.predict(chat) < 0.1);
});

test('explain lists at most k features, strongest first, and the lure words push up', () => {
  const clf = Classifier.load(DEFAULT_MODEL_URL);
  const top = clf.explain('お荷物を持ち帰りました。再配達はこちら https://yamato-jp.top/', 5);
  assert.ok(top.length <= 5 && top.length > 0);
  for (let i = 1; i < top.length; i++) assert.ok(Math.abs(top[i - 1]!.weight) >= Math.abs(top[i]!.weight));
  assert.ok(top.some((f) => f.weight > 0));
  assert.deepEqual(clf.explain('テスト', 0), []);
});

test('a saved model loads back and predicts the same', () => {
  const model = trainClassifier(examples, { ...opts, calibrationFolds: 2 });
  const dir = mkdtempSync(join(tmpdir(), 'mamoru-model-'));
  try {
    const path = join(dir, 'model.json');
    writeFileSync(path, serializeModel(model));
    const a = Classifier.fromModel(model);
    const b = Classifier.load(path);
    assert.deepEqual(b.model, model);
    for (const t of [...lures, ...legit]) assert.equal(b.predict(t), a.predict(t));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

function invalid(e: unknown): boolean {
  return isAppError(e) && e.code === 'MODEL_INVALID';
}

test('a missing, unparseable or malformed model file is AppError MODEL_INVALID', () => {
  const good = trainClassifier(examples, opts);
  const dir = mkdtempSync(join(tmpdir(), 'mamoru-model-'));
  try {
    assert.throws(() => Classifier.load(join(dir, 'absent.json')), invalid);
    writeFileSync(join(dir, 'bad.json'), '{"format": ');
    assert.throws(() => Classifier.load(join(dir, 'bad.json')), invalid);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const broken: Array<(m: ModelJson) => unknown> = [
    () => null,
    () => [],
    (m) => ({ ...m, format: 'other' }),
    (m) => ({ ...m, version: 99 }),
    (m) => ({ ...m, features: { ...m.features, bucketBits: 40 } }),
    (m) => ({ ...m, bias: Number.NaN }),
    (m) => ({ ...m, calibration: { ...m.calibration, a: 'x' } }),
    (m) => ({ ...m, weights: { ...m.weights, count: m.weights.count + 1 } }),
    (m) => ({ ...m, weights: { ...m.weights, index: [1 << 20, ...m.weights.index.slice(1)] } }),
    (m) => ({ ...m, weights: { ...m.weights, index: [0, 0, ...m.weights.index.slice(2)] } }),
    (m) => ({ ...m, weights: { ...m.weights, value: [Number.POSITIVE_INFINITY, ...m.weights.value.slice(1)] } }),
  ];
  for (const make of broken) assert.throws(() => Classifier.fromModel(make(structuredClone(good))), invalid);
});

test('the committed model.json is exactly what training on the committed corpus writes', () => {
  const corpus = fileURLToPath(new URL('../../../data/training/', import.meta.url));
  const expected = serializeModel(trainFromCorpus(corpus));
  assert.equal(readFileSync(DEFAULT_MODEL_URL, 'utf8'), expected, 'stale model: run scripts/train-classifier.ts');
});

test('the committed model is small and says what it was trained on', () => {
  const text = readFileSync(DEFAULT_MODEL_URL, 'utf8');
  assert.ok(Buffer.byteLength(text) < 2_000_000);
  const { model } = Classifier.load(DEFAULT_MODEL_URL);
  assert.equal(model.training.seed, 7726);
  assert.ok((model.training.sources.real ?? 0) > 0 && (model.training.sources.synthetic ?? 0) > 0);
  assert.match(model.training.dataDate ?? '', /^\d{4}/);
});
