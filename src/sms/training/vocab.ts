// Fillers shared by every family: dates, amounts, names, numbers, codes, emoji. Numbers are random digits in
// the right shape; they are not meant to reach anyone, and the classifier masks them anyway.

import { chance, digits, int, pick, type Rng } from './prng.js';
import type { Slots } from './template.js';

const SURNAMES = ['佐藤', '鈴木', '高橋', '田中', '伊藤', '渡辺', '山本', '中村', '小林', '加藤', '吉田', '山田', '佐々木', '山口', '松本', '井上', '木村', '林', '斎藤', '清水', '山崎', '森', '池田', '橋本', '阿部', '石川', '前田', '藤田', '小川', '岡田'];
const GIVEN = ['ゆい', 'さくら', 'はると', 'そうた', 'あおい', 'ゆうき', 'みゆ', 'けんた', 'りな', 'だいき', 'まい', 'しょうた', 'なな', 'こうき', 'あや', '翔', '美咲', '大輔', '直子', '健一', '由美', '拓也', '真由美', '亮'];
const WEEKDAYS = ['月', '火', '水', '木', '金', '土', '日'];
const EMOJI = ['😊', '😂', '🙏', '👍', '🎉', '✨', '💦', '😭', '🥺', '😅', '🙇‍♀️', '🙇', '❤️', '🍻', '🎍', '🐶', '☺️', '😆', '🤣', '💕', '⭐', '🌸', '🔥', '👀', '🙌', '😢', '🎂', '🚃', '☔', '🍰'];
const KAOMOJI = ['(笑)', 'w', 'ww', '笑', '(^^)', '(*^^*)', '(^_^;)', '(>_<)', '(´;ω;`)', '^^', '！！', '〜', '♪', '！'];
const LOCAL_SHOPS = ['美容室ハナ', 'ヘアサロン彩', 'さくら歯科クリニック', 'あおば整骨院', 'みどり内科', 'ひかり眼科', 'カフェ・ド・ソラ', '鈴木自動車', 'ネイルサロンLuna', 'こもれび保育園', 'やまぶき学習塾', '中央動物病院', 'クリーニングたなか', 'パン工房こむぎ', '焼肉まるいち', 'フィットネスONE', 'まつもと皮膚科', '花屋フルール', 'ふじ整体院', 'みなと不動産'];
const CITIES = ['世田谷区', '横浜市', '川崎市', 'さいたま市', '千葉市', '大阪市', '名古屋市', '福岡市', '札幌市', '仙台市', '神戸市', '京都市', '広島市', '練馬区', '江東区', '船橋市', '八王子市', '町田市', '豊中市', '堺市'];
const SCHOOLS = ['第一小学校', '桜台小学校', '南中学校', '緑ヶ丘中学校', 'ひまわり幼稚園', '青葉高校', '東小学校'];
const PLACES = ['駅', '改札', '駅前のスタバ', 'いつものとこ', 'コンビニ', '駐車場', '正面入口', '北口', '南口', 'ロータリー', '西口', 'イオン', 'ホーム'];
const FOODS = ['カレー', 'ハンバーグ', '鍋', 'パスタ', '焼き魚', '唐揚げ', 'ラーメン', 'お寿司', '餃子', 'オムライス'];

export function yen(rng: Rng, lo: number, hi: number): string {
  const v = int(rng, lo, hi);
  const rounded = v > 10000 && chance(rng, 0.5) ? Math.round(v / 100) * 100 : v;
  return chance(rng, 0.7) ? rounded.toLocaleString('en-US') : String(rounded);
}

export function monthDay(rng: Rng): string {
  const m = int(rng, 1, 12);
  const d = int(rng, 1, 28);
  return pick(rng, [`${m}月${d}日`, `${m}/${d}`, `${m}月${d}日(${pick(rng, WEEKDAYS)})`, `${m}/${d}(${pick(rng, WEEKDAYS)})`]);
}

