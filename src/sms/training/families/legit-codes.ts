// Genuine A2P messages that share words with lures: one-time codes (often with "do not share" warnings), card-use
// confirmations, billing and debit notices, bank transaction alerts. These are the hard negatives a network filter
// must never drop: they name the same brands and say 確認, 利用, 停止, 不正.

import { BRANDS } from '../brands.js';
import type { Family } from '../family.js';
import { pick, letters, digits, int } from '../prng.js';

const SERVICES = ['LINE', 'PayPay', 'メルカリ', 'Yahoo! JAPAN', '楽天', 'Amazon', 'Google', 'Microsoft', 'Instagram', 'Facebook', 'X', 'TikTok', 'NTTドコモ', 'dアカウント', 'au', 'ソフトバンク', '三井住友銀行', 'みずほ銀行', 'ゆうちょ銀行', 'Uber Eats', '出前館', 'menu', 'タイミー', 'ZOZOTOWN', 'auじぶん銀行', 'メルペイ', 'd払い', 'au PAY', '楽天銀行', 'SBI証券', 'マネーフォワード', 'Airbnb', 'えきねっと', 'スマートEX', 'ANA', 'JAL', 'イープラス', 'チケットぴあ', 'J:COM', 'ahamo', 'povo', 'LINEMO', 'UQ mobile', 'IIJmio', 'mineo', 'ヤマト運輸', 'クロネコメンバーズ', 'Discord', 'Steam', 'ニトリ', 'ユニクロ', 'Suica', 'Pontaカード', 'Booking.com', 'Coincheck', 'bitFlyer', 'ANA Pay', 'Tポイント', 'ゆうちょ通帳アプリ', 'りそなグループアプリ', 'MyJCB', 'Vpass'];
const CARD_BRANDS = [BRANDS.smbcCard, BRANDS.rakutenCard, BRANDS.jcb, BRANDS.aeon, BRANDS.epos, BRANDS.saison, BRANDS.docomo, BRANDS.au, BRANDS.paypay, BRANDS.paypayCard, BRANDS.viewCard, BRANDS.orico];
const BANK_BRANDS = [BRANDS.mufg, BRANDS.smbc, BRANDS.mizuho, BRANDS.yucho, BRANDS.resona, BRANDS.paypay, BRANDS.aeon, BRANDS.jaBank, BRANDS.rakutenBank, BRANDS.sbiBank, BRANDS.sevenBank];
const MERCHANTS = ['セブン-イレブン', 'ローソン', 'ファミリーマート', 'Amazon.co.jp', 'ENEOS', 'イオン', 'ビックカメラ', 'ヨドバシカメラ', 'ユニクロ', 'スターバックス', 'マクドナルド', 'APPLE.COM/BILL', 'Uber Eats', 'JR東日本', 'ニトリ', '楽天市場', 'ドン・キホーテ', 'エディオン', 'Netflix', 'Spotify'];

