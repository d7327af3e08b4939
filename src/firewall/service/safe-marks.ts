// "Mark as safe" as evidence for the allow-list review: what subscribers vouched for, grouped by sender and by the
// domains the messages linked to, with counts of marks and of distinct lines, never the bodies. An analyst decides;
// nothing is allow-listed automatically (a scammer could mark his own messages safe from a few lines). The evidence
// lives as long as the quarantined rows (firewall.quarantineDays); each mark is also in the audit log.
import { classifySender, extractUrls, normalizeText } from '../../text/index.js';
import type { QuarantinedMessage } from './quarantine-store.js';

export interface SafeMarkGroup {
  /** The sender as normalised (E.164, sender id, 0005 number), or the domain. */
  key: string;
  marks: number;
  /** Distinct recipient lines that marked it. */
  lines: number;
  /** ms since epoch of the newest mark. */
  lastMarkedAt: number;
  categories: string[];
  /** Verdict scores: lowest and highest among the marked messages. */
  scoreRange: [number, number];
}

export interface SafeMarks {
  since: number;
  messages: number;
  bySender: Array<SafeMarkGroup & { domains: string[] }>;
  byDomain: Array<SafeMarkGroup & { senders: number }>;
}

interface Acc { marks: number; lines: Set<string>; last: number; categories: Set<string>; lo: number; hi: number; extra: Set<string> }

function add(map: Map<string, Acc>, key: string, m: QuarantinedMessage, extra: string[]): void {
  let a = map.get(key);
  if (!a) map.set(key, (a = { marks: 0, lines: new Set(), last: 0, categories: new Set(), lo: 1, hi: 0, extra: new Set() }));
  a.marks++;
  a.lines.add(m.recipientKey);
  a.last = Math.max(a.last, m.decidedAt ?? 0);
  a.categories.add(m.verdict.category);
  a.lo = Math.min(a.lo, m.verdict.score);
  a.hi = Math.max(a.hi, m.verdict.score);
  for (const x of extra) a.extra.add(x);
}

function groups(map: Map<string, Acc>): Array<SafeMarkGroup & { extra: string[] }> {
  return [...map.entries()]
    .map(([key, a]) => ({ key, marks: a.marks, lines: a.lines.size, lastMarkedAt: a.last, categories: [...a.categories].sort(), scoreRange: [a.lo, a.hi] as [number, number], extra: [...a.extra].sort() }))
    .sort((x, y) => y.lines - x.lines || y.marks - x.marks || x.key.localeCompare(y.key));
}

export function groupSafeMarks(messages: readonly QuarantinedMessage[], since: number): SafeMarks {
  const bySender = new Map<string, Acc>();
  const byDomain = new Map<string, Acc>();
  for (const m of messages) {
    const sender = m.sender === null ? '(none)' : (classifySender(m.sender).normalized ?? m.sender.trim());
    const domains = [...new Set(extractUrls(normalizeText(m.body)).map((u) => u.registrableDomain ?? u.host))];
    add(bySender, sender, m, domains);
    for (const d of domains) add(byDomain, d, m, [sender]);
  }
  return {
    since,
    messages: messages.length,
    bySender: groups(bySender).map(({ extra, ...g }) => ({ ...g, domains: extra })),
    byDomain: groups(byDomain).map(({ extra, ...g }) => ({ ...g, senders: extra.length })),
  };
}
