// The real messages quoted on public pages (see the shared data README), made safe to commit and split.
// Links are defanged (hxxps://host[.]tld/...) because these were sent to real people and may still work;
// splits come from a hash of the text, stratified by label, so the same text always lands in the same split.

import { fnv1a } from './prng.js';
import type { Label } from './family.js';

export interface RealRecord {
  text: string;
  label: Label;
  brand: string | null;
  source_url: string;
  seen: string | null;
}

export interface RealExample extends RealRecord {
  synthetic: false;
  split: 'train' | 'dev';
}

/** Share of each label that goes to dev (rounded down per label, so a label with one message stays in train). */
export const REAL_DEV_SHARE = 0.3;

// A scheme (also defanged, or with the colon lost as in "https //"), then the host up to the first / ? # or
// a character that cannot be in a host. Dots inside the host become [.]; the rest of the link is kept.
const LINK = /\b(h(?:tt|xx)ps?)(\s*:?\s*\/\/)([^\s/?#<>"'、。「」()（）]*)/gi;
// Hosts written without a scheme (example.co.jp/path): a label, a dot, more labels, an ASCII TLD.
const BARE_HOST = /(?<![\w.[\]/@-])((?:[a-z0-9-]+\.)+(?:com|net|org|jp|info|xyz|top|asia|me|cc|cn|ly|co|gl|io|lin|shop|site|app))(?![\w-])/gi;

// Only dots between host characters: placeholders such as "https://…." or "https://..../" stay as quoted.
const HOST_DOT = /(?<=[A-Za-z0-9-])\.(?=[A-Za-z0-9-])/g;

/** Defang every link in a text: hxxp(s) scheme and [.] in the host. Idempotent. */
export function defangLinks(text: string): string {
  const withScheme = text.replace(LINK, (_m, scheme: string, sep: string, host: string) => {
    const s = scheme.toLowerCase().replace('http', 'hxxp');
    return `${s}${sep}${host.replace(HOST_DOT, '[.]')}`;
  });
  return withScheme.replace(BARE_HOST, (host: string) => host.replace(HOST_DOT, '[.]'));
}

/** Defang, dedupe and assign splits; output order is the input order. */
export function buildRealCorpus(records: readonly RealRecord[]): RealExample[] {
  const seen = new Set<string>();
  const unique: RealRecord[] = [];
  for (const r of records) {
    const text = defangLinks(r.text);
    if (seen.has(text)) continue;
    seen.add(text);
    unique.push({ ...r, text });
  }
  const dev = new Set<RealRecord>();
  const byLabel = new Map<Label, RealRecord[]>();
  for (const r of unique) byLabel.set(r.label, [...(byLabel.get(r.label) ?? []), r]);
  for (const group of byLabel.values()) {
    // Order by hash, then take every position where the running dev quota steps up: exactly floor(n·share)
    // dev messages per label, spread over the hash order rather than bunched at one end.
    const ordered = [...group].sort((a, b) => fnv1a(a.text) - fnv1a(b.text) || (a.text < b.text ? -1 : 1));
    ordered.forEach((r, i) => {
      if (Math.floor((i + 1) * REAL_DEV_SHARE) > Math.floor(i * REAL_DEV_SHARE)) dev.add(r);
    });
  }
  return unique.map((r) => ({ text: r.text, label: r.label, brand: r.brand, source_url: r.source_url, seen: r.seen, synthetic: false, split: dev.has(r) ? 'dev' : 'train' }));
}
