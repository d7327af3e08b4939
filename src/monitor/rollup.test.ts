// The roll-up buffer: what counts as a detected scam, which bucket (minute, hour, JST day) an event lands in, and
// whose sender goes into the infected-handset sketch — the numbers the public monitor shows.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { SmsVerdictV1 } from '../core/index.js';
import { invalidReason, RollupBuffer } from './index.js';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
/** 2026-11-19 03:20 UTC = 12:20 JST, a Thursday. */
const T0 = Date.UTC(2026, 10, 19, 3, 20);
/** 00:00 JST on 2026-11-19 = 15:00 UTC the day before. */
const JST_DAY_19 = Date.UTC(2026, 10, 18, 15);

function verdict(over: Partial<SmsVerdictV1> = {}): SmsVerdictV1 {
  return {
    verdictId: 'v1', at: T0, policy: 'network', action: 'block', score: 0.99, category: 'smishing', brand: 'ヤマト運輸', family: 'moqhao',
    fingerprint: 'tf1:0000', senderKey: 'p1:sender-a', senderType: 'phone', recipientKey: null, route: 'handset', reasonCodes: [], indicatorIds: [],
    ...over,
  };
}

/** The count under `${bucket}|${dim}|${key}` of one unit, 0 when absent. */
function count(b: ReturnType<RollupBuffer['take']>, unit: 'minute' | 'hour' | 'day', bucket: number, dim: string, key = ''): number {
  return b.counts[unit].get(`${bucket}|${dim}|${key}`) ?? 0;
}

function sumDim(b: ReturnType<RollupBuffer['take']>, unit: 'minute' | 'hour' | 'day', dim: string): number {
  let n = 0;
  for (const [k, v] of b.counts[unit]) if (k.split('|')[1] === dim) n += v;
  return n;
}

describe('RollupBuffer.addVerdict', () => {
  test('every verdict counts in all; only warn/block smishing or scam counts as a scam', () => {
    const b = new RollupBuffer();
    b.addVerdict(verdict({ action: 'block', category: 'smishing' }));
    b.addVerdict(verdict({ action: 'warn', category: 'smishing' }));
    b.addVerdict(verdict({ action: 'warn', category: 'scam', brand: null, family: null }));
    b.addVerdict(verdict({ action: 'allow', category: 'smishing' })); // the engine let it through: not "detected"
    b.addVerdict(verdict({ action: 'block', category: 'spam' }));
    b.addVerdict(verdict({ action: 'warn', category: 'recruitment' }));
    b.addVerdict(verdict({ action: 'allow', category: 'legit', brand: null, family: null }));
    assert.equal(b.size, 7);
    const t = b.take();
    for (const unit of ['minute', 'hour', 'day'] as const) {
      assert.equal(sumDim(t, unit, 'all'), 7, `${unit}: all`);
      assert.equal(sumDim(t, unit, 'scam'), 3, `${unit}: scam`);
    }
  });

  test('brands and families are counted for scams only, per hour and JST day (not per minute); a missing family is "unknown"', () => {
    const b = new RollupBuffer();
    b.addVerdict(verdict({ brand: 'ヤマト運輸', family: 'moqhao' }));
    b.addVerdict(verdict({ brand: 'ヤマト運輸', family: 'moqhao' }));
    b.addVerdict(verdict({ brand: 'NTTドコモ', family: 'keepspy' }));
    b.addVerdict(verdict({ category: 'scam', brand: null, family: null }));
    b.addVerdict(verdict({ action: 'allow', category: 'legit', brand: 'Google', family: null }));
    const t = b.take();
    const hour = Date.UTC(2026, 10, 19, 3);
    for (const [unit, bucket] of [['hour', hour], ['day', JST_DAY_19]] as const) {
      assert.equal(count(t, unit, bucket, 'brand', 'ヤマト運輸'), 2);
      assert.equal(count(t, unit, bucket, 'brand', 'NTTドコモ'), 1);
      assert.equal(count(t, unit, bucket, 'brand', 'Google'), 0, 'a legit message does not count for its brand');
      assert.equal(sumDim(t, unit, 'brand'), 3, 'the scam without a brand has no brand row');
      assert.equal(count(t, unit, bucket, 'family', 'moqhao'), 2);
      assert.equal(count(t, unit, bucket, 'family', 'keepspy'), 1);
      assert.equal(count(t, unit, bucket, 'family', 'unknown'), 1);
      assert.equal(sumDim(t, unit, 'family'), 4);
    }
    assert.equal(sumDim(t, 'minute', 'brand') + sumDim(t, 'minute', 'family'), 0);
  });

  test('buckets: minute and hour starts in UTC; the day is the JST day, so 23:30 UTC counts for the next day', () => {
    const b = new RollupBuffer();
    const late = Date.UTC(2026, 10, 18, 23, 30, 15); // 08:30 JST on the 19th
    const early = Date.UTC(2026, 10, 18, 14, 59, 59); // 23:59 JST on the 18th
    b.addVerdict(verdict({ at: late }));
    b.addVerdict(verdict({ at: early }));
    const t = b.take();
    assert.equal(count(t, 'minute', Date.UTC(2026, 10, 18, 23, 30), 'scam'), 1);
    assert.equal(count(t, 'hour', Date.UTC(2026, 10, 18, 23), 'scam'), 1);
    assert.equal(count(t, 'day', JST_DAY_19, 'scam'), 1, '23:30 UTC on the 18th is the 19th in Japan');
    assert.equal(count(t, 'day', JST_DAY_19 - DAY, 'scam'), 1, '14:59 UTC on the 18th is still the 18th in Japan');
    assert.equal(count(t, 'day', Date.UTC(2026, 10, 18), 'scam'), 0, 'no bucket at UTC midnight');
  });

  test('the infected sketch takes smishing from personal phone lines only, per hour and per JST day', () => {
    const b = new RollupBuffer();
    b.addVerdict(verdict({ senderKey: 'p1:a' }));
    b.addVerdict(verdict({ senderKey: 'p1:a' })); // the same line again
    b.addVerdict(verdict({ senderKey: 'p1:b', route: null })); // route unknown: still a personal line
    b.addVerdict(verdict({ senderKey: 'p1:agg', route: 'aggregator' }));
    b.addVerdict(verdict({ senderKey: 'p1:intl', route: 'international' }));
    b.addVerdict(verdict({ senderKey: 'p1:sid', senderType: 'sender_id' }));
    b.addVerdict(verdict({ senderKey: null, senderType: 'absent' }));
    b.addVerdict(verdict({ senderKey: 'p1:scam', category: 'scam' })); // a call-back scam, not malware
    b.addVerdict(verdict({ senderKey: 'p1:allowed', action: 'allow' }));
    const t = b.take();
    const hourSketch = t.sketches.get(`hour|${Date.UTC(2026, 10, 19, 3)}|infected`);
    const daySketch = t.sketches.get(`day|${JST_DAY_19}|infected`);
    assert.ok(hourSketch && daySketch);
    assert.equal(hourSketch.estimate(), 2, 'p1:a and p1:b');
    assert.equal(daySketch.estimate(), 2);
    assert.equal(t.sketches.size, 2, 'one hour and one day sketch, nothing else');
  });

  test('no sketch at all when no smishing came from a personal line', () => {
    const b = new RollupBuffer();
    b.addVerdict(verdict({ route: 'aggregator' }));
    b.addVerdict(verdict({ category: 'scam' }));
    assert.equal(b.take().sketches.size, 0);
  });
});

