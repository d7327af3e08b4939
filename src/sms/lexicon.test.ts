import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as lex from './lexicon.js';

const groups = Object.values(lex).filter((g): g is lex.LexiconGroup => typeof g === 'object' && g !== null && 'pattern' in g);

test('no lexicon group matches the empty string (a stray "?" would make every message match)', () => {
  assert.ok(groups.length >= 10);
  for (const g of groups) assert.equal(g.pattern.test(''), false, g.code);
  for (const g of groups) assert.equal(g.pattern.test('abc'), false, g.code);
});

test('each group fires on a typical phrase of its kind', () => {
  const cases: Array<[lex.LexiconGroup, string]> = [
    [lex.DELIVERY, 'お荷物をお届けにあがりましたが不在の為持ち帰りました'],
    [lex.ACCOUNT, 'お客様のアカウントで不正ログインを検知しました'],
    [lex.PAYMENT, 'ご利用料金が未納となっております'],
    [lex.REWARD, 'ポイントが本日失効します'],
    [lex.URGENCY, '本日中にご確認ください'],
    [lex.APP_INSTALL, '最新版のchromeをインストールしてください'],
    [lex.PREPAID, 'vプリカで支払ってください'],
    [lex.RECRUIT_STRONG, 'ホワイト案件です'],
    [lex.OTP, '認証コードは123456です'],
    [lex.PERSONAL, '了解、また明日ね'],
  ];
  for (const [g, text] of cases) assert.ok(g.pattern.test(text), `${g.code} should match ${text}`);
});
