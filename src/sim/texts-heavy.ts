// Texts of heavy but legitimate senders: a small shop's promo with each customer's name, a club or PTA notice to
// its members, seasonal greetings or a change-of-number notice to a whole address book. They are sent from an
// ordinary handset to hundreds of people within an hour or two, often with a link or a phone number: on volume
// and timing alone they look like an infected handset, which is why they are in the ground truth.

import { jstDate, shortDate, DAY } from './calendar.js';
import type { Rng } from './prng.js';
import { compileAll, render, type Compiled, type Slots } from './template.js';

export type HeavyProfile = 'shop' | 'club' | 'greetings';

/** Kinds of shop, what they put on sale and what news they announce. */
const SHOP_KINDS: readonly { kinds: readonly string[]; sale: readonly string[]; news: readonly string[] }[] = [
  { kinds: ['美容室', 'ヘアサロン', 'ネイルサロン'], sale: ['カット+カラー', '全メニュー', 'トリートメント', 'ハンドジェル'], news: ['冬の新色が入りました', '新しいスタイリストが入りました', 'オンライン予約を始めました'] },
  { kinds: ['整骨院', '接骨院'], sale: ['初回施術', '骨盤矯正', '回数券'], news: ['土曜も夜8時まで営業します', '駐車場を増やしました'] },
  { kinds: ['洋菓子店', 'パン屋', 'カフェ'], sale: ['焼き菓子', 'ケーキ全品', 'モーニングセット'], news: ['限定スイーツが始まりました', 'クリスマスケーキのご予約を始めました', '新作パンが並びました'] },
  { kinds: ['八百屋', '酒店'], sale: ['新米', '地酒', 'みかん箱'], news: ['新米が入荷しました', '旬の柿が入荷しました', 'ボジョレーが入荷しました'] },
  { kinds: ['居酒屋'], sale: ['飲み放題', '宴会コース'], news: ['忘年会のご予約を受付中です', '冬の鍋メニューが始まりました'] },
  { kinds: ['花屋'], sale: ['ブーケ', '鉢植え'], news: ['お正月の花のご予約を始めました', 'シクラメンが入荷しました'] },
  { kinds: ['クリーニング店'], sale: ['コート・ダウン', 'ワイシャツ'], news: ['衣替えの保管サービスを始めました'] },
  { kinds: ['学習塾'], sale: ['冬期講習'], news: ['冬期講習のお申込みを受付中です', '無料体験授業を行います'] },
];
const SHOP_NAMES = ['さくら', 'ひまわり', 'みどり', 'あおい', 'はなみずき', 'こもれび', 'まるやま', 'たなか', 'ふじ', 'いろは', 'ことぶき', 'つばさ', 'Bloom', 'Lien', 'Sun'];
const CLUBS = ['{桜ヶ丘|東|緑が丘|南}小学校PTA', '{ひばり|若葉|青空}少年野球クラブ', '{FC|SC}{ひばり|みなと|あおば}', '{本町|栄町|旭町}{一丁目|二丁目}町内会', '{ママさん|シニア}バレー部', '{みどり|さくら}合唱団', '{中央|北}高校{40|35|30}期同窓会', '{マンション|団地}管理組合'];

function shopLink(rng: Rng, shopKey: string): string {
  const id = shopKey.toLowerCase();
  return rng.weighted(
    [`https://lin.ee/${rng.chars(7, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`, `https://beauty.hotpepper.jp/slnH000${rng.digits(6)}/`, `https://www.instagram.com/${id}/`, `https://${id}.jimdofree.com/`, `https://${id}.base.shop/`, `https://tabelog.com/tokyo/A13${rng.int(1, 20).toString().padStart(2, '0')}/A13${rng.digits(4)}/13${rng.digits(6)}/`],
    [4, 2, 3, 2, 2, 1],
  );
}

export interface HeavyIdentity {
  profile: HeavyProfile;
  /** Shop or club name as it appears in the texts. */
  title: string;
  /** A stable romanised key for the shop's links. */
  key: string;
  /** A fixed-line number (10 digits with the area code). */
  tel: string;
  /** What the shop puts on sale and the news it announces (empty for clubs and greetings). */
  sale: readonly string[];
  news: readonly string[];
}

function fixedLine(rng: Rng): string {
  return rng.weighted(
    [`0${rng.pick(['3', '6'])}-${rng.int(3000, 6999)}-${rng.digits(4)}`, `0${rng.int(11, 99)}-${rng.int(200, 999)}-${rng.digits(4)}`, `0${rng.int(120, 999)}-${rng.int(20, 99)}-${rng.digits(4)}`],
    [3, 5, 2],
  );
}

export function heavyIdentity(rng: Rng, profile: HeavyProfile): HeavyIdentity {
  const name = rng.pick(SHOP_NAMES);
  const shop = rng.pick(SHOP_KINDS);
  const kind = rng.pick(shop.kinds);
  const title = profile === 'shop' ? rng.weighted([`${kind}${name}`, `${name}${kind}`, `${kind} ${name}`], [2, 2, 1]) : render(compileAll([rng.pick(CLUBS)])[0]!, rng, {});
  const key = `${rng.pick(['salon', 'shop', 'hana', 'cafe', 'sakura', 'bloom', 'taiyo', 'marche'])}${rng.chars(4, 'abcdefghijkmnpqrstuvwxyz23456789')}`;
  return { profile, title, key, tel: fixedLine(rng), sale: profile === 'shop' ? shop.sale : [], news: profile === 'shop' ? shop.news : [] };
}