export const otpCodes: Family = {
  id: 'legit-otp',
  label: 'legit',
  weight: 12,
  brands: [null],
  link: 'none',
  sender: 'a2p-global',
  noise: 0.05,
  slots: () => ({
    svc: (rng) => pick(rng, SERVICES),
    hash: (rng) => letters(rng, 11, 'mixed'),
    mins: (rng) => String(pick(rng, [3, 5, 5, 10, 10, 15, 30])),
    merchant: (rng) => pick(rng, MERCHANTS),
    // Domain-bound codes (the iOS "@host #code" line) name the service's own host.
    host: (rng) => pick(rng, ['discord.com', 'www.mercari.com', 'accounts.google.com', 'paypay.ne.jp', 'login.yahoo.co.jp', 'id.rakuten.co.jp', 'www.amazon.co.jp']),
  }),
  templates: [
    '[{svc}]{ |}認証コード{:|：| }{code}',
    '{svc}の認証コードは{code}です。{他の人に教えないでください。|}',
    '{svc}{です|より}。認証番号{:|：}{code}\n{この番号を|}{画面|アプリ}に入力してください。有効期限は{mins}分です。',
    '[セキュリティコード]{code6}\n[有効期限]{mmdd} {hhmm}\n[ログイン先]{svc}',
    '【{svc}】確認コード{：|:}{code}\n{このコードを他人に教えないでください|第三者には絶対に教えないでください|このコードは誰にも教えないでください}。',
    '{svc}{：|:| }ワンタイムパスワードは{code}です。有効期限は{mins}分です。',
    '<#> {svc}の認証コード: {code} {hash}',
    'G-{code6} {がGoogleの確認コードです。|is your Google verification code.}',
    'Your {svc} verification code is{:|} {code}. {Don\'t share this code with anyone.|It expires in {mins} minutes.|}',
    '{code}は{svc}の確認コードです。{mins}分間有効です。',
    'Apple ID のコードは: {otp} です。コードを共有しないでください。\n\n@apple.com #{otp}',
    '{svc}ログイン用ワンタイムパスワード {code6}\n※このメッセージに心当たりがない場合は破棄してください',
    '[ログイン] 認証番号{：|:}{code6}\n\nログインが実行されます\n心当たりがない場合は詐欺に注意して下さい\n{svc}',
    '【{svc}】SMS認証コード {code}\n本人確認のため画面に入力してください。※本メッセージには返信できません',
    '{svc}: {code} is your code',
    '{svc}の電話番号確認コードは{code}です。このコードを他の人と共有しないでください。',
    'ご本人確認用の認証番号は{code}です。{svc}',
    '【{svc}】お取引の確認番号{：|:}{code6}\nお振込先{：|:}{surname}様 金額{：|:}{amount}円\nご本人以外の操作の場合は{取引しないでください|入力しないでください}',
    '{svc}に新しい端末からログインがありました。認証コード{：|:}{code}\n心当たりがない場合はパスワードを変更してください。',
    'パスワード再設定コード{: |：}{code6} ({svc})',
    '[{svc}] 下記の確認コードを画面に入力してください。\n確認コード\n{code6}',
    '{svc}の二段階認証で{code6}を使用してください。',
    'あなたの非公開{svc}コードは{code4} {code4}です。コードは他の人にシェアしないでください。',
    '{svc} アカウントのセキュリティ コードとして {code} を使います',
    '【{svc}】本人認証サービスのワンタイムパスワード{：|:}{code6}\nご利用先{：|:}{merchant}\nご利用金額{：|:}{amount}円',
    '{svc}からのお知らせ：{code6}が{電話番号の登録|ログイン|お手続き}用の認証コードです。{mins}分以内に入力してください。{お問い合わせは公式サイトまで。|}',
    '認証コード {code} を{svc}アプリに入力して、電話番号の認証を完了してください。',
    '【{svc}】{機種変更|パスワード変更|メールアドレス変更}の手続きを受け付けました。確認コード{：|:}{code6}\nお心当たりがない場合はお問い合わせください。',
    '{svc}です。ご登録の電話番号を確認するため、確認コード{code}を入力してください。',
    'Your {svc} code: {otp}\n\n@{host} #{otp}',
  ],
};

