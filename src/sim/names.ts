// Synthetic Japanese identities for the subscriber directory and for the names small shops put in their promos.
// Everything is a pure function of a hash, so the name a shop writes to a customer is the name in the directory.
// Addresses use real prefectures and cities with invented block numbers; e-mail addresses use only the
// reserved example.jp / example.com domains.

import { hash } from './prng.js';

const SURNAMES: readonly [string, string][] = [
  ['佐藤', 'sato'], ['鈴木', 'suzuki'], ['高橋', 'takahashi'], ['田中', 'tanaka'], ['伊藤', 'ito'], ['渡辺', 'watanabe'],
  ['山本', 'yamamoto'], ['中村', 'nakamura'], ['小林', 'kobayashi'], ['加藤', 'kato'], ['吉田', 'yoshida'], ['山田', 'yamada'],
  ['佐々木', 'sasaki'], ['山口', 'yamaguchi'], ['松本', 'matsumoto'], ['井上', 'inoue'], ['木村', 'kimura'], ['林', 'hayashi'],
  ['斎藤', 'saito'], ['清水', 'shimizu'], ['山崎', 'yamazaki'], ['森', 'mori'], ['池田', 'ikeda'], ['橋本', 'hashimoto'],
  ['阿部', 'abe'], ['石川', 'ishikawa'], ['山下', 'yamashita'], ['中島', 'nakajima'], ['石井', 'ishii'], ['小川', 'ogawa'],
  ['前田', 'maeda'], ['岡田', 'okada'], ['長谷川', 'hasegawa'], ['藤田', 'fujita'], ['後藤', 'goto'], ['近藤', 'kondo'],
  ['村上', 'murakami'], ['遠藤', 'endo'], ['青木', 'aoki'], ['坂本', 'sakamoto'], ['福田', 'fukuda'], ['太田', 'ota'],
  ['西村', 'nishimura'], ['藤井', 'fujii'], ['金子', 'kaneko'], ['岡本', 'okamoto'], ['藤原', 'fujiwara'], ['三浦', 'miura'],
  ['中野', 'nakano'], ['原田', 'harada'], ['松田', 'matsuda'], ['竹内', 'takeuchi'], ['小野', 'ono'], ['田村', 'tamura'],
];

const GIVEN: readonly [string, string][] = [
  ['翔', 'sho'], ['大輔', 'daisuke'], ['健太', 'kenta'], ['拓也', 'takuya'], ['直樹', 'naoki'], ['誠', 'makoto'],
  ['浩二', 'koji'], ['隆', 'takashi'], ['和也', 'kazuya'], ['蓮', 'ren'], ['陽翔', 'haruto'], ['悠真', 'yuma'],
  ['茂', 'shigeru'], ['博', 'hiroshi'], ['勇気', 'yuki'], ['亮', 'ryo'], ['修', 'osamu'], ['達也', 'tatsuya'],
  ['陽子', 'yoko'], ['恵子', 'keiko'], ['美穂', 'miho'], ['彩', 'aya'], ['由美', 'yumi'], ['真由美', 'mayumi'],
  ['さくら', 'sakura'], ['結衣', 'yui'], ['陽菜', 'hina'], ['美咲', 'misaki'], ['愛', 'ai'], ['智子', 'tomoko'],
  ['裕子', 'yuko'], ['幸子', 'sachiko'], ['久美子', 'kumiko'], ['麻衣', 'mai'], ['千尋', 'chihiro'], ['葵', 'aoi'],
];

/** Prefecture, cities in it, and the first three digits of their postal codes. */
const PLACES: readonly [string, readonly [string, string][]][] = [
  ['東京都', [['世田谷区', '154'], ['練馬区', '176'], ['江東区', '135'], ['八王子市', '192'], ['町田市', '194'], ['足立区', '120']]],
  ['神奈川県', [['横浜市港北区', '222'], ['川崎市中原区', '211'], ['相模原市中央区', '252'], ['藤沢市', '251']]],
  ['大阪府', [['大阪市北区', '530'], ['堺市堺区', '590'], ['豊中市', '560'], ['東大阪市', '577']]],
  ['愛知県', [['名古屋市中区', '460'], ['豊田市', '471'], ['岡崎市', '444']]],
  ['埼玉県', [['さいたま市大宮区', '330'], ['川口市', '332'], ['所沢市', '359']]],
  ['千葉県', [['千葉市中央区', '260'], ['船橋市', '273'], ['柏市', '277']]],
  ['兵庫県', [['神戸市中央区', '650'], ['姫路市', '670'], ['西宮市', '662']]],
  ['北海道', [['札幌市中央区', '060'], ['旭川市', '070']]],
  ['福岡県', [['福岡市博多区', '812'], ['北九州市小倉北区', '802'], ['久留米市', '830']]],
  ['宮城県', [['仙台市青葉区', '980'], ['石巻市', '986']]],
  ['広島県', [['広島市中区', '730'], ['福山市', '720']]],
  ['京都府', [['京都市左京区', '606'], ['宇治市', '611']]],
  ['静岡県', [['静岡市葵区', '420'], ['浜松市中央区', '430']]],
  ['新潟県', [['新潟市中央区', '951'], ['長岡市', '940']]],
];
const TOWNS = ['本町', '中央', '栄町', '緑町', '旭町', '桜台', '若葉', '東町', '西町', '南町', '北町', '宮前', '新町', '日の出町', '富士見', '青葉台', '松が丘', '泉'];
const BUILDINGS = ['', '', '', 'コーポ', 'ハイツ', 'メゾン', 'レジデンス', 'パーク'];

export interface Person {
  surname: string;
  given: string;
  name: string;
  email: string;
  postalCode: string;
  address: string;
}

/** The synthetic identity behind key k (a subscriber index, or a number value outside the population). */
export function person(seed: number, k: number): Person {
  const h = (salt: number): number => hash(seed, k, salt, 0x6e616d);
  const [sur, surR] = SURNAMES[h(1) % SURNAMES.length]!;
  const [giv, givR] = GIVEN[h(2) % GIVEN.length]!;
  const [pref, cities] = PLACES[h(3) % PLACES.length]!;
  const [city, zip] = cities[h(4) % cities.length]!;
  const town = TOWNS[h(5) % TOWNS.length]!;
  const b = h(6);
  const building = BUILDINGS[b % BUILDINGS.length]!;
  const block = `${1 + (b % 5)}-${1 + ((b >>> 3) % 30)}-${1 + ((b >>> 8) % 20)}`;
  const address = `${pref}${city}${town}${block}${building ? ` ${building}${town}${(b >>> 13) % 2 === 0 ? '' : 'II'} ${100 + ((b >>> 14) % 5) * 100 + ((b >>> 17) % 10)}号室` : ''}`;
  const style = h(7) % 4;
  // The key is part of every local part, so addresses are unique across the directory.
  const tag = Math.abs(k).toString(36);
  const local = style === 0 ? `${givR}.${surR}.${tag}` : style === 1 ? `${surR}${givR[0]!}${tag}` : style === 2 ? `${givR}${surR}_${tag}` : `${surR}-${givR}${tag}`;
  const domain = h(9) % 3 === 0 ? 'example.com' : 'example.jp';
  return {
    surname: sur,
    given: giv,
    name: `${sur} ${giv}`,
    email: `${local}@${domain}`,
    postalCode: `${zip}-${String(h(10) % 10000).padStart(4, '0')}`,
    address,
  };
}

/** The customer's surname as a shop writes it. */
export function surname(seed: number, k: number): string {
  return SURNAMES[hash(seed, k, 1, 0x6e616d) % SURNAMES.length]![0];
}
