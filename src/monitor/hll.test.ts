// HyperLogLog: the infected-handset figures are estimates, so the suite pins how good they are — within 5 % (about
// two standard errors for 2^11 registers) at the sizes the monitor sees — and that the stored form is checked
// before it is trusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { HyperLogLog } from './index.js';

/** Values shaped like the stats worker's input: sender pseudonyms (p1: + 22 base64url characters of an HMAC). */
const PSEUDONYMS = Array.from({ length: 100_000 }, (_, i) => `p1:${createHmac('sha256', 'hll-test-key').update(`+8190${String(i).padStart(8, '0')}`).digest('base64url').slice(0, 22)}`);
const pseudonym = (i: number): string => PSEUDONYMS[i]!;

function sketchOf(from: number, to: number): HyperLogLog {
  const h = new HyperLogLog();
  for (let i = from; i < to; i++) h.add(pseudonym(i));
  return h;
}

const within = (estimate: number, truth: number, share: number): boolean => Math.abs(estimate - truth) <= truth * share;

test('estimates 1k, 10k and 100k distinct values within 5 %', () => {
  for (const n of [1_000, 10_000, 100_000]) {
    const e = sketchOf(0, n).estimate();
    assert.ok(within(e, n, 0.05), `${n} distinct values estimated as ${e}`);
  }
});

test('plain sequential strings (no HMAC) are estimated within 5 % too: the hash, not the input, spreads them', () => {
  for (const n of [1_000, 10_000, 100_000]) {
    const h = new HyperLogLog();
    for (let i = 0; i < n; i++) h.add(`line-${i}`);
    assert.ok(within(h.estimate(), n, 0.05), `${n} sequential values estimated as ${h.estimate()}`);
  }
});

test('an empty sketch estimates 0, and small counts are (nearly) exact', () => {
  assert.equal(new HyperLogLog().estimate(), 0);
  assert.equal(sketchOf(0, 1).estimate(), 1);
  const e = sketchOf(0, 20).estimate();
  assert.ok(e >= 19 && e <= 21, `20 values estimated as ${e}`);
});

test('duplicates do not count: adding every value ten times leaves the registers and the estimate unchanged', () => {
  const once = sketchOf(0, 5_000);
  const tenTimes = new HyperLogLog();
  for (let round = 0; round < 10; round++) for (let i = 0; i < 5_000; i++) tenTimes.add(pseudonym(i));
  assert.deepEqual(tenTimes.registers, once.registers);
  assert.equal(tenTimes.estimate(), once.estimate());
});

test('merging two overlapping sketches estimates their union, not the sum', () => {
  // 0–60k and 40k–100k: 100k distinct in the union, 120k added in total.
  const a = sketchOf(0, 60_000);
  const b = sketchOf(40_000, 100_000);
  const union = sketchOf(0, 100_000);
  const merged = new HyperLogLog().merge(a).merge(b);
  assert.ok(within(merged.estimate(), 100_000, 0.05), `union estimated as ${merged.estimate()}`);
  // Register maxima are exactly the sketch of the union: merging loses nothing.
  assert.deepEqual(merged.registers, union.registers);
  // Merging is commutative and idempotent (hourly sketches can be merged in any order, and twice).
  const other = new HyperLogLog().merge(b).merge(a).merge(a);
  assert.deepEqual(other.registers, merged.registers);
});

test('merge() changes the target only: the merged-in sketch is left as it was', () => {
  const a = sketchOf(0, 1_000);
  const b = sketchOf(1_000, 2_000);
  const bBefore = new Uint8Array(b.registers);
  a.merge(b);
  assert.deepEqual(b.registers, bBefore);
  assert.ok(within(a.estimate(), 2_000, 0.05));
});

test('fromBase64 round-trips a sketch exactly', () => {
  const h = sketchOf(0, 12_345);
  const text = h.toBase64();
  const back = HyperLogLog.fromBase64(text);
  assert.ok(back);
  assert.deepEqual(back.registers, h.registers);
  assert.equal(back.estimate(), h.estimate());
  assert.equal(back.toBase64(), text);
  // An empty sketch round-trips as well (a bucket with no infected sender yet).
  assert.equal(HyperLogLog.fromBase64(new HyperLogLog().toBase64())?.estimate(), 0);
});

test('fromBase64 returns null for a blob of the wrong size or with an impossible register value', () => {
  const good = Buffer.from(sketchOf(0, 100).registers);
  assert.equal(HyperLogLog.fromBase64(''), null, 'empty');
  assert.equal(HyperLogLog.fromBase64(good.subarray(0, good.length - 1).toString('base64')), null, 'one byte short');
  assert.equal(HyperLogLog.fromBase64(Buffer.concat([good, Buffer.from([0])]).toString('base64')), null, 'one byte long');
  assert.equal(HyperLogLog.fromBase64('bm90IGEgc2tldGNo'), null, 'some other base64 text');
  // A rank is at most 33 (32 leading zeros + 1); anything larger is a damaged row.
  const tooHigh = Buffer.from(good);
  tooHigh[7] = 34;
  assert.equal(HyperLogLog.fromBase64(tooHigh.toString('base64')), null, 'register value 34');
  const max = Buffer.from(good);
  max[7] = 33;
  assert.ok(HyperLogLog.fromBase64(max.toString('base64')), 'register value 33 is still possible');
});
