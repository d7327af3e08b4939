// The report dialogue end to end, on a ManualClock so that timeouts are exact and the tests take no time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError, ManualClock } from '../../core/index.js';
import { ReportDialogue, type CompletedReport, type DialogueStep } from './dialogue.js';
import { DIALOGUE_TEXTS } from './texts.js';

const ja = DIALOGUE_TEXTS.ja;
const ALICE = '+819011112222';
const BOB = '+818033334444';
const SCAM = '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。https://sagawa-xx.top/abc';
const SCAM2 = '【Amazon】お支払い方法に問題があります。https://amazon-xx.top/login';
const T0 = Date.UTC(2024, 10, 22, 1, 15);
const MIN = 60_000;

function only(step: DialogueStep): CompletedReport {
  assert.equal(step.completed.length, 1, 'exactly one report completes');
  return step.completed[0]!;
}

test('full dialogue: forward, ask, answer with the number, thanks with the reference', () => {
  const clock = new ManualClock(T0);
  const d = new ReportDialogue();

  const first = d.onMessage(ALICE, SCAM, clock.now());
  assert.deepEqual(first, { replies: [{ to: ALICE, text: ja.askSender() }], completed: [] });
  assert.equal(d.stateOf(ALICE, clock.now()), 'awaitingSender');

  clock.advance(2 * MIN);
  const second = d.onMessage(ALICE, '送信元は 090-1234-5678 です', clock.now());
  const report = only(second);
  assert.match(report.reference, /^R-[0-9A-HJKMNP-TV-Z]{26}$/);
  assert.deepEqual(report, {
    reference: report.reference,
    reporter: ALICE,
    body: SCAM,
    sender: '+819012345678',
    senderSource: 'reply',
    receivedAt: T0,
    completedAt: T0 + 2 * MIN,
  });
  assert.deepEqual(second.replies, [{ to: ALICE, text: ja.thanks(report.reference) }]);
  assert.equal(d.stateOf(ALICE, clock.now()), 'idle');
  assert.equal(d.openSessions, 0);
});

test('a forward that names its sender completes at once, with no question', () => {
  const d = new ReportDialogue();
  const step = d.onMessage(ALICE, `-----転送メッセージ-----\n差出人: 0005-12-3456\n\n${SCAM}`, T0);
  const report = only(step);
  assert.equal(report.sender, '0005123456');
  assert.equal(report.senderSource, 'forwarded');
  assert.equal(report.body, SCAM);
  assert.deepEqual(step.replies, [{ to: ALICE, text: ja.thanks(report.reference) }]);
  assert.equal(d.openSessions, 0);
});

test('timeout: the report still counts, with sender null, and ends silently', () => {
  const clock = new ManualClock(T0);
  const d = new ReportDialogue();
  d.onMessage(ALICE, SCAM, clock.now());

  clock.advance(10 * MIN - 1);
  assert.deepEqual(d.onTick(clock.now()), [], 'one ms before the timeout nothing expires');

  clock.advance(1);
  const steps = d.onTick(clock.now());
  assert.equal(steps.length, 1);
  assert.deepEqual(steps[0]!.replies, [], 'no unprompted SMS minutes later');
  const report = only(steps[0]!);
  assert.deepEqual([report.sender, report.senderSource, report.completedAt], [null, 'none', T0 + 10 * MIN]);
  assert.equal(d.openSessions, 0);
});

test('a late answer after the timeout, before any tick, starts afresh: the outcome does not depend on ticking', () => {
  const d = new ReportDialogue({ timeoutMs: 5 * MIN });
  d.onMessage(ALICE, SCAM, T0);
  const late = d.onMessage(ALICE, SCAM2, T0 + 6 * MIN);
  // The expired report completes without sender; the new text opens a new report.
  const expired = only(late);
  assert.deepEqual([expired.body, expired.sender, expired.senderSource], [SCAM, null, 'none']);
  assert.deepEqual(late.replies, [{ to: ALICE, text: ja.askSender() }]);
  assert.equal(d.stateOf(ALICE, T0 + 6 * MIN), 'awaitingSender');
});

