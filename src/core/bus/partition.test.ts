import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AppError } from '../errors.js';
import { assignPartitions, parsePartitionList, partitionOf } from './partition.js';

/** The definition, written the slow way: FNV-1a 32 over the UTF-8 bytes. */
function reference(key: string, n: number): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(key)) h = Math.imul(h ^ b, 0x01000193);
  return (h >>> 0) % n;
}

test('partitionOf is FNV-1a over the UTF-8 bytes, for any string (lone surrogates as U+FFFD)', () => {
  fc.assert(fc.property(fc.string({ unit: 'binary' }), fc.integer({ min: 1, max: 1024 }), (key, n) => partitionOf(key, n) === reference(key, n)));
  for (const key of ['line-1', '090-1234-5678', 'アマゾン', '😀x', '\ud800', 'a\udc00b']) assert.equal(partitionOf(key, 1000), reference(key, 1000));
});

test('partitionOf is pinned: stored events depend on these values never changing', () => {
  // Changing the hash would move keys to other partitions while their older events wait on the old ones.
  // FNV-1a 32 test vectors ('a', 'foobar') and values for mamoru-like keys; n = 2^32 − 1 shows the raw hash.
  const raw = (k: string) => partitionOf(k, 2 ** 32 - 1);
  assert.equal(raw('a'), 0xe40c292c);
  assert.equal(raw('foobar'), 0xbf9cf968);
  assert.equal(raw('line-1'), 2859500573);
  assert.equal(raw('アマゾン'), 1816650142);
  assert.deepEqual(['line-0', 'line-1', 'line-2', 'line-3'].map((k) => partitionOf(k, 8)), [2, 5, 4, 7]);
  assert.equal(partitionOf(null, 8), 0, 'a null key is partition 0');
});

test('parsePartitionList reads ranges and lists, and names what is wrong', () => {
  assert.deepEqual(parsePartitionList('0-3', 8), [0, 1, 2, 3]);
  assert.deepEqual(parsePartitionList('6, 0,2-3,2', 8), [0, 2, 3, 6]);
  for (const bad of ['', '3-1', 'a', '0-8', '8', '-1', '1,,2']) {
    assert.throws(() => parsePartitionList(bad, 8), (e) => e instanceof AppError && e.code === 'CONFIG_INVALID', bad);
  }
});

test('assignPartitions: every accepted partition has exactly one member, deterministically, split evenly', () => {
  const all = assignPartitions([undefined, undefined], 8);
  assert.deepEqual(all, [0, 1, 0, 1, 0, 1, 0, 1]);
  assert.deepEqual(assignPartitions([new Set([0, 1, 2, 3]), new Set([4, 5, 6, 7])], 8), [0, 0, 0, 0, 1, 1, 1, 1]);
  assert.deepEqual(assignPartitions([new Set([1])], 4), [-1, 0, -1, -1], 'no member for a partition nobody accepts');
  assert.deepEqual(assignPartitions([], 2), [-1, -1]);
});
