// Classifier.predict latency: ns per call on a fixed 100-character message and on the dev corpus (mixed
// lengths), after warm-up. Calls are timed in batches (one clock read per batch) so the timer's own cost stays
// out of the figures; percentiles are over batch means.
//   node --import tsx bench/classifier-predict.ts [--json bench/results/classifier-predict.json]
// Exit status 1 when the 100-character figure misses the target.

import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Classifier, DEFAULT_MODEL_URL, defaultNormalize } from '../src/sms/classifier/index.js';
import { loadCorpus } from '../src/sms/training/index.js';

const { values } = parseArgs({ options: { json: { type: 'string' }, corpus: { type: 'string', default: 'data/training' } } });

const clf = Classifier.load(DEFAULT_MODEL_URL);
// A typical KeepSpy-style lure padded to exactly 100 characters.
const base = '【ソフトバンク】ご利用料金のお支払いが確認できておりません。本日中にお手続きください。https://softbank-jp.top/pay/login ';
const msg100 = defaultNormalize(base.repeat(2)).slice(0, 100);
const corpus = loadCorpus(values.corpus, 'dev').map((e) => defaultNormalize(e.text));

function run(texts: readonly string[], batch: number, batches: number): { nsPerOp: number; p50: number; p99: number; opsPerSec: number } {
  let sink = 0;
  for (let i = 0; i < 20000; i++) sink += clf.predict(texts[i % texts.length] as string);
  const means: number[] = [];
  let k = 0;
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < batches; b++) {
    const s = process.hrtime.bigint();
    for (let i = 0; i < batch; i++) sink += clf.predict(texts[k++ % texts.length] as string);
    means.push(Number(process.hrtime.bigint() - s) / batch);
  }
  const total = Number(process.hrtime.bigint() - t0);
  if (sink < 0) console.log(sink); // keep the calls observable
  means.sort((a, b) => a - b);
  const q = (p: number) => Math.round(means[Math.min(means.length - 1, Math.floor(p * means.length))] as number);
  const nsPerOp = total / (batch * batches);
  return { nsPerOp: Math.round(nsPerOp), p50: q(0.5), p99: q(0.99), opsPerSec: Math.round(1e9 / nsPerOp) };
}

const avgLen = Math.round(corpus.reduce((s, t) => s + t.length, 0) / corpus.length);
const message100 = { chars: msg100.length, ...run([msg100], 1000, 500) };
const result = {
  node: process.version,
  // Target from the issue: predict < 5 µs for a 100-character message.
  target: { nsPerOp100: 5000 },
  pass: message100.nsPerOp < 5000,
  message100,
  devCorpus: { messages: corpus.length, avgChars: avgLen, ...run(corpus, 1000, 500) },
};
console.log(JSON.stringify(result, null, 2));
if (values.json) writeFileSync(values.json, JSON.stringify(result, null, 2) + '\n');
if (!result.pass) process.exitCode = 1;
