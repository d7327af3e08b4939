// The notice texts (docs/notifications.md shows them in full). Japanese first, English after it in e-mails and
// letters; the SMS is Japanese only (it must stay short). What a notice says: what was seen (counts and the time
// span, never message content or recipients), that the phone may be infected, the charges it may cause, how to
// remove the malware, and where to ask.
//
// No notice carries a link, in any channel: a genuine warning must not look like the smishing it warns about
// (scam SMS impersonate carriers with "please check here: https://…"), and subscribers are taught that a carrier
// notice with a link is a scam. Notices name the carrier's official site or app and a phone number instead.
import type { NoticeFacts, RenderedNotice } from './channel.js';

/** The carrier-specific parts of every notice (config `notify`). */
export interface NoticeTexts {
  carrierName: string;
  /** The carrier's official site or app, named (never linked). */
  officialSite: string;
  /** Phone number and hours, for e-mails and letters. */
  supportContact: string;
  /** Phone number only, for SMS. */
  supportPhone: string;
}

export interface NoticeTemplateInput {
  noticeId: string;
  noticeNo: number;
  caseId: string;
  createdAt: number;
  /** The contract holder's name, as the directory holds it. */
  name: string;
  /** E.164; only its last four digits are shown, so a holder of several lines knows which one. */
  line: string;
  facts: NoticeFacts;
}

/** Longest SMS text aimed for: two concatenated UCS-2 parts (67 characters each after the concatenation header). */
export const SMS_TARGET_CHARS = 134;

const FAMILY_NAMES: Record<string, { ja: string; en: string }> = {
  moqhao: { ja: 'MoqHao（XLOADER）', en: 'MoqHao (XLOADER)' },
  keepspy: { ja: 'KeepSpy', en: 'KeepSpy' },
};

/** The display name of a malware family; an unknown id is shown as is only when it looks like an id. */
function familyName(family: string | null, lang: 'ja' | 'en'): string | null {
  if (family === null) return null;
  return FAMILY_NAMES[family]?.[lang] ?? (/^[a-z0-9][a-z0-9-]{0,30}$/.test(family) ? family : null);
}