test('an invalid answer gets one retry; a second invalid answer completes with sender null', () => {
  const d = new ReportDialogue();
  d.onMessage(ALICE, SCAM, T0);
  const retry = d.onMessage(ALICE, 'はい', T0 + MIN);
  assert.deepEqual(retry, { replies: [{ to: ALICE, text: ja.retrySender() }], completed: [] });

  const end = d.onMessage(ALICE, 'ええと', T0 + 2 * MIN);
  const report = only(end);
  assert.deepEqual([report.sender, report.senderSource], [null, 'none']);
  assert.deepEqual(end.replies, [{ to: ALICE, text: ja.thanks(report.reference) }], 'the reporter still gets the reference');
});

test('a valid answer after the retry is taken', () => {
  const d = new ReportDialogue();
  d.onMessage(ALICE, SCAM, T0);
  d.onMessage(ALICE, 'OK', T0 + MIN);
  const report = only(d.onMessage(ALICE, 'AMAZON', T0 + 2 * MIN));
  assert.deepEqual([report.sender, report.senderSource], ['AMAZON', 'reply']);
});

test('the retry restarts the timeout, so the second chance gets the full wait', () => {
  const d = new ReportDialogue({ timeoutMs: 10 * MIN });
  d.onMessage(ALICE, SCAM, T0);
  d.onMessage(ALICE, 'はい', T0 + 9 * MIN);
  assert.deepEqual(d.onTick(T0 + 12 * MIN), []);
  const report = only(d.onMessage(ALICE, '090-1234-5678', T0 + 12 * MIN));
  assert.equal(report.sender, '+819012345678');
});

test('"不明" ends the report at once, without a second question', () => {
  const d = new ReportDialogue();
  d.onMessage(ALICE, SCAM, T0);
  const step = d.onMessage(ALICE, 'わかりません', T0 + MIN);
  const report = only(step);
  assert.deepEqual([report.sender, report.senderSource], [null, 'none']);
  assert.deepEqual(step.replies, [{ to: ALICE, text: ja.thanks(report.reference) }]);
});

test('a new forwarded SMS while awaiting the sender completes the first and starts a second', () => {
  const d = new ReportDialogue();
  d.onMessage(ALICE, SCAM, T0);
  const step = d.onMessage(ALICE, SCAM2, T0 + MIN);
  const first = only(step);
  assert.deepEqual([first.body, first.sender, first.senderSource], [SCAM, null, 'none']);
  assert.deepEqual(step.replies, [{ to: ALICE, text: ja.askSender() }], 'one reply per message: the new question');

  const second = only(d.onMessage(ALICE, '+81 80-9999-0000', T0 + 2 * MIN));
  assert.deepEqual([second.body, second.sender], [SCAM2, '+818099990000']);
  assert.notEqual(second.reference, first.reference);
});

test('a new forward that names its sender while awaiting completes both reports', () => {
  const d = new ReportDialogue();
  d.onMessage(ALICE, SCAM, T0);
  const step = d.onMessage(ALICE, `Fwd: From: AMAZON\n${SCAM2}`, T0 + MIN);
  assert.deepEqual(
    step.completed.map((r) => [r.body, r.sender, r.senderSource]),
    [
      [SCAM, null, 'none'],
      [SCAM2, 'AMAZON', 'forwarded'],
    ],
  );
  assert.deepEqual(step.replies, [{ to: ALICE, text: ja.thanks(step.completed[1]!.reference) }]);
});

test('empty and oversized messages get a short error and open no session', () => {
  const d = new ReportDialogue();
  for (const text of ['', '   ', '\u200B', 'Fwd:', '-----転送メッセージ-----']) {
    assert.deepEqual(d.onMessage(ALICE, text, T0), { replies: [{ to: ALICE, text: ja.empty('7726') }], completed: [] }, text);
  }
  const huge = 'あ'.repeat(10_001);
  assert.deepEqual(d.onMessage(ALICE, huge, T0), { replies: [{ to: ALICE, text: ja.tooLong() }], completed: [] });
  assert.equal(d.openSessions, 0);
  // Exactly at the limit is still a report.
  assert.deepEqual(d.onMessage(ALICE, 'あ'.repeat(10_000), T0).replies, [{ to: ALICE, text: ja.askSender() }]);
});

test('an empty message while awaiting the sender leaves the pending report as it was', () => {
  const d = new ReportDialogue();
  d.onMessage(ALICE, SCAM, T0);
  assert.deepEqual(d.onMessage(ALICE, ' ', T0 + MIN).completed, []);
  assert.equal(only(d.onMessage(ALICE, '09012345678', T0 + 2 * MIN)).body, SCAM);
});

