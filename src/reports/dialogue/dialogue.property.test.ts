// Property tests: no text a phone can send makes the dialogue or the parsers throw, and whatever arrives, the
// bookkeeping holds — each report completes once, references never repeat, replies go only to the reporter
// who wrote, and the session table never outgrows its bound.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ReportDialogue, type CompletedReport } from './dialogue.js';
import { parseForwarded } from './forwarded.js';
import { parseSenderReply } from './sender-reply.js';

// Fragments that make random text look like forwards and sender replies, so the header and quote paths run.
const FRAGMENTS = [
  'Fwd:', 'FW:', '転送:', '転送メッセージ', '-----', '-----転送メッセージ-----', '> ', '＞', '「', '」', '『', '』',
  '差出人: ', 'From: ', '送信者：', 'Sender: ', 'からのメッセージ', '\n', '\r\n', ' ', '　', '090-1234-5678',
  '+81 90 1234 5678', '0005-12-3456', 'AMAZON', '2024/11/22 10:15', '昨日 午後3:05', 'https://x.top/a', '不明',
  'です', '送信元は', '【転送】', ':', '(', '<', '>', '\u200B', '\uD800', '😀', 'あ', '0', '7726',
];

const forwardish = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 4 })), { maxLength: 30 })
  .map((parts) => parts.join(''));

const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 300 }),
  forwardish,
);

test('onMessage never throws for any string', () => {
  const d = new ReportDialogue();
  fc.assert(
    fc.property(anyText, fc.constantFrom('+819011112222', '+818033334444'), (text, reporter) => {
      const step = d.onMessage(reporter, text, 1_700_000_000_000);
      assert.ok(step.replies.every((r) => r.to === reporter && r.text.length > 0));
    }),
    { numRuns: 2_000 },
  );
});

test('the parsers never throw and return well-formed values', () => {
  fc.assert(
    fc.property(anyText, (text) => {
      const f = parseForwarded(text);
      assert.equal(typeof f.body, 'string');
      assert.ok(f.originalSender === null || /^(?:\+\d{7,15}|0005\d{4,6}|[A-Z0-9 .\-_&+'!]{1,11})$/.test(f.originalSender));
      const r = parseSenderReply(text);
      assert.ok(r.kind !== 'sender' || r.sender.length > 0);
    }),
    { numRuns: 2_000 },
  );
});

test('any sequence of messages and ticks keeps the bookkeeping consistent', () => {
  const event = fc.record({
    reporter: fc.constantFrom('a', 'b', 'c', 'd'),
    text: anyText,
    dt: fc.integer({ min: 0, max: 4 * 60_000 }),
    tick: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.array(event, { maxLength: 40 }), (events) => {
      const d = new ReportDialogue({ maxSessions: 2, timeoutMs: 5 * 60_000 });
      const done: CompletedReport[] = [];
      let at = 1_700_000_000_000;
      for (const e of events) {
        at += e.dt;
        const steps = e.tick ? d.onTick(at) : [d.onMessage(e.reporter, e.text, at)];
        for (const s of steps) {
          if (!e.tick) assert.ok(s.replies.every((r) => r.to === e.reporter), 'replies go to the sender only');
          else assert.deepEqual(s.replies, [], 'ticks are silent');
          done.push(...s.completed);
        }
        assert.ok(d.openSessions <= 2);
      }
      for (const s of d.onTick(at + 10 * 60_000)) done.push(...s.completed);
      assert.equal(d.openSessions, 0, 'every session ends by timeout');
      assert.equal(new Set(done.map((r) => r.reference)).size, done.length, 'each report completes once');
      for (const r of done) {
        assert.ok(r.body !== '' && r.completedAt >= r.receivedAt);
        assert.equal(r.sender === null, r.senderSource === 'none');
      }
    }),
    { numRuns: 300 },
  );
});

test('hostile input stays fast: long header-like lines and bracket runs', () => {
  const inputs = [
    `${'Fwd: '.repeat(2_000)}x`,
    '「'.repeat(10_000),
    `${'> '.repeat(4_999)}x`,
    `From: ${'0'.repeat(9_990)}`,
    '-'.repeat(10_000),
    `${'1/1 '.repeat(2_500)}`,
    `${'\n'.repeat(5_000)}${'a\n'.repeat(2_500)}`,
  ];
  const d = new ReportDialogue();
  for (const text of inputs) {
    const started = performance.now();
    d.onMessage('+819011112222', text, 1_700_000_000_000);
    parseSenderReply(text);
    assert.ok(performance.now() - started < 200, `slow on ${JSON.stringify(text.slice(0, 20))}`);
  }
});
