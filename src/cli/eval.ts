// `mamoru eval` / `npm run eval`: the engine's quality on the dev split, per policy, category and brand.
// Runs on an in-memory store holding only the built-in reference data, so figures do not depend on what a
// local store has learned.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadConfig, silentLogger } from '../core/index.js';
import { compose } from '../server/index.js';
import { evaluateSet, loadCorpus, type CorpusExample, type SetReport } from '../sms/index.js';

export const CORPUS_DIR = resolve(import.meta.dirname, '../../data/training');
/** Written by a separate author without seeing the corpus or the rules; reported, never tuned on. */
export const HOLDOUT_FILE = resolve(import.meta.dirname, '../../data/holdout/independent.jsonl');

function loadHoldout(): CorpusExample[] {
  if (!existsSync(HOLDOUT_FILE)) return [];
  return readFileSync(HOLDOUT_FILE, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => {
    const o = JSON.parse(l) as { text: string; label: CorpusExample['label']; brand: string | null; from?: string | null; route?: string | null };
    return { text: o.text, label: o.label, brand: o.brand, synthetic: true, split: 'dev' as const, from: o.from ?? undefined, route: o.route ?? undefined };
  });
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`.padStart(7);

function table(name: string, r: SetReport): string {
  const lines = [`\n## ${name} (n=${r.n})`, '', 'policy    precision  recall      F1     FPR     tp    fp    fn    tn'];
  for (const [p, f] of Object.entries(r.policies)) {
    lines.push(`${p.padEnd(9)} ${pct(f.precision)}  ${pct(f.recall)} ${pct(f.f1)} ${pct(f.fpr)} ${String(f.tp).padStart(6)}${String(f.fp).padStart(6)}${String(f.fn).padStart(6)}${String(f.tn).padStart(6)}`);
  }
  lines.push('', 'label         n   caught(client) caught(network) category-accuracy');
  for (const [l, c] of Object.entries(r.perCategory)) {
    lines.push(`${l.padEnd(12)}${String(c.n).padStart(4)}   ${pct(c.caughtClient)}        ${pct(c.caughtNetwork)}         ${pct(c.categoryAccuracy)}`);
  }
  if (r.family.n > 0) {
    const conf = Object.entries(r.family.predicted).map(([want, got]) => `${want} → ${Object.entries(got).map(([k, v]) => `${k} ${v}`).join(', ')}`).join('; ');
    lines.push('', `family (corpus moqhao-*/keepspy-* messages, n=${r.family.n}): accuracy ${pct(r.family.accuracy)}   ${conf}`);
  }
  lines.push('', 'brand              n  unwanted caught(client) caught(network) legit-flagged(client) brand-accuracy');
  for (const [b, c] of Object.entries(r.perBrand)) {
    lines.push(`${b.slice(0, 16).padEnd(16)}${String(c.n).padStart(4)}${String(c.unwanted).padStart(9)}   ${pct(c.caughtClient)}        ${pct(c.caughtNetwork)}         ${pct(c.legitFlaggedClient)}           ${pct(c.brandAccuracy)}`);
  }
  return lines.join('\n');
}

export async function runEval(opts: { split: string; json?: string }): Promise<void> {
  const split = opts.split === 'train' ? 'train' : 'dev';
  const config = loadConfig({ overrides: { log: { level: 'silent' } } });
  const services = await compose(config, silentLogger, { memory: true, defaultMetrics: false });
  try {
    const { engine, brands } = services.smsModule;
    const rows = loadCorpus(CORPUS_DIR, split);
    const real = rows.filter((e) => !e.synthetic);
    const synthetic = rows.filter((e) => e.synthetic);
    const holdout = loadHoldout();
    const report = {
      split,
      thresholds: config.engine.policies,
      realText: evaluateSet(engine, brands, real, false),
      syntheticWithSender: evaluateSet(engine, brands, synthetic, true),
      syntheticTextOnly: evaluateSet(engine, brands, synthetic, false),
      ...(holdout.length > 0 ? { holdoutWithSender: evaluateSet(engine, brands, holdout, true), holdoutTextOnly: evaluateSet(engine, brands, holdout, false) } : {}),
    };
    const out = [
      `mamoru eval — ${split} split (real messages: text only; synthetic: with and without sender/route)`,
      table('real messages, text only', report.realText),
      table('synthetic, with sender and route', report.syntheticWithSender),
      table('synthetic, text only', report.syntheticTextOnly),
      ...(report.holdoutWithSender ? [table('independent holdout, with sender and route', report.holdoutWithSender)] : []),
      ...(report.holdoutTextOnly ? [table('independent holdout, text only', report.holdoutTextOnly)] : []),
      '\n## targets (dev split and holdout)',
    ];
    const sets: Array<[string, SetReport | undefined]> = [
      ['real', report.realText], ['synthetic+sender', report.syntheticWithSender], ['synthetic text-only', report.syntheticTextOnly],
      ['holdout+sender', report.holdoutWithSender], ['holdout text-only', report.holdoutTextOnly],
    ];
    for (const [name, r] of sets) {
      if (!r) continue;
      const smishing = r.perCategory.smishing;
      const recall = smishing ? smishing.caughtClient : 0;
      const fpr = r.policies.network.fpr;
      out.push(`${name.padEnd(20)} smishing recall (client) ${pct(recall)} ${recall >= 0.95 ? 'PASS' : 'MISS'} (≥ 95%)   legit FPR (network) ${pct(fpr)} ${fpr <= 0.005 ? 'PASS' : 'MISS'} (≤ 0.5%)`);
    }
    process.stdout.write(`${out.join('\n')}\n`);
    if (opts.json) writeFileSync(opts.json, `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await services.close();
  }
}
