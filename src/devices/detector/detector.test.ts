import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock, type SmsVerdictV1 } from '../../core/index.js';
import { InfectionDetector, type CaseChange } from './detector.js';
import { SLOT_BYTES } from './line-table.js';

const T0 = Date.parse('2026-11-02T01:00:00Z'); // 10:00 JST

function ev(over: Partial<SmsVerdictV1> & { at: number }): SmsVerdictV1 {
  return {
    verdictId: `v${over.at}`, policy: 'network', action: 'block', score: 0.98, category: 'phishing', brand: 'sagawa', family: 'moqhao',
    fingerprint: 'tf1:aaaa', senderKey: 'p1:infected', senderType: 'phone', route: 'handset', reasonCodes: [], indicatorIds: [],
    recipientKey: `p1:r${over.at}`, ...over,
  };
}

function run(d: InfectionDetector, clock: ManualClock, events: SmsVerdictV1[]): CaseChange[] {
  const out: CaseChange[] = [];
  for (const e of events) {
    clock.set(e.at);
    const c = d.observe(e, e.verdictId);
    if (c) out.push(c);
  }
  return out;
}

void test('a burst of filtered messages to many recipients opens one case before the 20th message, with evidence and no bodies', () => {
  const clock = new ManualClock(T0);
  const d = new InfectionDetector({ clock });
  const events = Array.from({ length: 40 }, (_, i) => ev({ at: T0 + i * 30_000, fingerprint: `tf1:${i % 3}` }));
  const changes = run(d, clock, events);
  const opened = changes.filter((c) => c.type === 'opened');
  assert.equal(opened.length, 1);
  const c = opened[0]!.case;
  const nth = events.findIndex((e) => e.at === c.openedAt) + 1;
  assert.ok(nth > 0 && nth < 20, `opened at message ${nth}`);
  assert.equal(c.family, 'moqhao');
  assert.equal(c.lineKey, 'p1:infected');
  assert.ok(c.evidence.score >= 0.95);
  assert.ok(c.evidence.distinctRecipients >= nth - 2);
  assert.deepEqual(c.evidence.brands, ['sagawa']);
  assert.ok(c.evidence.reasons.some((r) => r.code === 'flagged_volume'));
  assert.ok(!JSON.stringify(c).includes('body'));
  assert.ok(changes.some((x) => x.type === 'grown'), 'reported again once the flagged total doubled');
});

void test('heavy legitimate senders and normal lines with an odd false positive open no case', () => {
  const clock = new ManualClock(T0);
  const d = new InfectionDetector({ clock });
  // A shop: 250 allowed messages in an hour to 250 customers.
  const shop = Array.from({ length: 250 }, (_, i) => ev({ at: T0 + i * 14_000, action: 'allow', family: null, brand: null, senderKey: 'p1:shop', recipientKey: `p1:c${i}` }));
  // A chatty line with 4 misfiled messages among 60.
  const chat = Array.from({ length: 60 }, (_, i) => ev({ at: T0 + i * 50_000, action: i % 15 === 0 ? 'warn' : 'allow', senderKey: 'p1:chat', recipientKey: `p1:f${i % 3}` }));
  // Someone forwarding one scam to the same two people again and again.
  const fwd = Array.from({ length: 12 }, (_, i) => ev({ at: T0 + i * 60_000, senderKey: 'p1:fwd', recipientKey: `p1:m${i % 2}` }));
  const changes = run(d, clock, [...shop, ...chat, ...fwd].sort((a, b) => a.at - b.at));
  assert.deepEqual(changes, []);
});

void test('bad events are counted by reason and change nothing', () => {
  const clock = new ManualClock(T0);
  const d = new InfectionDetector({ clock });
  const bad: unknown[] = [
    null, 'x', {}, { ...ev({ at: T0 }), at: 'soon' }, { ...ev({ at: T0 }), action: 'drop' }, { ...ev({ at: T0 }), senderKey: 42 },
    ev({ at: T0, senderKey: null }), ev({ at: T0, senderType: 'sender_id' }), ev({ at: T0, route: 'aggregator' }),
  ];
  for (const b of bad) assert.equal(d.observe(b), null);
  // 40 filtered events stamped 10 minutes in the future, and 40 from two days ago: none may open a case.
  for (let i = 0; i < 40; i++) assert.equal(d.observe(ev({ at: T0 + 600_000 + i, recipientKey: `p1:q${i}` })), null);
  for (let i = 0; i < 40; i++) assert.equal(d.observe(ev({ at: T0 - 2 * 86_400_000 + i, recipientKey: `p1:o${i}` })), null);
  const s = d.stats();
  assert.equal(s.invalid, 6);
  assert.equal(s.not_a_line, 3);
  assert.equal(s.future, 40);
  assert.equal(s.stale, 40);
  assert.equal(s.processed, 0);
  assert.equal(s.activeLines, 0);
  assert.equal(s.casesOpened, 0);
});

