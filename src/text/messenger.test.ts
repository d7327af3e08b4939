// Ids here are invented; none comes from a real recruitment message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractMessengerIds, type MessengerId } from './index.js';

const pairs = (text: string): Array<[MessengerId['service'], string | null]> =>
  extractMessengerIds(text).map((m) => [m.service, m.id]);

test('LINE ids: "LINE ID: x", "ラインID x", "LINEID:x", "@x" next to LINE', () => {
  assert.deepEqual(pairs('高収入!詳しくはLINE ID：job-example01 まで'), [['line', 'job-example01']]);
  assert.deepEqual(pairs('ラインのIDは example_job です'), [['line', 'example_job']]);
  assert.deepEqual(pairs('LINEID:abc123'), [['line', 'abc123']]);
  assert.deepEqual(pairs('LINEで @exjob123 を友だち追加'), [['line', '@exjob123']]);
  assert.deepEqual(pairs('ＬＩＮＥ　ＩＤ：ｅｘｊｏｂ９９'), [['line', 'exjob99']]);
});

test('LINE links: line.me/ti/p/… and lin.ee/…', () => {
  assert.deepEqual(pairs('https://line.me/ti/p/~job-example'), [['line', 'job-example']]);
  assert.deepEqual(pairs('line.me/R/ti/p/%40exjob'), [['line', '@exjob']]);
  assert.deepEqual(pairs('登録はこちら https://lin.ee/AbCd123'), [['line', 'AbCd123']]);
});

test('a bare mention of LINE is everyday usage and yields nothing', () => {
  assert.deepEqual(pairs('☆LINE登録者が『受給対象』となります LINEはこちら'), []);
  assert.deepEqual(pairs('LINE Payでのお支払い'), []);
  assert.deepEqual(pairs('オンラインでお手続き、ガイドラインをご確認'), []);
});

test('Telegram: t.me links, テレグラム with or without an id', () => {
  assert.deepEqual(pairs('t.me/quickjob_example'), [['telegram', 'quickjob_example']]);
  assert.deepEqual(pairs('https://t.me/+AbCdEf123'), [['telegram', '+AbCdEf123']]);
  assert.deepEqual(pairs('テレグラムで連絡ください ID: quick_job1'), [['telegram', 'quick_job1']]);
  assert.deepEqual(pairs('Telegram @quick_job2'), [['telegram', 'quick_job2']]);
  assert.deepEqual(pairs('詳細はテレグラムで'), [['telegram', null]]);
});

test('Signal, WhatsApp, Potato and others', () => {
  assert.deepEqual(pairs('シグナルで連絡'), [['signal', null]]);
  assert.deepEqual(pairs('Signal ID: job.01'), [['signal', 'job.01']]);
  assert.deepEqual(pairs('https://wa.me/12025550100'), [['whatsapp', '+12025550100']]);
  assert.deepEqual(pairs('WhatsAppで'), [['whatsapp', null]]);
  assert.deepEqual(pairs('Potatoのアカウント'), [['potato', null]]);
  assert.deepEqual(pairs('ポテトチャットID: potato_ex'), [['potato', 'potato_ex']]);
  assert.deepEqual(pairs('WeChatで'), [['other', null]]);
});

test('an id is given to the nearest service named before it', () => {
  assert.deepEqual(pairs('まずLINE ID: first_id、次にテレグラム ID: second_id'), [
    ['line', 'first_id'],
    ['telegram', 'second_id'],
  ]);
});

test('e-mail addresses, URL queries and ids far from any service are not messenger ids', () => {
  assert.deepEqual(pairs('お問い合わせ support@example.com LINE'), []);
  assert.deepEqual(pairs('https://example.com/?id=abc123 シグナル'), [['signal', null]]);
  assert.deepEqual(pairs('ご注文ID: ORDER12345 の商品を発送しました'), []);
});

test('never throws', () => {
  assert.deepEqual(extractMessengerIds(undefined as unknown as string), []);
  assert.deepEqual(extractMessengerIds('@'.repeat(1000)), []);
});
