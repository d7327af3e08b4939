// MinHash over character 3-shingles of a message template, for near-duplicate detection: attackers generate
// dozens of variants a day that change a few words and the link. Sixteen hash functions; locality-sensitive
// lookup through eight bands of two (texts with Jaccard similarity 0.7 share a band with probability > 0.99,
// texts at 0.1 with probability < 0.08), then a check of the estimated similarity.

export const MINHASH_SIZE = 16;
const BAND_ROWS = 2;
/** Estimated Jaccard similarity at or above which two templates are one campaign. */
export const NEAR_DUPLICATE = 0.5;

const SEEDS = Array.from({ length: MINHASH_SIZE }, (_, i) => (0x811c9dc5 ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0);

export function minhash(template: string): number[] {
  const sig = new Array<number>(MINHASH_SIZE).fill(0xffffffff);
  const t = template.length < 3 ? template.padEnd(3, ' ') : template;
  for (let i = 0; i + 3 <= t.length; i++) {
    const c0 = t.charCodeAt(i);
    const c1 = t.charCodeAt(i + 1);
    const c2 = t.charCodeAt(i + 2);
    for (let k = 0; k < MINHASH_SIZE; k++) {
      let h = SEEDS[k]!;
      h = Math.imul(h ^ c0, 0x01000193);
      h = Math.imul(h ^ c1, 0x01000193);
      h = Math.imul(h ^ c2, 0x01000193);
      h = (h ^ (h >>> 15)) >>> 0;
      if (h < sig[k]!) sig[k] = h;
    }
  }
  return sig;
}

export function similarity(a: readonly number[], b: readonly number[]): number {
  let same = 0;
  for (let k = 0; k < MINHASH_SIZE; k++) if (a[k] === b[k]) same++;
  return same / MINHASH_SIZE;
}

/** Band keys: two texts that share one are candidates. */
export function bandKeys(sig: readonly number[]): string[] {
  const out: string[] = [];
  for (let b = 0; b < MINHASH_SIZE / BAND_ROWS; b++) {
    out.push(`mh:${b}:${sig.slice(b * BAND_ROWS, (b + 1) * BAND_ROWS).map((x) => x.toString(36)).join('.')}`);
  }
  return out;
}

export function encodeSig(sig: readonly number[]): string {
  return sig.map((x) => x.toString(16).padStart(8, '0')).join('');
}

export function decodeSig(s: string): number[] | null {
  if (!new RegExp(`^[0-9a-f]{${MINHASH_SIZE * 8}}$`).test(s)) return null;
  return Array.from({ length: MINHASH_SIZE }, (_, k) => parseInt(s.slice(k * 8, k * 8 + 8), 16) >>> 0);
}
