// Micro-benchmark of the text module's per-message functions on realistic SMS shapes (synthetic messages
// modelled on quoted smishing, scam, recruitment and legitimate texts; every link uses an invented or
// example domain). Prints ns/op per function and for the per-message path (normalizeText + extractUrls +
// extractPhones), whose share of the 20 µs verdict budget must stay well under 10 µs.
//
// Usage: node --import tsx bench/text.ts [--json bench/results/text.json]
import { writeFileSync } from 'node:fs';
import {
  classifySender,
  editDistance,
  extractMessengerIds,
  extractPhones,
  extractUrls,
  foldForMatch,
  normalizeText,
  parsePhone,
  skeleton,
} from '../src/text/index.js';

const MESSAGES: readonly string[] = [
  'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。https://kuroneko-example.top/abc',
  'ヤマト運輸よりお届けにあがりましたが不在の為持ち帰りました。hxxps://kuronekoyamato.co.jp.abc-xyz[.]top/ をご確認ください',
  '【三菱UFJ銀行】お客様の口座取引を一時的に制限しています。本人確認をお願いします。https：／／ｍｕｆｇ－ｅｘａｍｐｌｅ．ｃｏｍ／ｌｏｇｉｎ',
  'ご利用料金の支払い確認が取れておりません。本日中に050-68○○-○○○○ソフトバンクサポートセンター迄ご連絡下さい。',
  '未払いがございます。本日中に担当渡辺までご連絡下さい。TEL 03-1234-5678',
  '【Amazon】お支払い方法に問題があります。アカウントを更新してください。 https://amazon-co-jp.example-login.xyz/ap/signin?id=12',
  '[セキュリティコード]482913\n[有効期限]09/05 22:00\n[ログイン先] ドコモメール(ブラウザ版)',
  'エポスカードです。カードのご利用確認で連絡がございます。0120060101までご連絡をお願いいたします',
  'スマホだけで簡単に稼げる仕事です。日給4万円。詳細はテレグラムでID: quickjob_example まで',
  '【dカード】ご本人の利用であるか確認がとれるまでカードの利用を制限しています。利用確認はこちら https://s.example.jp/?id=abc',
];

interface Result {
  /** Median over batches of 1,000 calls: robust against the scheduler pausing the process. */
  p50: number;
  /** 99th percentile over batches: how bad a slow stretch gets. */
  p99: number;
  /** Process CPU time per call over the whole run. */
  cpu: number;
}

function bench(name: string, fn: () => void, minMs = 500): Result {
  for (let i = 0; i < 5000; i++) fn(); // warm-up: let the JIT settle before timing
  const batches: number[] = [];
  const cpuStart = process.cpuUsage();
  const start = performance.now();
  while (performance.now() - start < minMs) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) fn();
    batches.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const cpuUsed = process.cpuUsage(cpuStart);
  batches.sort((a, b) => a - b);
  const at = (q: number): number => batches[Math.min(batches.length - 1, Math.floor(q * batches.length))] ?? 0;
  const r = { p50: at(0.5), p99: at(0.99), cpu: ((cpuUsed.user + cpuUsed.system) * 1000) / (batches.length * 1000) };
  console.log(
    `${name.padEnd(44)} ${r.p50.toFixed(0).padStart(7)} ns/op p50 ${r.p99.toFixed(0).padStart(7)} p99 ${r.cpu.toFixed(0).padStart(7)} cpu`,
  );
  return r;
}

let k = 0;
const next = (): string => MESSAGES[k++ % MESSAGES.length] ?? '';
const normalized = MESSAGES.map((m) => normalizeText(m));
let n = 0;
const nextNormalized = (): string => normalized[n++ % normalized.length] ?? '';
let sink = 0;

console.log(`node ${process.version}; ns per call, batches of 1,000 calls`);
const results: Record<string, Result> = {
  normalizeText: bench('normalizeText', () => (sink += normalizeText(next()).length)),
  foldForMatch: bench('foldForMatch', () => (sink += foldForMatch(next()).length)),
  extractUrls: bench('extractUrls (raw text)', () => (sink += extractUrls(next()).length)),
  extractPhones: bench('extractPhones (raw text)', () => (sink += extractPhones(next()).length)),
  perMessage: bench('normalizeText + extractUrls + extractPhones', () => {
    const t = normalizeText(next());
    sink += extractUrls(t).length + extractPhones(t).length;
  }),
  extractUrlsNormalized: bench('extractUrls (normalised text)', () => (sink += extractUrls(nextNormalized()).length)),
  extractMessengerIds: bench('extractMessengerIds', () => (sink += extractMessengerIds(next()).length)),
  classifySender: bench('classifySender', () => (sink += classifySender(k++ % 2 ? '+819012345678' : 'SMBC').type.length)),
  parsePhone: bench('parsePhone (Japanese)', () => (sink += parsePhone('090-1234-5678')?.national.length ?? 0)),
  skeleton: bench('skeleton (domain label)', () => (sink += skeleton('kuronekoyamato-co-jp').length)),
  editDistance: bench('editDistance (max 2)', () => (sink += editDistance('amazom-jp', 'amazon-jp', 2))),
};

const out = process.argv.indexOf('--json');
if (out > 0 && process.argv[out + 1]) {
  writeFileSync(process.argv[out + 1] ?? '', `${JSON.stringify({ node: process.version, nsPerOp: results }, null, 2)}\n`);
}
if (sink === -1) console.log(sink); // keeps the work observable to the optimiser
