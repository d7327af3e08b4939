// Smishing as the infected handsets send it (DESIGN §1). Each campaign variant is one lure: a brand, one wording
// drawn from a lure template with its alternatives fixed, and a fresh throw-away link (a look-alike domain on a
// cheap TLD, a dynamic-DNS or free-hosting subdomain, sometimes a bare IP), written the way real lures write it
// to slip past filters: without a scheme, with spaces, or in full-width characters. Bare IPs are taken only from
// the documentation ranges (RFC 5737), so no generated link points at a real machine.

import type { Rng } from './prng.js';
import { compileAll, render, type Compiled, type Slots } from './template.js';

export type Family = 'moqhao' | 'keepspy';

interface Brand {
  name: string;
  /** How the brand is written in the lure's tag. */
  tags: readonly string[];
  /** Look-alike stems for hosts. */
  stems: readonly string[];
  weight: number;
}

const b = (name: string, weight: number, tags: string[], stems: string[]): Brand => ({ name, weight, tags, stems });

export const BRANDS: Readonly<Record<Family, readonly Brand[]>> = {
  moqhao: [
    b('佐川急便', 5, ['【佐川急便】', '佐川急便より', '[佐川急便]', '佐川急便：'], ['sagawa', 'sagawa-exp', 'sgw', 'sagawa-ex', 'sagawaexp']),
    b('ヤマト運輸', 5, ['【ヤマト運輸】', 'ヤマト運輸です。', '(ヤマト運輸)', 'クロネコヤマト：'], ['yamato', 'kuroneko', 'kuronekoyamato', 'yamato-unyu', 'kuroneko-ymt']),
    b('日本郵便', 4, ['【日本郵便】', '日本郵便より', '[郵便局]', 'ゆうパック：'], ['japanpost', 'jppost', 'post-jp', 'yubin', 'jp-post']),
    b('Amazon', 1, ['【Amazon】', 'Amazon配送センター：'], ['amazon', 'amazon-jp', 'amzn']),
    b('福山通運', 0.5, ['【福山通運】'], ['fukutsu', 'fukuyama-tsuun']),
  ],
  keepspy: [
    b('SoftBank', 6, ['【SoftBank】', '[ソフトバンク]', 'ソフトバンクより'], ['softbank', 'sbm', 'my-softbank', 'softbank-jp', 'sb-mobile']),
    b('au', 3, ['【au】', '[KDDI]', 'au お客さまセンター：'], ['au', 'kddi', 'auone', 'au-pay', 'myau']),
    b('docomo', 3, ['【NTTドコモ】', '[docomo]', 'ドコモより'], ['docomo', 'dcm', 'd-account', 'dpoint', 'mydocomo']),
    b('三井住友銀行', 2, ['【三井住友銀行】', '三井住友銀行：'], ['smbc', 'smbc-bk', 'smbc-direct']),
    b('三菱UFJ銀行', 2, ['【三菱UFJ銀行】', 'MUFG：'], ['mufg', 'bk-mufg', 'mufg-jp']),
    b('ゆうちょ銀行', 1.5, ['【ゆうちょ銀行】', 'ゆうちょ銀行より'], ['jp-bank', 'yucho', 'jpbank']),
    b('イオン', 1, ['【イオンカード】', 'イオンより'], ['aeon', 'aeoncard', 'aeon-jp']),
    b('国税庁', 0.5, ['【国税庁】', '国税庁より'], ['nta', 'e-tax', 'nta-go']),
  ],
};