export function clock(rng: Rng): string {
  const h = int(rng, 8, 21);
  const m = pick(rng, ['00', '00', '30', '15', '45', String(int(rng, 10, 59))]);
  return pick(rng, [`${h}:${m}`, `${h}時${m === '00' ? '' : `${m}分`}`]);
}

function dashed(rng: Rng, parts: string[]): string {
  return chance(rng, 0.7) ? parts.join('-') : parts.join('');
}

export const phones = {
  mobile: (rng: Rng) => dashed(rng, [pick(rng, ['090', '080', '070']), digits(rng, 4), digits(rng, 4)]),
  ip050: (rng: Rng) => dashed(rng, ['050', digits(rng, 4), digits(rng, 4)]),
  tokyo: (rng: Rng) => dashed(rng, ['03', digits(rng, 4), digits(rng, 4)]),
  osaka: (rng: Rng) => dashed(rng, ['06', digits(rng, 4), digits(rng, 4)]),
  local: (rng: Rng) => dashed(rng, [`0${int(rng, 4, 9)}${int(rng, 1, 9)}`, digits(rng, 3), digits(rng, 4)]),
  free: (rng: Rng) => dashed(rng, ['0120', digits(rng, 3), digits(rng, 3)]),
  navi: (rng: Rng) => dashed(rng, ['0570', digits(rng, 3), digits(rng, 3)]),
};

/** Slots every template may use. */
export function commonSlots(): Slots {
  return {
    date: monthDay,
    // A leading space half the time, so '7/8' + '11:45' does not read as '7/811:45'.
    time: (rng) => (chance(rng, 0.5) ? ' ' : '') + clock(rng),
    today: (rng) => pick(rng, ['本日', '今日', '本日', '明日']),
    amountSmall: (rng) => yen(rng, 120, 9800),
    amount: (rng) => yen(rng, 1000, 98000),
    amountBig: (rng) => yen(rng, 30000, 398000),
    surname: (rng) => pick(rng, SURNAMES),
    given: (rng) => pick(rng, GIVEN),
    code4: (rng) => digits(rng, 4),
    code6: (rng) => digits(rng, 6),
    code: (rng) => digits(rng, pick(rng, [4, 6, 6, 6, 5, 7, 8])),
    tracking: (rng) => (chance(rng, 0.5) ? `${digits(rng, 4)}-${digits(rng, 4)}-${digits(rng, 4)}` : digits(rng, 12)),
    orderNo: (rng) => `${digits(rng, 3)}-${digits(rng, 7)}-${digits(rng, 7)}`,
    phone050: phones.ip050,
    phoneFixed: (rng) => (chance(rng, 0.6) ? phones.tokyo(rng) : chance(rng, 0.5) ? phones.osaka(rng) : phones.local(rng)),
    phoneFree: phones.free,
    phoneNavi: phones.navi,
    phoneMobile: phones.mobile,
    emo: (rng) => pick(rng, EMOJI),
    emo2: (rng) => (chance(rng, 0.5) ? pick(rng, EMOJI) : pick(rng, KAOMOJI)),
    kao: (rng) => pick(rng, KAOMOJI),
    shop: (rng) => pick(rng, LOCAL_SHOPS),
    city: (rng) => pick(rng, CITIES),
    school: (rng) => pick(rng, SCHOOLS),
    place: (rng) => pick(rng, PLACES),
    food: (rng) => pick(rng, FOODS),
    n2: (rng) => String(int(rng, 2, 9)),
    n10: (rng) => String(int(rng, 10, 59)),
    pt: (rng) => yen(rng, 300, 12000),
    handle: (rng) => pick(rng, ['job', 'work', 'white', 'kasegu', 'money', 'yoru', 'baito', 'shigoto', 'rich', 'daily']) + pick(rng, ['_', '', '.', '-']) + digits(rng, int(rng, 2, 4)),
    hhmm: (rng) => `${int(rng, 0, 23)}:${String(int(rng, 0, 59)).padStart(2, '0')}`,
    mmdd: (rng) => `${String(int(rng, 1, 12)).padStart(2, '0')}/${String(int(rng, 1, 28)).padStart(2, '0')}`,
  };
}
