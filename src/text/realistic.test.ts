// Whole-message cases in the shapes real Japanese smishing, scam, recruitment and legitimate SMS take.
// All synthetic: written for this test after the patterns in quoted messages, with invented or example
// domains, ids and numbers from illustrative ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractMessengerIds, extractPhones, extractUrls, normalizeText } from './index.js';

interface Case {
  text: string;
  urls: string[];
  phones: string[];
  messengers?: string[];
}

const CASES: Case[] = [
  {
    text: 'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。https://kuroneko-example.top/abc',
    urls: ['https://kuroneko-example.top/abc'],
    phones: [],
  },
  {
    text: '【三菱UFJ銀行】お客様の口座取引を一時的に制限しています。本人確認をお願いします。https：／／ｍｕｆｇ－ｅｘａｍｐｌｅ．ｃｏｍ／ｌｏｇｉｎ',
    urls: ['https://mufg-example.com/login'],
    phones: [],
  },
  {
    text: '【Amazon】お支払い方法に問題があります。アカウントを更新してください。 https://amazon-co-jp.example-login.xyz/ap/signin?id=12',
    urls: ['https://amazon-co-jp.example-login.xyz/ap/signin?id=12'],
    phones: [],
  },
  {
    text: '【ａｕ】ご利用料金が高額になっています。ご確認が必要です。au-pay.example-bill[.]com/p?k=9z',
    urls: ['http://au-pay.example-bill.com/p?k=9z'],
    phones: [],
  },
  {
    text: 'ご利用料金の支払い確認が取れておりません。本日中に\n050-68○○-○○○○\nソフトバンクサポートセンター迄ご連絡下さい。',
    urls: [],
    phones: ['ip:05068:masked'],
  },
  {
    text: '有料動画の未納料金があります。本日中にご連絡無き場合は、法的手続きに移行致します。TEL:03-1234-5678 担当:佐藤',
    urls: [],
    phones: ['fixed:0312345678'],
  },
  {
    text: 'スマホだけで簡単に稼げる仕事です。日給4万円。詳細はテレグラムでID: quickjob_example まで',
    urls: [],
    phones: [],
    messengers: ['telegram:quickjob_example'],
  },
  {
    text: '即日払いのお仕事あります!興味ある方はLINEで友だち追加してください https://line.me/ti/p/~kasegu-example',
    urls: ['https://line.me/ti/p/~kasegu-example'],
    phones: [],
    messengers: ['line:kasegu-example'],
  },
  {
    text: '[セキュリティコード]482913\n[有効期限]09/05 22:00\n[ログイン先] ドコモメール(ブラウザ版)',
    urls: [],
    phones: [],
  },
  {
    text: 'カードのご利用確認で連絡がございます。0120-123-456までご連絡をお願いいたします。受付 9:00-18:00',
    urls: [],
    phones: ['freedial:0120123456'],
  },
  {
    text: '【重要】アカウントが一時停止されました。https://bit.ly/3ExAmPl から再開手続きを行ってください',
    urls: ['https://bit.ly/3ExAmPl'],
    phones: [],
  },
  {
    text: '不在のため荷物を持ち戻りました。再配達はこちら→ http://203.0.113.7/yamato?id=ab12。',
    urls: ['http://203.0.113.7/yamato?id=ab12'],
    phones: [],
  },
  {
    text: 'Microsoft アカウントのセキュリティ コードとして 2158992 を使います。利用日:2024年8月21日20:40 利用金額:81,008円',
    urls: [],
    phones: [],
  },
];

function phoneKey(p: { kind: string; national: string; valid: boolean }): string {
  return `${p.kind}:${p.national}${p.valid ? '' : ':masked'}`;
}

test('synthetic messages in real shapes: links, numbers and messenger ids', () => {
  for (const c of CASES) {
    assert.deepEqual(extractUrls(c.text).map((u) => u.url), c.urls, c.text);
    assert.deepEqual(extractUrls(normalizeText(c.text)).map((u) => u.url), c.urls, `normalised: ${c.text}`);
    assert.deepEqual(extractPhones(c.text).map(phoneKey), c.phones, c.text);
    assert.deepEqual(
      extractMessengerIds(c.text).map((m) => `${m.service}:${m.id ?? ''}`),
      c.messengers ?? [],
      c.text,
    );
  }
});
