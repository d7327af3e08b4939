// The replies the report short code sends. Japanese first: every text fits one SMS segment (70 UCS-2
// characters) with the longest reference and short code, since a multi-part reply costs the operator more and
// some handsets show the parts out of order. The English variants stay within one GSM-7 segment (160).
// A timed-out report ends silently: an unprompted SMS minutes later reads like the spam being reported.

export type ReplyLanguage = 'ja' | 'en';

export interface DialogueTexts {
  /** After the forwarded SMS when it does not name its sender. */
  askSender(): string;
  /** When the report is complete; `reference` is the id the reporter can quote. */
  thanks(reference: string): string;
  /** When the answer to askSender is not a number or sender name; sent once. */
  retrySender(): string;
  /** When the message is empty (or held nothing but forwarding headers). */
  empty(shortCode: string): string;
  /** When the message is over the length limit. */
  tooLong(): string;
}

const ja: DialogueTexts = {
  askSender: () => 'ご報告ありがとうございます。この SMS の送信元の電話番号を返信してください。',
  thanks: (reference) => `ご報告ありがとうございました。受付番号: ${reference}`,
  retrySender: () => '番号を読み取れませんでした。送信元の電話番号か送信者名を返信してください（不明なら「不明」）。',
  empty: (shortCode) => `メッセージが空でした。迷惑 SMS を ${shortCode} に転送してください。`,
  tooLong: () => 'メッセージが長すぎます。迷惑 SMS の本文だけを転送してください。',
};

const en: DialogueTexts = {
  askSender: () => 'Thank you for your report. Please reply with the phone number or name the message came from.',
  thanks: (reference) => `Thank you. Your report reference is ${reference}.`,
  retrySender: () =>
    "We could not read that as a number. Please reply with the sender's number or name, or 'unknown'.",
  empty: (shortCode) => `Your message was empty. Please forward the suspicious text to ${shortCode}.`,
  tooLong: () => 'Your message is too long. Please forward only the suspicious text.',
};

export const DIALOGUE_TEXTS: Readonly<Record<ReplyLanguage, DialogueTexts>> = Object.freeze({ ja, en });