test('concurrent reporters are kept apart', () => {
  const d = new ReportDialogue();
  d.onMessage(ALICE, SCAM, T0);
  d.onMessage(BOB, SCAM2, T0 + 1);
  assert.equal(d.openSessions, 2);

  // Bob's answer completes Bob's report only, and the reply goes to Bob.
  const bob = d.onMessage(BOB, 'AMAZON', T0 + 2);
  assert.deepEqual([only(bob).reporter, only(bob).body, only(bob).sender], [BOB, SCAM2, 'AMAZON']);
  assert.ok(bob.replies.every((r) => r.to === BOB));
  assert.equal(d.stateOf(ALICE, T0 + 2), 'awaitingSender');

  const alice = d.onMessage(ALICE, '090-1234-5678', T0 + 3);
  assert.deepEqual([only(alice).reporter, only(alice).body, only(alice).sender], [ALICE, SCAM, '+819012345678']);
});

test('memory bound: when full, the longest-idle session completes to make room', () => {
  const d = new ReportDialogue({ maxSessions: 3 });
  for (const [i, r] of ['a1', 'a2', 'a3'].entries()) d.onMessage(r, SCAM, T0 + i);
  // a1 answers badly and so becomes the most recently active; a2 is now the oldest.
  d.onMessage('a1', 'はい', T0 + 10);
  const step = d.onMessage('a4', SCAM2, T0 + 11);
  assert.deepEqual(step.completed.map((r) => [r.reporter, r.sender, r.completedAt]), [['a2', null, T0 + 11]]);
  assert.deepEqual(step.replies, [{ to: 'a4', text: ja.askSender() }], 'the evicted reporter gets no SMS');
  assert.equal(d.openSessions, 3);
});

test('memory bound at the default size: 100,000 open sessions at most', () => {
  const d = new ReportDialogue();
  let evicted: CompletedReport[] = [];
  for (let i = 0; i <= 100_000; i++) evicted = d.onMessage(`r${i}`, 'x', T0 + i).completed;
  assert.equal(d.openSessions, 100_000);
  assert.deepEqual(evicted.map((r) => r.reporter), ['r0']);
});

test('reference ids are unique, also for reports received in the same millisecond', () => {
  const d = new ReportDialogue();
  const refs = new Set<string>();
  for (let i = 0; i < 10_000; i++) {
    for (const r of d.onMessage(`r${i}`, `From: AMAZON\n${SCAM}`, T0).completed) refs.add(r.reference);
  }
  assert.equal(refs.size, 10_000);
});

test('the short code is configurable and messages claiming to come from it are ignored', () => {
  const d = new ReportDialogue({ shortCode: '8888' });
  assert.deepEqual(d.onMessage(ALICE, '', T0).replies, [{ to: ALICE, text: ja.empty('8888') }]);
  // A gateway echoing the hub's own reply back must not start a dialogue with itself.
  assert.deepEqual(d.onMessage('8888', SCAM, T0), { replies: [], completed: [] });
  assert.deepEqual(d.onMessage('', SCAM, T0), { replies: [], completed: [] });
});

test('English replies on request', () => {
  const d = new ReportDialogue({ language: 'en' });
  assert.deepEqual(d.onMessage(ALICE, SCAM, T0).replies, [{ to: ALICE, text: DIALOGUE_TEXTS.en.askSender() }]);
});

test('invalid options and times are refused with an AppError', () => {
  for (const options of [{ shortCode: 'abc' }, { timeoutMs: 0 }, { maxSessions: 0 }, { timeoutMs: Number.NaN }]) {
    assert.throws(() => new ReportDialogue(options), (e) => e instanceof AppError && e.code === 'CONFIG_INVALID');
  }
  const d = new ReportDialogue();
  for (const at of [Number.NaN, -1, Number.POSITIVE_INFINITY]) {
    assert.throws(() => d.onMessage(ALICE, SCAM, at), (e) => e instanceof AppError && e.code === 'VALIDATION_FAILED');
    assert.throws(() => d.onTick(at), (e) => e instanceof AppError && e.code === 'VALIDATION_FAILED');
  }
});