export const cardNotices: Family = {
  id: 'legit-card',
  label: 'legit',
  weight: 7,
  brands: CARD_BRANDS,
  link: 'official',
  sender: 'a2p',
  noise: 0.05,
  slots: () => ({ merchant: (rng) => pick(rng, MERCHANTS) }),
  templates: [
    '【{brand}】カードご利用{確認|内容確認}のお願い {url}',
    '【{brand}】ご本人の利用であるか確認がとれるまでカードの利用を制限しています。本通知については{brand}公式HP「セキュリティについて」をご覧ください。\n\n利用確認はこちら↓\n{url}',
    '{brand}です。カードのご利用確認で連絡がございます。{phoneFree}までご連絡をお願いいたします',
    '【{brand}】{mmdd} {hhmm} {merchant}で{amount}円のご利用がありました。{ご利用内容はアプリでご確認いただけます。|}',
    '【{brand}】ご利用速報{：|:}{amount}円（{merchant}）{ {mmdd}|}',
    '【{brand}】{今月|{n2}月}のご請求額が確定しました。{amount}円（お支払日 {date}）。詳細は{アプリ|会員サイト}でご確認ください。',
    '【{brand}】お引き落とし日のお知らせ{：|:}{date}に{amount}円をお引き落としします。{口座残高をご確認ください。|}',
    '【{brand}】{date}の口座振替ができませんでした。お手数ですが{お振込み|お支払い}方法を{アプリ|会員サイト|郵送した書面}でご確認ください。お問合せ {phoneNavi}',
    '【{brand}】新しいカードを発送しました。{到着後、裏面にご署名ください。|お受け取り後、アプリでご利用開始の設定をお願いします。}',
    '【{brand}】ご登録の電話番号の変更を受け付けました。お心当たりのない場合は{phoneFree}へご連絡ください。',
    '【{brand}】不正利用の可能性があるお取引を検知したため、カードのご利用を一時的に制限しております。お手数ですがカード裏面の電話番号へご連絡ください。',
    '【{brand}】カード有効期限更新のお知らせ：新しいカードを{n2}月中旬にお届けします。',
    '【{brand}】お支払い金額が確定しました。ログインしてご確認ください {url}',
    '【{brand}】ポイント{pt}ptを付与しました。{有効期限は{date}です。|}',
    '【{brand}】{date}のお支払いについて、口座残高不足のため引き落としができませんでした。{date}に再度お引き落としいたします。',
    '{brand}をご利用いただきありがとうございます。ご利用限度額の変更手続きが完了しました。',
    '【{brand}】ご利用通知の設定が完了しました。今後カードのご利用ごとにお知らせします。',
    '【{brand}】{お買物のあとから支払方法を変更できます|リボ払い手数料0円キャンペーン実施中|ご入会特典のポイント進呈のお知らせ}！詳細・配信停止・問合せ先 {url}',
    '【{brand}】{ETCカード|家族カード}のお申込みを受け付けました。審査結果は後日郵送でお知らせします。',
  ],
};

export const bankNotices: Family = {
  id: 'legit-bank',
  label: 'legit',
  weight: 5,
  brands: BANK_BRANDS,
  link: 'official',
  sender: 'a2p',
  noise: 0.05,
  slots: () => ({ kana: (rng) => pick(rng, ['ヤマダ タロウ', 'スズキ ハナコ', 'タナカ ケンジ', 'カ）サクラシヨウジ', 'サトウ ミキ']), last4: (rng) => digits(rng, 4), bal: (rng) => String(int(rng, 1, 999)) + ',' + digits(rng, 3) }),
  templates: [
    '【{brand}】振込受付のお知らせ{：|:}{mmdd} {amount}円の振込を受け付けました。',
    '【{brand}】{mmdd} {hhmm}にログインがありました。お心当たりのない場合は{phoneFree}までご連絡ください。',
    '【{brand}】お客様情報の確認のお願いを郵送しました。届きましたらご回答をお願いいたします。なお、当行からSMSでパスワード等の入力をお願いすることはございません。',
    '【{brand}】入金のお知らせ{：|:}{kana}様より{amount}円のご入金がありました。',
    '【{brand}】口座(末尾{last4})から{amount}円の出金がありました。',
    '【{brand}】お借入のご返済日は{date}です。{前日までにご入金をお願いいたします。|ご入金をお願いいたします。}',
    '【{brand}】{date}にアプリのメンテナンスを行います。{hhmm}〜{hhmm}はご利用いただけません。',
    '【{brand}】キャッシュカードの暗証番号の変更を受け付けました。お心当たりのない場合は至急{phoneFree}へご連絡ください。',
    '【{brand}】定期預金が満期となりました。お手続きはアプリまたは窓口でお願いします。',
    '【{brand}】ワンタイムパスワードアプリの利用登録が完了しました。',
    '【{brand}】{ATM|デビット}のご利用{：|:}{mmdd} {amount}円 残高{bal}円',
    '{brand}です。ご相談いただいた住宅ローンの件で、担当の{surname}からお電話いたします。',
    '【{brand}】ご登録の住所変更を受け付けました。{お心当たりがない場合はお問い合わせください。|}{url}',
  ],
};