const SHOP_PROMOS = compileAll([
  '{name}様 いつもありがとうございます。{title}です。{month}月{限定|中}、{sale}が{10|15|20}%OFF{になります|です}。{ご予約はこちら|詳しくはこちら} {link}',
  '{name}様 {title}です。{news}！{ぜひお立ち寄りください|お待ちしております}。{tel}',
  '【{title}】{name}様 本日は{ポイント2倍デー|会員様感謝デー|タイムセール}です。{link}',
  '{name}様 先日はご来店ありがとうございました。{次回|お次の}ご予約{はこちらから|も承っております} {link}',
  '{title}より{name}様へ：{年末年始の営業日|臨時休業|営業時間変更}のお知らせです。詳しくは{{link}|{tel}までお電話ください}',
]);

const CLUB_NOTICES = compileAll([
  '【{title}】{date}の{練習|活動|集まり}は{9時|10時|13時}{集合|開始}です。{雨天中止の場合は朝7時に連絡します。|持ち物：飲み物・タオル}',
  '【{title}】{date}{の|、}{総会|役員会|清掃活動|防災訓練}のお知らせです。{出欠を|ご参加の可否を}{deadline}までにお返事ください。',
  '{title}です。{会費|参加費}{の集金|}は{deadline}{までにお願いします|締切です}。{ご不明点は{tel}まで。|}',
  '【{title}】{本日|明日}の{行事|試合|イベント}は{予定通り実施|雨のため中止}{します|となりました}。{詳細|写真}はこちら {link}',
]);

const GREETINGS_NEW_YEAR = compileAll([
  '{あけましておめでとうございます|明けましておめでとうございます|謹賀新年}{🎍|！|。}{昨年|旧年中}はお世話になりました。今年もよろしくお願いします{🙇|！|。}',
  'HAPPY NEW YEAR{🎍|！|✨} 今年も{よろしくね|よろしくお願いします}{！|😊}{皆さんにとって良い一年になりますように。|}',
]);
const GREETINGS_OTHER = compileAll([
  '{ご無沙汰しております|お元気ですか}。{携帯の番号|電話番号}が{変わりました|新しくなりました}。{この番号を登録|登録の変更を}お願いします{🙇|。}{name}',
  '{皆さま|みなさん}{こんにちは|こんばんは}。{引っ越しました|転居しました}！{新住所は追って連絡します|近くに来たら寄ってください}{😊|。} {name}',
  '{寒くなってきました|朝晩冷えるようになりました}が{お変わりありませんか|いかがお過ごしですか}。{本年もお世話になりました|今年もあと少しですね}。{name}',
  '{暑中お見舞い申し上げます|残暑お見舞い申し上げます}。{暑い日が続きますが|まだまだ暑いですが}{ご自愛ください|お体に気をつけて}。{name}',
  '{メリークリスマス|Merry Christmas}{🎄|！}{素敵な週末を|よいお年を}{✨|。}',
]);

export interface HeavySlotsInput {
  identity: HeavyIdentity;
  senderName: string;
  ms: number;
}

/** The template of one event; every message of the event uses it (the recipient's name changes per message). */
export function heavyTemplate(rng: Rng, profile: HeavyProfile, ms: number): Compiled {
  if (profile === 'shop') return rng.pick(SHOP_PROMOS);
  if (profile === 'club') return rng.pick(CLUB_NOTICES);
  const d = jstDate(ms);
  if (d.month === 1 && d.day <= 3) return rng.pick(GREETINGS_NEW_YEAR);
  const other = GREETINGS_OTHER;
  // Summer greetings only in summer, Christmas only in December; the number change and news fit any time.
  const fits = other.filter((_, i) => i < 2 || (i === 2 && d.month >= 10) || (i === 3 && d.month >= 7 && d.month <= 9) || (i === 4 && d.month === 12));
  return rng.pick(fits);
}

export function heavySlots(input: HeavySlotsInput, eventRng: Rng): Slots {
  const { identity, ms } = input;
  const link = shopLink(eventRng, identity.key);
  const days = eventRng.int(3, 9);
  const later = shortDate(ms + DAY * days);
  const deadline = shortDate(ms + DAY * eventRng.int(1, days - 1));
  const sale = identity.sale.length > 0 ? eventRng.pick(identity.sale) : '';
  const news = identity.news.length > 0 ? eventRng.pick(identity.news) : '';
  return {
    // The sender's own name (greetings); shops and clubs replace it with the recipient's name per message.
    name: () => input.senderName,
    title: () => identity.title,
    month: () => String(jstDate(ms).month),
    link: () => link,
    tel: () => identity.tel,
    date: () => later,
    deadline: () => deadline,
    sale: () => sale,
    news: () => news,
  };
}