const JST_JA = new Intl.DateTimeFormat('ja-JP', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit' });
const JST_EN = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export function noticeReference(noticeId: string): string {
  return `N-${noticeId}`;
}

function japanese(i: NoticeTemplateInput, t: NoticeTexts, ref: string): string {
  const fam = familyName(i.facts.family, 'ja');
  return [
    `${i.name} 様`,
    '',
    `いつも${t.carrierName}をご利用いただき、ありがとうございます。`,
    `ご契約の携帯電話番号（末尾${i.line.slice(-4)}）から、迷惑SMS（詐欺を目的としたSMS）と判定されたメッセージが送信されていることを確認しました。`,
    '',
    '■ 確認した内容',
    `・期間：${JST_JA.format(i.facts.firstAt)} 〜 ${JST_JA.format(i.facts.lastAt)}`,
    `・迷惑SMSと判定された送信：${i.facts.flagged.toLocaleString('ja-JP')}件`,
    '・メッセージの内容は、当社の社員を含め誰も読んでいません。送信の記録と迷惑SMSフィルタの自動判定の結果からお知らせしています。',
    '',
    '■ 考えられる原因',
    'お使いのスマートフォン（主にAndroid端末）が、不正なアプリ（マルウェア）に感染している可能性があります。感染した端末は、持ち主の知らないうちに、宅配業者や携帯電話会社などを装った詐欺SMSを大量に送信することがあります。',
    ...(fam ? [`送信の特徴は、不正アプリ「${fam}」の手口と一致しています。`] : []),
    '',
    '■ ご負担が生じるおそれのある料金',
    '感染した端末から送信されたSMSにも、通常どおりSMS送信料がかかります。送信が続くと、ご請求が高額になるおそれがあります。また、端末内の連絡先やパスワードなどの情報が盗まれている可能性があります。',
    '',
    '■ 対処方法',
    '1. 写真・連絡先など大切なデータをバックアップしてください。',
    '2. 端末を初期化（工場出荷状態に戻す）してください。不正なアプリを取り除く確実な方法です。',
    '3. 初期化の後、アプリは公式ストア（Google Playなど）からのみインストールしてください。SMSやウェブサイトで案内されたアプリ（APKファイル）はインストールしないでください。',
    '4. Googleアカウント、ネットバンキング、キャリア決済などのパスワードを変更してください。',
    '',
    '■ お問い合わせ先',
    t.supportContact,
    `${t.officialSite}でもご案内しています。お問い合わせの際は、下記のお知らせ番号をお伝えください。`,
    '',
    'このお知らせには、リンクや添付ファイルはありません。当社がこのお知らせに関して、アプリのインストールやパスワード・暗証番号の入力をお願いすることはありません。',
    `このお知らせは、ご契約約款に基づく迷惑SMS対策の一環としてお送りしています。お知らせを希望されない場合は、上記お問い合わせ先または${t.officialSite}でお申し出ください。設定はいつでも変更でき、料金やその他のご契約条件は変わりません。`,
    '',
    `お知らせ番号：${ref}`,
    t.carrierName,
  ].join('\n');
}

function english(i: NoticeTemplateInput, t: NoticeTexts, ref: string): string {
  const fam = familyName(i.facts.family, 'en');
  return [
    `Dear ${i.name},`,
    '',
    `${t.carrierName} has seen messages judged to be scam SMS being sent from your line ending in ${i.line.slice(-4)}.`,
    '',
    `What we saw: ${i.facts.flagged} scam SMS between ${JST_EN.format(i.facts.firstAt)} and ${JST_EN.format(i.facts.lastAt)} (Japan time). No one, including our staff, has read the messages: this notice is based on sending records and the automatic verdicts of our scam-SMS filter.`,
    `Your smartphone (most likely an Android phone) may be infected with a malicious app (malware) that sends scam SMS without your knowledge.${fam ? ` The pattern matches the ${fam} malware.` : ''}`,
    'Charges: SMS sent by an infected phone are charged as usual, so the bill can grow while it keeps sending. Contacts and passwords on the phone may have been stolen.',
    'What to do: 1. back up your photos, contacts and other data; 2. reset the phone to factory settings; 3. afterwards install apps only from the official store (Google Play etc.), never from a link in an SMS or on a web page; 4. change the passwords of your Google account, online banking and carrier billing.',
    `Questions: ${t.supportContact} (see also ${t.officialSite}). Please quote the notice number below.`,
    'This notice contains no links or attachments, and we will never ask you to install an app or enter a password or PIN about it.',
    `If you do not want these notices, tell us through the contact above or on ${t.officialSite}. You can change this at any time; your charges and contract conditions stay the same.`,
    '',
    `Notice number: ${ref}`,
  ].join('\n');
}

function sms(t: NoticeTexts): string {
  const head = `【${t.carrierName}】ご利用の携帯電話から迷惑SMSが送信されています。ウイルス感染のおそれがあります。`;
  const tail = `${t.officialSite}のお知らせをご確認いただくか、${t.supportPhone}へお問い合わせください。`;
  const full = `${head}本SMSにリンクはありません。${tail}`;
  // The "no link" sentence is the first thing dropped when a long carrier or site name would need a third part.
  return full.length <= SMS_TARGET_CHARS ? full : `${head}${tail}`;
}

/** Renders one notice for every channel. Pure: the same input gives the same text. */
export function renderNotice(i: NoticeTemplateInput, t: NoticeTexts): RenderedNotice {
  const reference = noticeReference(i.noticeId);
  return {
    noticeId: i.noticeId,
    reference,
    noticeNo: i.noticeNo,
    caseId: i.caseId,
    createdAt: i.createdAt,
    facts: i.facts,
    subject: `【重要】${t.carrierName}より：お使いのスマートフォンがウイルスに感染している可能性があります`,
    text: `${japanese(i, t, reference)}\n\n---------- English ----------\n\n${english(i, t, reference)}\n`,
    sms: sms(t),
  };
}
