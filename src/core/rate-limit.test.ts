import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RateLimiter } from './rate-limit.js';

test('a burst is allowed, then the sustained rate; keys are independent; the table is bounded', () => {
  const r = new RateLimiter({ perSecond: 2, burst: 3 }, 2);
  assert.deepEqual([0, 0, 0].map(() => r.take('a', 1000)), [0, 0, 0]);
  assert.equal(r.take('a', 1000), 500, 'one token comes back every 500 ms');
  assert.equal(r.take('a', 1500), 0);
  assert.equal(r.take('b', 1500), 0, 'another key has its own bucket');
  r.take('c', 1500);
  assert.equal(r.take('a', 1500), 0, 'a was dropped as the oldest (table of 2) and starts full again');
});
