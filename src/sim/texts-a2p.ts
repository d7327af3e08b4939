// Application-to-person SMS that aggregators deliver: one-time codes, delivery notices linking to the carriers'
// official tracking sites, bank and card notices, carrier bills, appointment reminders. Senders are registered
// sender ids or 0005 common numbers (stable per sender, the same on every carrier). Delivery and carrier notices
// are deliberately close to the lures in wording and brands: they are the hard negatives for any detector.

import { longDate, shortDate, DAY } from './calendar.js';
import { commonNumber } from './numbers.js';
import { label, type Rng } from './prng.js';
import { compileAll, render, type Compiled, type Slots } from './template.js';

export type A2pKind = 'otp' | 'delivery' | 'bank' | 'carrier' | 'reminder' | 'notice';

interface A2pSender {
  kind: A2pKind;
  weight: number;
  /** The sender as the network sees it: an alphanumeric id, or a 0005 number derived from the name. */
  from: string;
  templates: Compiled[];
}

const sender = (kind: A2pKind, weight: number, name: string, id: string | null, templates: string[]): A2pSender => ({
  kind,
  weight,
  from: id ?? commonNumber(label(name)),
  templates: compileAll(templates),
});

const SENDERS: A2pSender[] = [
  sender('otp', 12, 'LINE', null, ['LINEの認証番号：{code}{\n|、}この番号は{他人|第三者}に教えないでください。', '[LINE] {code} is your LINE verification code.']),
  sender('otp', 10, 'Google', 'Google', ['G-{code} が Google の確認コードです。', 'G-{code} is your Google verification code.']),
  sender('otp', 8, 'Amazon', 'Amazon', ['{code} は Amazon の確認コードです。{このコードは誰にも共有しないでください。|}', 'Amazon: {code} をサインインに使用してください。']),
  sender('otp', 7, 'Apple', 'Apple', ['Apple Account のコードは {code} です。{共有しないでください。|}\n\n@apple.com #{code}']),
  sender('otp', 6, 'PayPay', null, ['【PayPay】認証コード：{code}{\n|}{このコードを他人に教えないでください。|有効期限は10分です。}']),
  sender('otp', 5, 'Yahoo', 'Yahoo!JAPAN', ['Yahoo! JAPANの確認コード：{code}（有効期限10分）']),
  sender('otp', 4, 'Mercari', null, ['メルカリの認証番号：{code}{ \n|、}第三者には絶対に教えないでください。']),
  sender('otp', 4, 'Rakuten', 'Rakuten', ['[楽天] 認証コード：{code} {このコードは他人に教えないでください。|}']),
  sender('otp', 3, 'Microsoft', 'Microsoft', ['Microsoft アカウントのセキュリティ コード: {code}']),
  sender('otp', 3, 'MUFG OTP', null, ['【三菱UFJ銀行】ワンタイムパスワード：{code}{\n|}当行から電話やメールでこの番号を尋ねることはありません。']),
  sender('delivery', 10, 'Yamato', null, ['【ヤマト運輸】{date}にお荷物をお届け予定です。お届け日時の変更は{こちら|下記}{：|}https://jizen.kuronekoyamato.co.jp/jizen/servlet/crjz.b.NQ0010?id={token}', '【ヤマト運輸】お荷物のお届けに伺いましたがご不在でした。伝票番号{track}{。|}再配達は https://toi.kuronekoyamato.co.jp/cgi-bin/tneko']),
  sender('delivery', 8, 'Sagawa', null, ['佐川急便です。{date}{午前中|14時〜16時|16時〜18時|18時〜20時}にお荷物をお届け予定です。お問合せ送り状No.{track} https://k2k.sagawa-exp.co.jp/p/sagawa/web/okurijoinput.jsp']),
  sender('delivery', 8, 'JapanPost', null, ['【日本郵便】{date}にゆうパックをお届けします。追跡番号{track} https://trackings.post.japanpost.jp/services/srv/search/direct?reqCodeNo1={track}', '【日本郵便】ご不在のため持ち戻りました。再配達受付：https://trackings.post.japanpost.jp/delivery/deli/ （お問合せ番号{track}）']),
  sender('delivery', 6, 'Amazon delivery', 'Amazon', ['Amazon: ご注文の商品は{本日|{date}}お届け予定です。配達状況：https://www.amazon.co.jp/gp/your-account/order-history', 'Amazon: お届けしました。置き配写真は注文履歴でご確認いただけます。']),
  sender('bank', 5, 'SMBC Card', null, ['【三井住友カード】{date}に{amount}円のご利用がありました。ご利用内容はVpassでご確認ください。https://www.smbc-card.com/']),
  sender('bank', 4, 'AEON', null, ['【イオンカード】{date}のご利用：{amount}円。お心当たりのない場合はカード裏面の番号へご連絡ください。']),
  sender('bank', 4, 'JP Bank', null, ['【ゆうちょ銀行】{date}、ゆうちょ認証アプリの登録が完了しました。お心当たりがない場合は{tel}へ。']),
  sender('bank', 3, 'Mizuho', null, ['【みずほ銀行】お振込（{amount}円）を受け付けました。みずほダイレクトでご確認いただけます。']),
  sender('carrier', 3, 'docomo', 'docomo', ['【ドコモ】{month}月分のご利用料金が確定しました。ご確認はMy docomoから https://www.docomo.ne.jp/mydocomo/', '【ドコモ】dポイントが{points}ポイント進呈されました。']),
  sender('carrier', 2, 'au', 'au', ['【au】{month}月ご利用分の請求金額が確定しました。My auでご確認ください。https://www.au.com/my-au/']),
  sender('carrier', 2, 'SoftBank', 'SoftBank', ['[SoftBank]{month}月分のご請求額が確定しました。My SoftBankでご確認いただけます。https://www.softbank.jp/mysoftbank/']),
  sender('reminder', 6, 'EPARK', null, ['【{clinic}】{date}{time}のご予約を承っております。変更・キャンセルは{tel}までご連絡ください。', '{clinic}です。明日{time}にお待ちしております。']),
  sender('reminder', 4, 'Salon', null, ['【{salon}】{date}{time}〜のご予約ありがとうございます。当日お気をつけてお越しください。']),
  sender('notice', 3, 'City', null, ['【{city}】{date}は{燃えるごみ|資源ごみ|粗大ごみ}の収集日です。', '【{city}防災】{大雨|強風|雷}注意報が発表されました。今後の情報にご注意ください。']),
  sender('notice', 2, 'School', null, ['【{school}】{date}は{授業参観|保護者会|運動会の予備日}です。ご確認をお願いします。']),
];
const WEIGHTS = SENDERS.map((s) => s.weight);
const OTP = SENDERS.filter((s) => s.kind === 'otp');
const CARRIER_SENDER: Readonly<Record<string, A2pSender>> = Object.fromEntries(SENDERS.filter((s) => s.kind === 'carrier').map((s) => [s.from.toLowerCase(), s]));