describe('RollupBuffer.addReport', () => {
  test('counts per channel (hour and JST day) and per campaign (JST day)', () => {
    const b = new RollupBuffer();
    b.addReport('7726', 'c1', T0);
    b.addReport('7726', 'c1', T0);
    b.addReport('web', null, T0);
    const t = b.take();
    assert.equal(count(t, 'hour', Date.UTC(2026, 10, 19, 3), 'reports', '7726'), 2);
    assert.equal(count(t, 'day', JST_DAY_19, 'reports', '7726'), 2);
    assert.equal(count(t, 'day', JST_DAY_19, 'reports', 'web'), 1);
    assert.equal(count(t, 'day', JST_DAY_19, 'campaign', 'c1'), 2);
    assert.equal(sumDim(t, 'day', 'campaign'), 2, 'a report with no campaign has no campaign row');
  });
});

describe('RollupBuffer.take and putBack', () => {
  test('take hands over everything and leaves the buffer empty', () => {
    const b = new RollupBuffer();
    b.addVerdict(verdict());
    const t = b.take();
    assert.equal(b.size, 0);
    assert.equal(b.counts.minute.size + b.counts.hour.size + b.counts.day.size + b.sketches.size, 0);
    assert.equal(sumDim(t, 'day', 'scam'), 1);
  });

  test('putBack after a failed write: the next take holds the old counts plus the new ones, sketches merged', () => {
    const b = new RollupBuffer();
    b.addVerdict(verdict({ senderKey: 'p1:a' }));
    b.addVerdict(verdict({ senderKey: 'p1:b' }));
    const failed = b.take();
    b.addVerdict(verdict({ senderKey: 'p1:b', at: T0 + MIN }));
    b.addVerdict(verdict({ senderKey: 'p1:c', at: T0 + MIN }));
    b.putBack(failed);
    assert.ok(b.size > 0, 'a buffer holding counts is not empty (the worker skips empty flushes)');
    const t = b.take();
    assert.equal(count(t, 'day', JST_DAY_19, 'scam'), 4);
    assert.equal(count(t, 'minute', T0, 'scam'), 2);
    assert.equal(count(t, 'minute', T0 + MIN, 'scam'), 2);
    assert.equal(t.sketches.get(`day|${JST_DAY_19}|infected`)?.estimate(), 3, 'p1:a, p1:b, p1:c: the repeated line once');
  });
});

describe('invalidReason', () => {
  const now = T0;
  test('a well-formed event is accepted, also one a little ahead of this clock (skew under an hour)', () => {
    assert.equal(invalidReason(verdict(), now), null);
    assert.equal(invalidReason(verdict({ at: now + 59 * MIN }), now), null);
    assert.equal(invalidReason(verdict({ at: now - 30 * DAY }), now), null);
  });

  test('refuses what cannot be counted, with the reason', () => {
    const { at: _at, ...noAt } = verdict();
    const cases: Array<[unknown, string]> = [
      [null, 'not_an_object'],
      ['a string', 'not_an_object'],
      [noAt, 'bad_time'],
      [verdict({ at: Number.NaN }), 'bad_time'],
      [verdict({ at: 0 }), 'bad_time'],
      [verdict({ at: -5 }), 'bad_time'],
      [{ ...verdict(), at: String(T0) }, 'bad_time'],
      [verdict({ at: now + HOUR + 1 }), 'future_time'],
      [verdict({ at: now + 2 * DAY }), 'future_time'],
      [{ ...verdict(), action: 'drop' }, 'bad_action'],
      [{ ...verdict(), action: undefined }, 'bad_action'],
      [{ ...verdict(), category: 7 }, 'bad_category'],
      [{ ...verdict(), brand: 42 }, 'bad_brand'],
      [{ ...verdict(), family: ['moqhao'] }, 'bad_family'],
    ];
    for (const [event, reason] of cases) assert.equal(invalidReason(event, now), reason, JSON.stringify(event));
  });
});
