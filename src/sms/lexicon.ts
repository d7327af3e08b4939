// Lure vocabulary of Japanese smishing, scam and 闇バイト recruitment, and the marks of genuine messages.
// Each group is one compiled regex run on folded text (NFKC, lower-case). Weights are log-odds contributions
// (see verdict-engine.ts); they were set from the lures described in the MIC material and carriers' warnings,
// then checked on the training split — never on the dev split.

export interface LexiconGroup {
  code: string;
  /** Log-odds added when the group matches at least once. */
  weight: number;
  detail: string;
  pattern: RegExp;
  /** The same pattern with the g flag, for collecting distinct terms. */
  global: RegExp;
}

function group(code: string, weight: number, detail: string, terms: string[]): LexiconGroup {
  return { code, weight, detail, pattern: new RegExp(terms.join('|')), global: new RegExp(terms.join('|'), 'g') };
}

/** Delivery lures (MoqHao: 不在通知). */
export const DELIVERY = group('lure_delivery', 1.3, 'delivery lure (absence notice, redelivery, storage deadline)', [
  '不在', '持ち?帰り', '再配達', '再配送', '配達予定', '保管期限', '保管期間', '宛先不明', '住所不備', '住所が不明', '住所不明',
  '配達できません', '配達できなかった', 'お届けできません', 'お届けにあがりました', 'お荷物', '荷物の', '荷物を', '荷物は', '発送元', '配送状況',
  '関税', '追跡番号', '発送状況', '発送先', '配送先', '配達員', '配達業者', '配送業者', 'ご自宅に伺',
]);

/** Account and security lures (KeepSpy: carriers, banks, card companies). */
export const ACCOUNT = group('lure_account', 1.3, 'account/security lure (suspension, unusual activity, identity check)', [
  '不正利用', '不正ログイン', '不正アクセス', '不審な', '異常な', '第三者', 'ロックされ', 'ロック解除', '凍結', '利用制限', '機能制限',
  'サービス制限', '通信サービス制限', '制限しました', 'ご利用を制限', '制限させて', '制限されて', '制限がかか', '利用停止', '停止予告', '一時停止', 'ご利用を停止', '本人確認', 'ご本人様確認', '本人認証', '認証が必要',
  '確認が必要', 'ご確認が必要', '情報の更新', '情報を更新', '再設定', '再登録', '有効期限が切れ', '期限切れ', 'アカウント', 'セキュリティ',
  '取引を保留', 'お取引を制限', '口座', '暗証番号', '異常が', '異常を検知', 'サインイン', '無効です', '無効になって', 'お支払い方法',
  '更新してください', '有効化', '会員情報の再確認', '設備ロック',
]);

/** Payment, billing and legal-threat lures (both smishing and call-back scams). */
export const PAYMENT = group('lure_payment', 1.4, 'payment/billing lure (unpaid, overdue, high charges, legal action)', [
  '未払', '未納', '滞納', '延滞', '督促', '高額', '支払期日', 'お支払いのお願い', '支払い確認', '支払確認', '精算', '請求', '料金',
  '引き落とし', '引落し', '法的手続', '法的措置', '訴訟', '裁判', '差し?押さえ', '強制執行', '最終通告', '最終警告', '有料動画', '有料サイト', '延滞金',
]);

/** Reward and refund lures. */
export const REWARD = group('lure_reward', 1.0, 'reward/refund lure (points expiring, refund, prize)', [
  'ポイント', '失効', '還付', '給付金', '払い戻し', '返金', '当選', 'プレゼント', '特典', 'キャッシュバック', '受け取り手続', '受取手続',
  '付与', '無料で', '賞品',
]);

/** Urgency and pressure. */
export const URGENCY = group('lure_urgency', 0.9, 'urgency (today only, final warning, deadline)', [
  '本日中', '至急', '緊急', '最終', '警告', '今すぐ', 'ただちに', '直ちに', '速やかに', '24時間以内', '48時間以内', '期限内', '要確認',
  '【重要】', '\\[重要\\]', '重要なお知らせ', 'お急ぎ', '早急',
]);

/** Calls to act on a link or number. */
export const CALL_TO_ACTION = group('call_to_action', 0.5, 'call to action (check below, tap, log in, contact)', [
  '下記', 'こちら', 'url', 'リンク', 'アクセス', 'ご確認', '確認して', 'ご覧', 'タップ', 'クリック', 'ログイン', 'ご連絡', '連絡下さい',
  '連絡ください', '手続き', 'お手続', '詳細は', '詳細:', '確認はこちら',
]);

