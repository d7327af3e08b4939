// Edit distance for lookalike names ('amazom' vs 'amazon', 'rnufg' vs 'mufg' after skeleton()).

/**
 * Damerau–Levenshtein distance in its optimal-string-alignment form (insert, delete, substitute, swap two
 * adjacent characters; a swapped pair is not edited again), counted in code points.
 *
 * `max` caps the work: once the distance is certainly above `max` the function returns `max + 1`, which keeps
 * brand-list scans cheap (most candidates are rejected after a row or two). Default: no cap.
 */
export function editDistance(a: string, b: string, max = Number.POSITIVE_INFINITY): number {
  if (typeof a !== 'string' || typeof b !== 'string') return 0;
  const cap = Number.isNaN(max) || max < 0 ? 0 : Math.floor(max);
  if (a === b) return 0;
  const s = Array.from(a);
  const t = Array.from(b);
  const n = s.length;
  const m = t.length;
  if (Math.abs(n - m) > cap) return cap + 1;
  if (n === 0) return Math.min(m, cap + 1);
  if (m === 0) return Math.min(n, cap + 1);

  // Three rolling rows: the transposition step looks two rows back.
  let prev2 = new Array<number>(m + 1).fill(0);
  let prev = new Array<number>(m + 1);
  let cur = new Array<number>(m + 1).fill(0);
  for (let j = 0; j <= m; j++) prev[j] = j;

  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const si = s[i - 1];
    for (let j = 1; j <= m; j++) {
      const tj = t[j - 1];
      const cost = si === tj ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && si === t[j - 2] && s[i - 2] === tj) {
        d = Math.min(d, (prev2[j - 2] ?? 0) + 1);
      }
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    // Every later cell is at least the smallest value of this row, so nothing can come back under the cap.
    if (rowMin > cap) return cap + 1;
    const spare = prev2;
    prev2 = prev;
    prev = cur;
    cur = spare;
  }
  const result = prev[m] ?? 0;
  return result > cap ? cap + 1 : result;
}
