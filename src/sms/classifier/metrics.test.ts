import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auc, binaryMetrics } from './metrics.js';
import { fitPlatt } from './train.js';

test('AUC is 1 for a perfect ranking, 0 for a reversed one, 0.5 when all scores tie', () => {
  assert.equal(auc([{ p: 0.9, positive: true }, { p: 0.1, positive: false }]), 1);
  assert.equal(auc([{ p: 0.1, positive: true }, { p: 0.9, positive: false }]), 0);
  assert.equal(auc([{ p: 0.5, positive: true }, { p: 0.5, positive: false }]), 0.5);
  assert.ok(Number.isNaN(auc([{ p: 0.5, positive: true }])));
});

test('precision, recall and FPR at the threshold', () => {
  const m = binaryMetrics([
    { p: 0.9, positive: true },
    { p: 0.6, positive: false },
    { p: 0.4, positive: true },
    { p: 0.1, positive: false },
  ]);
  assert.deepEqual([m.tp, m.fp, m.tn, m.fn], [1, 1, 1, 1]);
  assert.equal(m.precision, 0.5);
  assert.equal(m.recall, 0.5);
  assert.equal(m.fpr, 0.5);
  assert.equal(m.auc, 0.75);
});

test('Platt scaling recovers a known slope and offset', () => {
  // Labels drawn deterministically from p = σ(2z − 1): the fit should land near a = 2, b = −1.
  const z = new Float64Array(4000);
  const y = new Uint8Array(4000);
  let s = 12345;
  for (let i = 0; i < z.length; i++) {
    z[i] = (i / z.length) * 8 - 4;
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    y[i] = s / 2 ** 32 < 1 / (1 + Math.exp(-(2 * (z[i] as number) - 1))) ? 1 : 0;
  }
  const { a, b } = fitPlatt(z, y);
  assert.ok(Math.abs(a - 2) < 0.3, `a = ${a}`);
  // Class balancing moves b by log(neg/pos); only check the sign and rough size.
  assert.ok(b < 0 && b > -2, `b = ${b}`);
});