const MOQHAO: Compiled[] = compileAll([
  '{tag}{お客様|ご本人様}{宛の|の}お荷物を{お届けに参りましたが|配達しましたが}、{ご不在|ご不在のよう}でした。{再配達|お受け取り}{のお手続きは|は}{こちら|下記URL}{：|から|}{url}',
  '{【不在通知】|不在通知：|[不在のお知らせ]}{tag}{お荷物|配達物}を{持ち帰りました|お預かりしています}。{ご確認|詳細}は{url}',
  '{tag}{ご住所|お届け先}{に不備がある|が確認できない}ため、{お荷物|荷物}を{お届けできません|配達できずにいます}。{住所の確認|情報の更新}を{お願いします|してください}{。|} {url}',
  '{tag}{保管期限|お預かり期限}が{本日|明日}{まで|で終了}です。{期限を過ぎると|過ぎた場合}{返送|処分}{されます|となります}。{url}',
  '{tag}{海外からの|}お荷物に{関税|送料}{{200|300|420|500}円|}の{未払い|不足}があります。{お支払い|手続き}{はこちら|をお願いします}{url}',
  '{tag}{お届け予定|配達予定}の{お荷物|お品物}があります。{配達日時|受取方法}を{ご指定|選択}ください{。|}{url}',
  '{tag}{ご注文の|お客様の}{荷物|商品}は{配送に失敗しました|返送予定となりました}。{url}{ にて確認してください|}',
  '{tag}{本日|先ほど}伺いましたが{ご不在|お留守}でした。{配達員|ドライバー}{より|}{再配達|ご連絡}{のご案内|}{：|} {url}',
]);

const KEEPSPY: Compiled[] = compileAll([
  '{tag}{ご利用料金|今月のご請求|携帯料金}のお支払いが{確認できません|確認できておりません}。{本日中に|至急}{お手続き|お支払い}{ください|をお願いします}。{url}',
  '{tag}{お客様の|}{アカウント|ご契約}が{一時停止|利用停止}{されました|となりました}。{解除|再開}{するには|は}{こちら|下記}{：|から}{url}',
  '{tag}{保有|ご利用}ポイント{{2,500|3,800|5,000|12,000}pt|}が{本日|今月末}{失効|に失効}します。{今すぐ|お早めに}{交換|ご確認}{ください|を}{url}',
  '{tag}{セキュリティ情報|ご登録情報|ご本人様情報}の{確認|更新}が{必要です|完了していません}。{ログイン|お手続き}{はこちら|をお願いします}{url}',
  '{tag}{お客様の口座|ご登録のカード}で{不審な|第三者による}{取引|ご利用}を{検知しました|確認しました}。{ご確認|お手続き}{ください|を}{url}',
  '{tag}{口座|お取引}を{一時的に|}{制限|凍結}しました。{本人確認|情報の再登録}を{お願いします|完了してください}{。|}{url}',
  '{tag}{税金|所得税|住民税}の{還付金|払い戻し}{があります|のお知らせ}。{受け取り|申請}{期限|は}{本日|3日以内}{まで|}{。|}{url}',
  '{tag}{ご利用明細|お支払い情報|ご契約内容}{に関する|の}{重要なお知らせ|確認のお願い}{があります|}。{url}',
]);

const CHEAP_TLDS = ['top', 'xyz', 'icu', 'cn', 'shop', 'cc', 'vip', 'sbs', 'cfd', 'buzz', 'bond', 'cyou', 'club', 'online', 'site', 'life', 'asia', 'mobi', 'pw', 'wang'];
const MOQHAO_TLDS = ['cn', 'cn', 'top', 'xyz', 'icu', 'cc', 'com'];
const TAILS = ['jp', 'co', 'net', 'info', 'help', 'center', 'kakunin', 'login', 'user', 'auth', 'my', 'post', 'check', 'secure'];
const DYNDNS = ['duckdns.org', 'ddns.net', 'hopto.org', 'dynv6.net'];
const FREEHOST = ['web.app', 'pages.dev', 'firebaseapp.com', 'netlify.app', 'weebly.com'];
const TEST_NETS = ['192.0.2.', '198.51.100.', '203.0.113.'];
const ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh throw-away host for one variant. */
function lureHost(rng: Rng, family: Family, brand: Brand): string {
  const stem = rng.pick(brand.stems);
  const tld = family === 'moqhao' && rng.chance(0.5) ? rng.pick(MOQHAO_TLDS) : rng.pick(CHEAP_TLDS);
  switch (rng.weighted(['look', 'lookrand', 'random', 'dyndns', 'free', 'ip'], [30, 25, 18, 10, 9, 8])) {
    case 'look': return `${rng.chance(0.2) ? rng.pick(['www.', 'm.', 'jp.']) : ''}${stem}${rng.pick(['-', '', '.'])}${rng.pick(TAILS)}.${tld}`;
    case 'lookrand': return `${stem}-${rng.chars(rng.int(2, 5), ALNUM)}.${tld}`;
    case 'random': return `${rng.chars(rng.int(4, 9), rng.chance(0.4) ? ALNUM : 'abcdefghijklmnopqrstuvwxyz')}.${tld}`;
    case 'dyndns': return `${rng.chance(0.5) ? stem : rng.chars(6, ALNUM)}${rng.chars(rng.int(0, 3), ALNUM)}.${rng.pick(DYNDNS)}`;
    case 'free': return `${stem}-${rng.chars(rng.int(3, 6), ALNUM)}.${rng.pick(FREEHOST)}`;
    default: return `${rng.pick(TEST_NETS)}${rng.int(1, 254)}`;
  }
}

