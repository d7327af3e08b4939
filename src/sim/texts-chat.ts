// Person-to-person SMS: short Japanese chats between family, friends and colleagues. A conversation has a topic;
// the opener comes from the topic's openers, the answer from its replies, then small talk closes it. Some carry
// links to ordinary sites (maps, restaurant guides, videos) or phone numbers, as real chats do.

import type { Rng } from './prng.js';
import { compileAll, render, type Compiled, type Slots } from './template.js';

const PLACES = ['駅前', '改札', '北口', '南口', 'いつものカフェ', 'スタバ', 'ロータリー', '本屋の前', '渋谷', '新宿', '池袋', '梅田', '天神', '栄', '三宮', '大宮', '横浜駅', '仙台駅', 'イオン', 'ファミマの前', '公園', '病院の駐車場', '学校の前'];
const FOODS = ['カレー', '鍋', 'ハンバーグ', '焼き魚', 'パスタ', '唐揚げ', '餃子', 'お好み焼き', '肉じゃが', 'そば', 'すき焼き', 'オムライス'];
const DAYS = ['明日', '明後日', '土曜', '日曜', '今度の金曜', '来週の月曜', '来週末', '週末', '今日'];
const NAMES = ['さとし', 'ゆみ', 'けんた', 'まゆ', 'ひろ', 'あやか', 'たくや', 'なおみ', 'しょう', 'みき', 'おばあちゃん', 'お父さん', 'お母さん', 'ママ', 'パパ', '先生', '部長'];
const EMOJI = ['', '', '', '', '！', '😊', '👍', '🙏', '💦', '笑', '(^^)', '♪', '🙇', '✨', '😂', '…'];

function hhmm(rng: Rng): string {
  const h = rng.int(7, 21);
  return rng.weighted([`${h}時`, `${h}時半`, `${h}:${rng.pick(['00', '15', '30', '45'])}`], [5, 3, 2]);
}

function tel(rng: Rng): string {
  return rng.weighted(
    [`03-${rng.int(3000, 6999)}-${rng.digits(4)}`, `06-${rng.int(6100, 6999)}-${rng.digits(4)}`, `0${rng.int(42, 99)}-${rng.int(200, 999)}-${rng.digits(4)}`, `090-${rng.int(1000, 9999)}-${rng.digits(4)}`, `080${rng.int(1000, 9999)}${rng.digits(4)}`, `0120-${rng.int(100, 999)}-${rng.digits(3)}`],
    [3, 2, 3, 3, 2, 1],
  );
}

const B62 = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Links people share: maps, restaurant and hotel guides, videos, shops, news. Real services, random paths. */
export function everydayUrl(rng: Rng): string {
  switch (rng.weighted(['maps', 'gmaps', 'tabelog', 'hotpepper', 'youtube', 'insta', 'x', 'amazon', 'news', 'jalan'], [30, 8, 12, 6, 12, 8, 6, 6, 6, 4])) {
    case 'maps': return `https://maps.app.goo.gl/${rng.chars(17, B62)}`;
    case 'gmaps': return `https://www.google.com/maps?q=${rng.range(33.5, 35.9).toFixed(5)},${rng.range(130.3, 140.0).toFixed(5)}`;
    case 'tabelog': return `https://tabelog.com/${rng.pick(['tokyo', 'osaka', 'kanagawa', 'aichi', 'fukuoka', 'hokkaido'])}/A${rng.int(1301, 1330)}/A${rng.int(130101, 133099)}/${rng.int(13000000, 13299999)}/`;
    case 'hotpepper': return `https://www.hotpepper.jp/strJ00${rng.digits(7)}/`;
    case 'youtube': return `https://youtu.be/${rng.chars(11, `${B62}-_`)}`;
    case 'insta': return `https://www.instagram.com/p/${rng.chars(11, B62)}/`;
    case 'x': return `https://x.com/${rng.chars(rng.int(5, 12), 'abcdefghijklmnopqrstuvwxyz_0123456789')}/status/1${rng.digits(18)}`;
    case 'amazon': return `https://www.amazon.co.jp/dp/B0${rng.chars(8, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789')}`;
    case 'news': return `https://news.yahoo.co.jp/articles/${rng.chars(40, '0123456789abcdef')}`;
    default: return `https://www.jalan.net/yad${rng.digits(6)}/`;
  }
}

