import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderNotice, SMS_TARGET_CHARS, type NoticeTexts } from './templates.js';

const input = {
  noticeId: '01JAAAAAAAAAAAAAAAAAAAAAAA', noticeNo: 1, caseId: 'c', createdAt: 0, name: '見本 太郎', line: '+819012345678',
  facts: { flagged: 1234, firstAt: Date.parse('2026-01-05T00:30:00Z'), lastAt: Date.parse('2026-01-05T03:00:00Z'), family: 'keepspy' },
};
const texts: NoticeTexts = { carrierName: 'mamoru', officialSite: '公式サイト・公式アプリ', supportContact: '0120-000-000（24時間）', supportPhone: '0120-000-000' };

test('the SMS fits two parts and carries no link, also with a long carrier and site name', () => {
  const short = renderNotice(input, texts).sms;
  assert.ok(short.length <= SMS_TARGET_CHARS, String(short.length));
  assert.match(short, /本SMSにリンクはありません/);
  const long = renderNotice(input, { ...texts, carrierName: 'とても長い名前のモバイル通信サービス株式会社', officialSite: '公式アプリ「とても長い名前のアプリ」または公式ウェブサイト' }).sms;
  assert.ok(!long.includes('リンクはありません'), 'the optional sentence is dropped first');
  assert.ok(!/https?:/.test(short + long));
});

test('the e-mail text states counts, Japan-time span, the family, the last four digits and the reference; Japanese first', () => {
  const n = renderNotice(input, texts);
  assert.match(n.text, /末尾5678/);
  assert.match(n.text, /1,234件/);
  assert.match(n.text, /2026年1月5日 09:30 〜 2026年1月5日 12:00/);
  assert.match(n.text, /KeepSpy/);
  assert.match(n.text, /お知らせ番号：N-01JAAAAAAAAAAAAAAAAAAAAAAA/);
  assert.ok(n.text.indexOf('English') > n.text.indexOf('対処方法'));
  assert.equal(n.reference, 'N-01JAAAAAAAAAAAAAAAAAAAAAAA');
  assert.ok(!renderNotice({ ...input, facts: { ...input.facts, family: '<script>' } }, texts).text.includes('<script>'), 'an unexpected family name is left out');
});
