// Masking of message texts that leave the operator that received them (DESIGN §4): phone numbers inside the text
// are replaced (except the scam sender, which is the indicator being shared), and so are personal names in the
// forms Japanese SMS addresses people by (…様, …さん, …殿). Links stay: they are the indicators.
import { extractPhones } from '../text/index.js';

// A name before an honorific: up to 8 kanji/kana/Latin letters, not starting with a particle-like kana that
// usually ends a phrase, followed by 様/さま/さん/殿/くん/ちゃん.
const NAME = /([\p{Script=Han}\p{Script=Katakana}ー]{1,8}|[\p{Script=Hiragana}]{2,6}|[A-Za-z]{2,20}(?: [A-Za-z]{2,20})?)(\s?)(様|さま|さん|殿|くん|ちゃん)/gu;
/** Words before 様 that are not names: "お客様", "皆様", "各位様"… */
const NOT_NAMES = new Set(['お客', '客', '皆', 'みな', '会員', 'ご利用者', '利用者', 'ご契約者', '契約者', 'お得意', '各位', 'ご本人', '本人', 'お子', 'ご家族', 'お届け先', '担当者', 'ご担当者', 'ユーザー', 'カード会員', '会員の皆']);

export function maskForSharing(body: string, sender: string | null): string {
  let out = body;
  for (const p of extractPhones(body)) {
    const same = sender !== null && (p.e164 === sender || p.national === sender);
    if (!same && p.raw) out = out.split(p.raw).join('[電話番号]');
  }
  return out.replace(NAME, (m, name: string, space: string, honorific: string) => {
    const stem = name.replace(/^(お|ご)/, '');
    return NOT_NAMES.has(name) || NOT_NAMES.has(stem) || name.endsWith('客') ? m : `[氏名]${space}${honorific}`;
  });
}
