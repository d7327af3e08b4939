// Small arithmetic over series, shared by the chart summaries.

export const sum = (values: readonly number[]): number => values.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);

/** Index of the largest value (the first one on ties), or -1 for an empty list. */
export function argMax(values: readonly number[]): number {
  let best = -1;
  values.forEach((v, i) => {
    if (best < 0 || v > (values[best] ?? -Infinity)) best = i;
  });
  return best;
}

/** A number's sign for display: "+", "−" (minus sign) or "±". */
export const signOf = (n: number): string => (n > 0 ? '+' : n < 0 ? '−' : '±');
