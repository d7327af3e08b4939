// Human-readable rendering of a verdict for `mamoru classify "…"`.
import type { Verdict } from '../sms/index.js';

const ACTION_LABEL: Record<Verdict['action'], string> = { allow: 'ALLOW', warn: 'WARN', block: 'BLOCK' };

export function formatVerdict(v: Verdict): string {
  const lines = [
    `${ACTION_LABEL[v.action]}  score ${v.score.toFixed(4)}  (policy ${v.policy})`,
    `category ${v.category}   brand ${v.brand ?? '-'}   family ${v.family ?? '-'}`,
    `fingerprint ${v.fingerprint}   id ${v.id}`,
    'reasons (log-odds):',
    ...v.reasons.map((r) => `  ${`${r.weight >= 0 ? '+' : ''}${r.weight.toFixed(2)}`.padStart(6)}  ${r.code.padEnd(34)} ${r.detail}`),
  ];
  const hits = v.indicators.filter((i) => i.match);
  if (hits.length > 0) {
    lines.push('indicator hits:');
    for (const i of hits) lines.push(`  ${i.match!.verdict.padEnd(4)} ${i.kind.padEnd(11)} ${i.value}  (${i.match!.source}, ${i.match!.confidence})`);
  }
  return lines.join('\n');
}