export const CHAT_SLOTS: Slots = {
  time: hhmm,
  place: (r) => r.pick(PLACES),
  food: (r) => r.pick(FOODS),
  day: (r) => r.pick(DAYS),
  name: (r) => r.pick(NAMES),
  min: (r) => String(r.pick([5, 10, 10, 15, 20, 30])),
  e: (r) => r.pick(EMOJI),
  url: everydayUrl,
  tel,
};

interface Topic {
  weight: number;
  open: Compiled[];
  reply: Compiled[];
}

const topic = (weight: number, open: string[], reply: string[]): Topic => ({ weight, open: compileAll(open), reply: compileAll(reply) });

const TOPICS: Topic[] = [
  topic(14, ['{ごめん|すみません|ごめんなさい}、{min}分{くらい|ほど|}遅れ{ます|る|そう}{e}', '電車{遅れてて|止まってて}{min}分{遅れる|くらい遅れます}{e}', '{今|いま}{出た|向かってる|駅着いた}{e}{あと|}{min}分{で着く|くらい}', '{道混んでて|寝坊して}少し遅れます{🙏|、ごめん|}'],
    ['{了解|りょうかい|OK|わかった}{e}', '{大丈夫|だいじょうぶ}{だよ|です}、{気をつけて|ゆっくりで}{e}', '{place}{で待ってる|にいます}{e}', 'はーい{e}']),
  topic(16, ['{day}{の|}{time}に{place}で{どう|どうかな|大丈夫}？', '{day}{空いてる|ひま}？{ご飯|飲み|お茶}{行こう|行かない}{e}', '{day}{の予定|どうする}？', '{day}{time}{集合で|待ち合わせで}いい？{e}'],
    ['{いいよ|OK|大丈夫}{e}', '{ごめん|ごめんね}、{day}は{無理|ダメ}{かも|なんだ}{💦|}', '{time}なら{行ける|大丈夫}{e}', 'じゃあ{place}で{e}', '{了解|りょうかい}、{楽しみ|たのしみ}{e}']),
  topic(12, ['{今日|今夜}{の夕飯|ご飯}いる？', '{帰りに|ついでに}{牛乳|卵|パン|お米|洗剤}買ってきて{e}', '{今|いま}{仕事|会社}{終わった|出た}{e}{time}{ごろ|くらい}{帰る|に着く}', '{food}{作ったよ|にしたよ}{e}', '{子供|こども}{のお迎え|たち}{お願いできる|大丈夫}？'],
    ['{いる|いります}{e}', '{了解|はーい|OK}{e}', '{ありがとう|ありがと}{e}', '{time}{ごろ|くらい}{帰る|になる}{e}', '{今日はいらない|外で食べてくる}{ごめん|}']),
  topic(10, ['{昨日|この前|先日}は{ありがとう|ありがとうございました}{e}', '{プレゼント|お土産|お菓子}{ありがとう|届いたよ}{e}{おいしかった|うれしかった|}', '{色々|いろいろ}{助かりました|ありがとう}{🙇|！|}'],
    ['{こちらこそ|いえいえ}{e}', '{また|今度また}{行こう|ご飯しよう}{ね|}{e}', '{よかった|よかったです}{e}']),
  topic(8, ['{ここ|この店|このお店}{どう|よさそう}？ {url}', '{場所|地図}{ここ|送るね}{e} {url}', 'これ{見て|みて}{笑|😂|！} {url}', '{url} {ここ予約した|ここ行ってみたい}{e}'],
    ['{いいね|よさそう|行きたい}{e}', '{見た|みた}{笑|！|}', '{ありがとう|ありがと}{e}、{わかった|了解}']),
  topic(6, ['{病院|歯医者|役所|学校}の{電話番号|番号}{これ|です}：{tel}', '{ここ|この番号}に{電話して|連絡して}{みて|ください} {tel}', '{新しい|}番号{変わりました|です}{e} {tel}'],
    ['{ありがとう|助かる}{e}', '{了解|わかった}、{電話してみる|かけてみる}{e}']),
  topic(9, ['{おはよう|おはようございます}{e}{day}{の件|のこと}{大丈夫|どうなった}？', '{体調|具合}{どう|大丈夫}？', '{元気|げんき}にしてる？{e}', '{着いた|到着した|帰った}{よ|}{e}'],
    ['{元気|大丈夫}{だよ|です}{e}', '{だいぶ|少し}{よくなった|マシになった}{ありがとう|}{e}', '{おかえり|お疲れさま|おつかれ}{e}']),
  topic(6, ['{name}{の|}{誕生日|お祝い}{何にする|どうする}？', '{name}から{連絡|電話}あった？', '{name}{に伝えて|によろしく}{おいて|}{e}'],
    ['{考え中|まだ決めてない}{e}', '{あった|まだ}{よ|}{e}', '{伝えとく|了解}{e}']),
  topic(5, ['{今|いま}{電話|でんわ}{大丈夫|いい}？', '{折り返し|あとで}{電話|連絡}{ください|して|します}{e}', '{着信|電話}{気づかなくて|出られなくて}ごめん{e}'],
    ['{大丈夫|いいよ}{e}', '{あとで{かける|電話する}|{time}にかけます}{e}', '{今|いま}{会議中|運転中|電車}{なので|}{あとで|}']),
  topic(4, ['{鍵|財布|傘|スマホの充電器}{忘れた|忘れてない}？', '{洗濯物|布団}{入れて|取り込んで}{おいて|}{e}', '{雨|雪}{降ってきた|すごい}{から|けど}{気をつけて|大丈夫}？'],
    ['{ありがとう|あった}{e}', '{入れた|了解}{e}', '{大丈夫|だいじょうぶ}{e}']),
];
const TOPIC_WEIGHTS = TOPICS.map((t) => t.weight);