/** App-install lures: MoqHao leads Android victims to a fake Chrome or delivery APK. */
export const APP_INSTALL = group('lure_app_install', 1.6, 'asks to install an app or update (fake Chrome/APK lure)', [
  'apk', 'アプリをインストール', 'アプリのインストール', 'インストールして', 'ダウンロードして', '最新版のchrome', 'chromeを更新',
  'セキュリティアプリ', '専用アプリ', 'アップデートして',
]);

/** Prepaid-card payment demands (KeepSpy's iOS path: V-Preca codes). */
export const PREPAID = group('lure_prepaid', 2.0, 'asks for prepaid-card payment (V-Preca, gift card)', [
  'vプリカ', 'v-preca', 'vpreca', 'プリペイドカード', 'ギフトカード', 'itunesカード', 'アマゾンギフト', 'amazonギフト', 'コンビニで購入', '電子マネー',
]);

/** 闇バイト recruitment (DESIGN S19). Strong terms on their own, weak ones only count together. */
export const RECRUIT_STRONG = group('recruit_strong', 2.2, '闇バイト recruitment terms (white jobs, receiving/carrying, huge daily pay)', [
  'ホワイト案件', '受け子', '出し子', '運び屋', '荷物を受け取るだけ', '荷物の受け取りだけ', '受け取るだけ', '運ぶだけ', '闇バイト', '裏バイト',
  '高額報酬', '即日\\s*\\d+万', '日給\\s*\\d+万', '日当\\s*\\d+万', '1日\\s*\\d+万', '一日\\s*\\d+万', '\\d+万円?以上稼', '即金\\s*\\d+万',
  '身分証の?写真', '身分証を送', '誰でも簡単に稼', '飛ばし携帯',
]);
export const RECRUIT_WEAK = group('recruit_weak', 1.0, 'job-offer terms (same-day pay, easy work, no experience)', [
  '即日', '日払い', '即金', '高収入', '簡単な作業', '簡単なお仕事', '簡単な仕事', '未経験', '誰でも', '副業', '在宅', 'バイト',
  '募集', '案件', '報酬', '稼げ', '稼ぎ',
]);

/** Spam: gambling, dating, loans, generic ads. */
export const SPAM = group('spam_terms', 1.0, 'spam terms (gambling, dating, loans, adult)', [
  'カジノ', 'オンカジ', 'スロット', 'パチンコ', '競馬予想', '必勝法', '出会い', '人妻', 'セフレ', '即会い', '融資', 'ブラックokな', '審査なし',
  '借入', '無料登録', 'ボーナス', '配当', '儲か', '投資案件', '仮想通貨', '副収入', '会える人', '新着メッセージ', 'いいねが届',
  '既婚者', '的中率', '回収率', '競艇', '競輪', '銘柄', 'サプリ', 'ご融資', '番号変え', '番号が変わ', '登録してね',
]);

/** One-time codes: the commonest genuine A2P message. Strong legit mark unless a link sits beside it. */
export const OTP = group('legit_otp', -3.0, 'one-time code message (認証コード/確認コード)', [
  '認証コード', '確認コード', 'セキュリティコード', 'ワンタイムパスワード', 'ワンタイム', '認証番号', '確認番号', 'verification code',
  'code is', 'コードは', 'パスコード', 'ログインコード',
]);

/** Marks of genuine notices: do-not-share warnings and do-not-reply lines. */
export const LEGIT_MARKS = group('legit_marks', -1.2, 'genuine-notice marks (do not share the code, send-only, if you did not request this)', [
  '他人に教えないで', '誰にも教えないで', '第三者に教えないで', '送信専用', '返信不要', '心当たりがない場合は破棄', '心当たりがない場合は無視',
  'お心当たりのない場合', '本メッセージは送信専用', '当社からsmsで', 'smsでお客様の', 'パスワード等をお尋ねすることはありません',
  '暗証番号をお尋ねすることはありません', 'お伺いすることはありません',
]);

/** Personal conversation: friends and family write differently from any lure. */
export const PERSONAL = group('personal_chat', -1.0, 'personal conversation style', [
  'ありがとう', 'よろしく', 'おつかれ', 'お疲れ', 'ごめん', '了解', 'りょうかい', 'わかった', 'またね', 'おはよう', 'おやすみ', '行くね', '着いた',
  '帰る', 'ご飯', 'ごはん', '明日', '今日', '笑', 'www', '楽しみ', 'あけましておめでとう', '誕生日', '😊', '👍', '!\\?', 'かな\\?', 'よね',
]);

export const LURE_GROUPS = [DELIVERY, ACCOUNT, PAYMENT, REWARD, APP_INSTALL, PREPAID] as const;