const PATHS = ['', '', '', '/', '/jp', '/login', '/index.html', '/mypage', '/kakunin', '/redelivery', '/pay', '/user', '/?id=', '/s/', '/m/'];

type UrlStyle = 'plain' | 'bare' | 'space' | 'fullwidthDot' | 'fullwidthAll' | 'http';

const FW_OFFSET = 0xfee0;
const toFullWidth = (s: string): string => s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + FW_OFFSET));

function styleUrl(scheme: string, host: string, path: string, style: UrlStyle, rng: Rng): string {
  switch (style) {
    case 'bare': return `${host}${path}`;
    case 'http': return `http://${host}${path}`;
    case 'space': {
      const dot = host.lastIndexOf('.');
      return rng.chance(0.5) ? `${scheme}${host.slice(0, dot)} ${host.slice(dot)}${path}` : `${scheme} ${host}${path}`;
    }
    case 'fullwidthDot': return `${scheme}${host.replace(/\./g, '．')}${path}`;
    case 'fullwidthAll': return toFullWidth(`${scheme}${host}${path}`);
    default: return `${scheme}${host}${path}`;
  }
}

export interface Variant {
  /** Stable id: family, day, index. */
  id: string;
  family: Family;
  brand: string;
  host: string;
  /** The body of one message; a per-message token is drawn from `rng` when the variant's links carry one. */
  body(rng: Rng): string;
}

/** One campaign variant; everything is drawn from `rng`, so (seed, family, day, index) fixes it. */
export function makeVariant(rng: Rng, family: Family, id: string, brand: Brand): Variant {
  const host = lureHost(rng, family, brand);
  const path = rng.pick(PATHS);
  const tokenPerMessage = path.endsWith('=') || path.endsWith('/s/') || path.endsWith('/m/');
  const style = rng.weighted<UrlStyle>(['plain', 'bare', 'space', 'fullwidthDot', 'fullwidthAll', 'http'], [45, 18, 12, 10, 6, 9]);
  const scheme = rng.chance(0.85) ? 'https://' : 'http://';
  const template = rng.pick(family === 'moqhao' ? MOQHAO : KEEPSPY);
  const tag = rng.chance(0.85) ? rng.pick(brand.tags) : '';
  // Fix the wording once per variant: render with a marker for the link, then split around it.
  const slots: Slots = { tag: () => tag, url: () => '\u0000' };
  const text = render(template, rng, slots);
  const gap = rng.chance(0.3) ? (rng.chance(0.5) ? '\n' : ' ') : '';
  const [before, after] = text.split('\u0000') as [string, string];
  const fixedUrl = styleUrl(scheme, host, path, style, rng);
  return {
    id,
    family,
    brand: brand.name,
    host,
    body(r: Rng): string {
      const url = tokenPerMessage ? `${fixedUrl}${r.chars(r.int(4, 8), ALNUM)}` : fixedUrl;
      return `${before}${gap}${url}${after ?? ''}`;
    },
  };
}
