// Engine-level quality measurement (`npm run eval`): the whole verdict engine — rules, indicators, brand
// catalogue, sender registry and classifier — on the dev split, which is never trained on.
//
// "Positive" means unwanted (smishing, scam, recruitment or spam). The network policy counts a message as caught
// only when it is blocked (the only action that policy takes against it); the client policy counts warn or
// block. False-positive rate is over legit messages.
import { foldForMatch } from '../text/index.js';
import type { BrandMatcher } from './brand.js';
import type { CorpusExample } from './training/index.js';
import type { VerdictEngine } from './verdict-engine.js';
import type { Policy, Route, SmsInput } from './verdict.js';

export interface PolicyFigures {
  n: number; tp: number; fp: number; fn: number; tn: number;
  precision: number; recall: number; f1: number; fpr: number;
}

export interface SetReport {
  n: number;
  policies: Record<Policy, PolicyFigures>;
  /** Per true label: how many, caught (client / network), and how often the engine's category equals the label. */
  perCategory: Record<string, { n: number; caughtClient: number; caughtNetwork: number; categoryAccuracy: number }>;
  /** Per labelled brand (catalogue id, or the label's own name when the catalogue lacks it). */
  perBrand: Record<string, { n: number; unwanted: number; caughtClient: number; caughtNetwork: number; legitFlaggedClient: number; brandAccuracy: number }>;
  /** Malware family on messages whose corpus family names one (moqhao-*, keepspy-*): how often the engine agrees. */
  family: { n: number; accuracy: number; predicted: Record<string, Record<string, number>> };
  /** Errors for inspection: false negatives (client) and false positives (client), at most 20 each. */
  misses: Array<{ kind: 'FN' | 'FP'; label: string; score: number; text: string }>;
}


const ROUTES: Record<string, Route> = { 'domestic-mobile': 'handset', 'domestic-a2p': 'aggregator', overseas: 'international', international: 'international', handset: 'handset', aggregator: 'aggregator' };

function toInput(e: CorpusExample, withSender: boolean, i: number): SmsInput {
  const input: SmsInput = { id: `eval-${i}`, body: e.text };
  if (withSender && e.from) input.from = e.from;
  const route = e.route ? ROUTES[e.route] : undefined;
  if (withSender && route) input.route = route;
  return input;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : Math.round((a / b) * 10000) / 10000);

function figures(rows: Array<{ positive: boolean; caught: boolean }>): PolicyFigures {
  let tp = 0, fp = 0, fn = 0, tn = 0;
  for (const r of rows) {
    if (r.positive && r.caught) tp++;
    else if (r.positive) fn++;
    else if (r.caught) fp++;
    else tn++;
  }
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  const f1 = precision + recall === 0 ? 0 : Math.round(((2 * precision * recall) / (precision + recall)) * 10000) / 10000;
  return { n: rows.length, tp, fp, fn, tn, precision, recall, f1, fpr: ratio(fp, fp + tn) };
}

export function evaluateSet(engine: VerdictEngine, brands: BrandMatcher, examples: CorpusExample[], withSender: boolean): SetReport {
  const rows = examples.map((e, i) => {
    const input = toInput(e, withSender, i);
    const client = engine.classify(input, 'client');
    // Same score under both policies; only the thresholds differ, so the network action is derived once more.
    const network = engine.classify(input, 'network');
    const labelBrand = e.brand ? (brands.mentions(foldForMatch(e.brand))[0]?.brand.id ?? e.brand) : null;
    const predictedBrand = client.brand ? (brands.mentions(foldForMatch(client.brand))[0]?.brand.id ?? client.brand) : null;
    return {
      e, positive: e.label !== 'legit', score: client.score, family: client.family, category: client.category,
      caughtClient: client.action !== 'allow', caughtNetwork: network.action === 'block', labelBrand, predictedBrand,
    };
  });
  const policies = {
    client: figures(rows.map((r) => ({ positive: r.positive, caught: r.caughtClient }))),
    network: figures(rows.map((r) => ({ positive: r.positive, caught: r.caughtNetwork }))),
  };
  const perCategory: SetReport['perCategory'] = {};
  for (const label of [...new Set(rows.map((r) => r.e.label))].sort()) {
    const rs = rows.filter((r) => r.e.label === label);
    perCategory[label] = {
      n: rs.length,
      caughtClient: ratio(rs.filter((r) => r.caughtClient).length, rs.length),
      caughtNetwork: ratio(rs.filter((r) => r.caughtNetwork).length, rs.length),
      categoryAccuracy: ratio(rs.filter((r) => r.category === label).length, rs.length),
    };
  }
  const perBrand: SetReport['perBrand'] = {};
  for (const b of [...new Set(rows.map((r) => r.labelBrand).filter((x): x is string => x !== null))].sort()) {
    const rs = rows.filter((r) => r.labelBrand === b);
    const unwanted = rs.filter((r) => r.positive);
    const legit = rs.filter((r) => !r.positive);
    perBrand[b] = {
      n: rs.length,
      unwanted: unwanted.length,
      caughtClient: ratio(unwanted.filter((r) => r.caughtClient).length, unwanted.length),
      caughtNetwork: ratio(unwanted.filter((r) => r.caughtNetwork).length, unwanted.length),
      legitFlaggedClient: ratio(legit.filter((r) => r.caughtClient).length, legit.length),
      brandAccuracy: ratio(unwanted.filter((r) => r.predictedBrand === b).length, unwanted.length),
    };
  }
  const withFamily = rows.filter((r) => r.positive && (r.e.family?.startsWith('moqhao') || r.e.family?.startsWith('keepspy')));
  const predicted: Record<string, Record<string, number>> = {};
  let agree = 0;
  for (const r of withFamily) {
    const expected = r.e.family!.startsWith('moqhao') ? 'moqhao' : 'keepspy';
    const got = r.family ?? 'none';
    if (got === expected) agree++;
    predicted[expected] ??= {};
    predicted[expected][got] = (predicted[expected][got] ?? 0) + 1;
  }
  const family = { n: withFamily.length, accuracy: ratio(agree, withFamily.length), predicted };
  const misses: SetReport['misses'] = [
    ...rows.filter((r) => r.positive && !r.caughtClient).slice(0, 20).map((r) => ({ kind: 'FN' as const, label: r.e.label, score: r.score, text: r.e.text.slice(0, 120) })),
    ...rows.filter((r) => !r.positive && r.caughtClient).slice(0, 20).map((r) => ({ kind: 'FP' as const, label: r.e.label, score: r.score, text: r.e.text.slice(0, 120) })),
  ];
  return { n: rows.length, policies, perCategory, perBrand, family, misses };
}