const SMALL = compileAll(['{うん|はい|OK|了解}{e}', '{ありがとう|ありがと|サンキュー}{e}', '{またね|じゃあまた|おやすみ}{e}', '{笑|www|😂}', '{よろしく|よろしくお願いします}{e}', '👍', 'はーい', '{そうなんだ|なるほど}{e}', '{わかった|りょ}{e}']);

export interface Conversation {
  open: string;
  reply: () => string;
}

/** Texts of one conversation: the opener now, the later turns on demand. */
export function conversation(rng: Rng): Conversation {
  const t = rng.weighted(TOPICS, TOPIC_WEIGHTS);
  let turn = 0;
  return {
    open: render(rng.pick(t.open), rng, CHAT_SLOTS),
    reply: () => render(turn++ === 0 ? rng.pick(t.reply) : rng.pick(SMALL), rng, CHAT_SLOTS),
  };
}

const ABROAD_OUT = compileAll(['{元気|げんき}？{そっちは|}{寒い|暑い}？', '{荷物|小包}送ったよ{e}', '{Happy birthday|Merry Christmas|Thanks}{!|!!| 😊}', 'See you {soon|next week|in Tokyo}!', '{明日|来週}{帰る|日本に着く}{便|予定}は？', 'Call me when you {land|get this}.', 'Arrived {safely|at the hotel}. {Thanks!|}']);
const ABROAD_IN = compileAll(['{着いた|元気だよ}{e}', 'OK{!|}', 'Thanks{!| a lot!}', '{Sure|Sounds good}{!|}', '안녕! 잘 지내?', '好的，谢谢', 'ขอบคุณครับ', '{来週|来月}{帰る|帰国します}{e}', 'Miss you {all|}']);

/** A message to someone abroad, and the answer that comes back through an international gateway. */
export function abroadConversation(rng: Rng): Conversation {
  return {
    open: render(rng.pick(ABROAD_OUT), rng, CHAT_SLOTS),
    reply: () => render(rng.pick(ABROAD_IN), rng, CHAT_SLOTS),
  };
}
