// docs/verdict-reasons.md must list every reason code the engine can emit, so an analyst can look any up.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const SMS = new URL('../src/sms/', import.meta.url).pathname;
/** Literals with a reason-like prefix that are not reason codes: indicator roles and kinds, a prefix test. */
const NOT_REASONS = new Set(['link', 'sender', 'sender_id', 'indicator_bad']);
const PREFIX = /'((?:indicator|disguised|link|lure|brand|sender|recruit|legit|call|callback|messenger|multiple|no|personal|spam|urgency|classifier)(?:_[a-z]+)*)'/g;

test('every reason code in the engine is documented', () => {
  const doc = readFileSync(new URL('../docs/verdict-reasons.md', import.meta.url), 'utf8');
  const files = readdirSync(SMS).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'));
  const codes = new Set<string>();
  for (const f of files) for (const m of readFileSync(join(SMS, f), 'utf8').matchAll(PREFIX)) if (!NOT_REASONS.has(m[1]!)) codes.add(m[1]!);
  assert.ok(codes.size > 30, `found only ${codes.size} codes`);
  const missing = [...codes].filter((c) => !doc.includes(`\`${c}\``));
  assert.deepEqual(missing, []);
});