void test('events out of order by minutes still count; a repeated event id counts once', () => {
  const clock = new ManualClock(T0 + 3_600_000);
  const d = new InfectionDetector({ clock });
  const events = Array.from({ length: 20 }, (_, i) => ev({ at: T0 + i * 60_000 }));
  const shuffled = [...events].sort((a, b) => ((a.at * 7919) % 13) - ((b.at * 7919) % 13));
  let opened = 0;
  for (const e of shuffled) {
    if (d.observe(e, e.verdictId)?.type === 'opened') opened++;
    assert.equal(d.observe(e, e.verdictId), null);
  }
  assert.equal(opened, 1);
  assert.equal(d.stats().duplicate, 20);
  assert.equal(d.stats().processed, 20);
});

void test('an analyst close forgets the line: the next message does not reopen a case, new evidence does', () => {
  const clock = new ManualClock(T0);
  const d = new InfectionDetector({ clock });
  run(d, clock, Array.from({ length: 20 }, (_, i) => ev({ at: T0 + i * 20_000 })));
  assert.ok(d.closeCase('p1:infected'));
  const next = run(d, clock, [ev({ at: T0 + 21 * 20_000, verdictId: 'after-1' })]);
  assert.deepEqual(next, []);
  const more = run(d, clock, Array.from({ length: 15 }, (_, i) => ev({ at: T0 + (22 + i) * 20_000, verdictId: `after-${i + 2}`, recipientKey: `p1:n${i}` })));
  const opened = more.filter((c) => c.type === 'opened');
  assert.equal(opened.length, 1);
  assert.ok(opened[0]!.case.evidence.flaggedTotal < 16, 'the new case counts only the new evidence');
});

void test('a case closes when sending stops; an opted-out line never gets one', () => {
  const clock = new ManualClock(T0);
  const d = new InfectionDetector({ clock, isExcluded: (k) => k === 'p1:optout' });
  run(d, clock, Array.from({ length: 30 }, (_, i) => ev({ at: T0 + i * 20_000 })));
  run(d, clock, Array.from({ length: 30 }, (_, i) => ev({ at: T0 + i * 20_000, senderKey: 'p1:optout', verdictId: `o${i}` })));
  assert.equal(d.stats().openCases, 1);
  assert.ok(d.stats().excluded > 0);
  assert.deepEqual(d.sweep(T0 + 3 * 3_600_000), []);
  const closed = d.sweep(T0 + 7 * 3_600_000);
  assert.equal(closed.length, 1);
  assert.equal(closed[0]!.case.closeReason, 'sending_stopped');
  assert.equal(d.stats().openCases, 0);
});

void test('a line exported and imported into a new detector continues where it was, without reopening its case', () => {
  const clock = new ManualClock(T0);
  const a = new InfectionDetector({ clock });
  const first = run(a, clock, Array.from({ length: 25 }, (_, i) => ev({ at: T0 + i * 30_000 })));
  assert.equal(first.filter((c) => c.type === 'opened').length, 1);
  const dirty = a.takeDirty();
  assert.equal(dirty.length, 1);
  const b = new InfectionDetector({ clock });
  assert.ok(b.importLine('p1:infected', dirty[0]!.state!));
  assert.equal(b.importLine('p1:other', { table: 'AAAA', extras: null }), false, 'a corrupt row is refused');
  assert.equal(b.importLine('p1:other', { table: dirty[0]!.state!.table, extras: '{}' }), false, 'extras without their fields are refused');
  assert.equal(b.importLine('p1:other', { table: dirty[0]!.state!.table, extras: 'not json' }), false);
  assert.equal(b.openCase('p1:other'), undefined);
  const again = run(b, clock, Array.from({ length: 10 }, (_, i) => ev({ at: T0 + (25 + i) * 30_000 })));
  assert.equal(b.stats().activeLines, 1, 'the refused rows left nothing behind');
  assert.equal(again.filter((c) => c.type === 'opened').length, 0);
  assert.equal(b.openCase('p1:infected')?.id, first[0]!.case.id);
  assert.equal(Buffer.from(dirty[0]!.state!.table, 'base64').length, SLOT_BYTES);
});
