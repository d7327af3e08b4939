// `mamoru subscribers import` as an operator runs it: a real process on a temporary data directory, then the store
// read back directly.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { mamoru, tempDirs } from './helpers/cli.js';
import { createPseudonymizer, DEVELOPMENT_PSEUDONYM_KEY, openStorage } from '../src/core/index.js';

const tempDir = tempDirs('mamoru-subs-');
const SAMPLE = resolve(import.meta.dirname, '../data/samples/subscribers.csv');

async function rows(dir: string) {
  const s = await openStorage({ dataDir: dir });
  try {
    return {
      subscribers: await s.db.selectFrom('subscribers').selectAll().orderBy('line').execute(),
      consent: await s.db.selectFrom('consent').selectAll().execute(),
      audit: await s.db.selectFrom('audit_log').selectAll().execute(),
    };
  } finally {
    await s.close();
  }
}

const lineKey = createPseudonymizer(DEVELOPMENT_PSEUDONYM_KEY);

test('the sample directory imports; bad lines are named and skipped; re-import updates; every form of a number is one line', async () => {
  const dir = tempDir();
  const sample = await mamoru(['subscribers', 'import', SAMPLE, '--data', dir]);
  assert.equal(sample.code, 0, sample.stderr);
  assert.deepEqual(JSON.parse(sample.stdout), { created: 20, updated: 0, optedOut: 0, failed: 0 });
  let db = await rows(dir);
  assert.equal(db.subscribers.length, 20);
  assert.ok(db.subscribers.every((r) => /^\+81[789]0\d{8}$/.test(r.line) && r.line_key === lineKey(r.line)), 'E.164 and its pseudonym');
  assert.ok(db.subscribers.every((r) => r.email === null || /@example\.(jp|com)$/.test(r.email)));

  const file = join(dir, 'update.csv');
  writeFileSync(file, [
    '\uFEFFline,contract_id,name,email,postal_code,address,channel,consent',
    '09000000001,C-100001,山田 太郎,new.address@example.jp,100-0001,東京都千代田区見本町1-1-1,sms,', // line 2: the same line as 090-0000-0001
    '+819000000002,C-100002,佐藤 花子,,〒1500002,"東京都渋谷区架空台2-3-4, 101",letter,opted_out', // line 3
    '090-1234,C-9,誰か,,,,,', // line 4: not a number
    '090-0000-0099,,名無し,,,,,', // line 5: no contract id
    '090-0000-0098,C-98,見本,not-an-address,,,,', // line 6
    '',
    '090-0000-0097,C-97,見本,,100-0001,,,', // line 8: postal code without address
    '090-0000-0096,C-96,見本,,,,fax,', // line 9
    '090-0000-0095,C-95,見本 五郎,goro@example.com,,,email,covered', // line 10: new
    '090-0000-0094,C-94,"見本, 四郎"', // line 11: too few cells
  ].join('\r\n'));
  const up = await mamoru(['subscribers', 'import', file, '--data', dir, '--actor', 'ops:alice']);
  assert.equal(up.code, 1, 'bad lines make the exit status 1');
  assert.deepEqual(JSON.parse(up.stdout), { created: 1, updated: 2, optedOut: 1, failed: 6 });
  const named = up.stderr.split('\n').filter((l) => l.startsWith('line ')).map((l) => l.split(':')[0]);
  assert.deepEqual(named, ['line 4', 'line 5', 'line 6', 'line 8', 'line 9', 'line 11']);
  assert.match(up.stderr, /line 4: INVALID_LINE/);
  assert.match(up.stderr, /line 5: VALIDATION_FAILED: contract_id is required/);
  assert.match(up.stderr, /line 6: VALIDATION_FAILED: email is not an e-mail address/);
  assert.ok(!up.stderr.includes('not-an-address') && !up.stderr.includes('090-1234'), 'values are never echoed');

  db = await rows(dir);
  assert.equal(db.subscribers.length, 21);
  const taro = db.subscribers.find((r) => r.line === '+819000000001')!;
  assert.deepEqual([taro.email, taro.channel], ['new.address@example.jp', 'sms'], 're-import updates, "09000000001" is 090-0000-0001');
  const hanako = db.subscribers.find((r) => r.line === '+819000000002')!;
  assert.deepEqual([hanako.postal_code, hanako.address, hanako.channel, hanako.email], ['150-0002', '東京都渋谷区架空台2-3-4, 101', 'letter', null]);
  assert.deepEqual(db.consent.map((c) => [c.line_key, c.status, c.source, c.changed_by]), [[lineKey('+819000000002'), 'opted_out', 'import', 'ops:alice']]);
  assert.ok(db.audit.some((e) => e.action === 'subscribers.import' && e.actor === 'ops:alice'));
  assert.ok(db.audit.every((e) => !e.target.includes('+81') && !(e.details ?? '').includes('+81')), 'no numbers in the audit log');

  // JSONL with the same keys.
  const jsonl = join(dir, 'more.jsonl');
  writeFileSync(jsonl, `${JSON.stringify({ line: '+81 70 0000 0011', contract_id: 'C-100011', name: '吉田 誠', email: 'makoto.y@example.jp', channel: 'email' })}\n{oops\n`);
  const j = await mamoru(['subscribers', 'import', jsonl, '--data', dir]);
  assert.deepEqual(JSON.parse(j.stdout), { created: 0, updated: 1, optedOut: 0, failed: 1 });
  assert.match(j.stderr, /line 2: INVALID_JSON/);

  const badHeader = join(dir, 'bad.csv');
  writeFileSync(badHeader, 'number,name\n09000000001,x\n');
  const h = await mamoru(['subscribers', 'import', badHeader, '--data', dir]);
  assert.equal(h.code, 1);
  assert.match(h.stderr, /FILE_UNREADABLE: the CSV header must be line,contract_id,name,email,postal_code,address,channel/);
});
