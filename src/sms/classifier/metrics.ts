// Quality figures for a scored set: precision, recall and false-positive rate at a threshold, and ROC AUC.

export interface Scored {
  /** Predicted probability of the positive class. */
  p: number;
  positive: boolean;
}

export interface BinaryMetrics {
  n: number;
  positives: number;
  negatives: number;
  threshold: number;
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  precision: number;
  recall: number;
  fpr: number;
  auc: number;
}

/** ROC AUC by the rank-sum (Mann–Whitney) formula; ties count one half. NaN if a class is missing. */
export function auc(rows: readonly Scored[]): number {
  const sorted = [...rows].sort((a, b) => a.p - b.p);
  let pos = 0;
  let rankSum = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j < sorted.length && (sorted[j] as Scored).p === (sorted[i] as Scored).p) j++;
    const avgRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if ((sorted[k] as Scored).positive) {
        pos++;
        rankSum += avgRank;
      }
    }
    i = j;
  }
  const neg = sorted.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

export function binaryMetrics(rows: readonly Scored[], threshold = 0.5): BinaryMetrics {
  let tp = 0;
  let fp = 0;
  let tn = 0;
  let fn = 0;
  for (const r of rows) {
    const flagged = r.p >= threshold;
    if (r.positive && flagged) tp++;
    else if (r.positive) fn++;
    else if (flagged) fp++;
    else tn++;
  }
  return {
    n: rows.length,
    positives: tp + fn,
    negatives: tn + fp,
    threshold,
    tp,
    fp,
    tn,
    fn,
    precision: tp + fp === 0 ? Number.NaN : tp / (tp + fp),
    recall: tp + fn === 0 ? Number.NaN : tp / (tp + fn),
    fpr: fp + tn === 0 ? Number.NaN : fp / (fp + tn),
    auc: auc(rows),
  };
}