function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

const CLINICS = ['さくら歯科', 'みどり内科クリニック', 'あおば整形外科', 'ひかり眼科', 'もり小児科', 'すずらん皮膚科', 'こころ歯科医院'];
const SALONS = ['hair salon Luce', 'Beauty ARIA', 'ネイルサロン Lily', 'リラク整体院', 'Hair&Make Sora'];
const CITIES = ['世田谷区', '横浜市', '川口市', '船橋市', '豊中市', '福岡市', '札幌市', '仙台市'];
const SCHOOLS = ['桜ヶ丘小学校', '緑中学校', '東小学校', 'ひまわり保育園'];

/** Slots for A2P texts sent during the hour starting at `ms`. */
export function a2pSlots(ms: number): Slots {
  const tomorrow = ms + DAY;
  const d = new Date(ms + 9 * 3_600_000);
  return {
    code: (r) => r.digits(6),
    token: (r) => r.chars(16, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'),
    track: (r) => `${r.int(1000, 9999)}${r.digits(8)}`,
    date: (r) => (r.chance(0.5) ? shortDate(tomorrow) : longDate(tomorrow)),
    time: (r) => `${r.int(9, 18)}:${r.pick(['00', '30'])}`,
    amount: (r) => (r.chance(0.5) ? String(r.int(100, 9999)) : withCommas(r.int(1000, 98000))),
    points: (r) => String(r.pick([10, 50, 100, 300, 500])),
    month: () => String(d.getUTCMonth() === 0 ? 12 : d.getUTCMonth()),
    tel: (r) => `0120-${r.int(100, 999)}-${r.digits(3)}`,
    clinic: (r) => r.pick(CLINICS),
    salon: (r) => r.pick(SALONS),
    city: (r) => r.pick(CITIES),
    school: (r) => r.pick(SCHOOLS),
  };
}

/** Which A2P sender and text: day-time kinds (delivery, reminders) are rarer in the small hours. `recipientCarrier` is a CARRIERS id. */
export function a2pMessage(rng: Rng, slots: Slots, hourJst: number, recipientCarrier: string): { from: string; body: string } {
  let s = rng.weighted(SENDERS, WEIGHTS);
  if ((hourJst < 8 || hourJst > 21) && s.kind !== 'otp' && rng.chance(0.8)) s = rng.pick(OTP);
  // A carrier writes only to its own subscribers.
  if (s.kind === 'carrier') s = CARRIER_SENDER[recipientCarrier] ?? rng.pick(OTP);
  return { from: s.from, body: render(rng.pick(s.templates), rng, slots) };
}
