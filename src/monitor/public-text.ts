// Texts safe for the public gallery: every phone number masked (the sender's too — senders are mostly infected
// victims), names before honorifics masked, links defanged so that nothing can be clicked or pasted straight
// into a browser, and, as a last guard, any remaining run of seven or more digits masked.
import { maskForSharing } from '../reports/index.js';
import { extractUrls } from '../text/index.js';

const PHONE_TOKEN = '[電話番号]';
const MASKED_PHONE = '0X0-XXXX-XXXX';
/** Seven or more digits (ASCII or full-width), possibly broken by hyphens, dots or spaces. */
const DIGIT_RUN = /[0-9０-９](?:[\s\-.－ー・]?[0-9０-９]){6,}/g;

/** hxxps://bad[.]example/path — the scheme broken and every dot of the host part bracketed. */
export function defang(raw: string): string {
  const m = /^([a-z]+:\/\/)?([^/?#]*)(.*)$/is.exec(raw);
  if (!m) return raw;
  const scheme = (m[1] ?? '').replace(/^h(?:tt|xx)p/i, 'hxxp');
  const host = (m[2] ?? '').replace(/\[\.\]|\(\.\)/g, '.').replace(/[.。．]/g, '[.]');
  return `${scheme}${host}${m[3] ?? ''}`;
}

export function maskForPublic(body: string): string {
  let out = maskForSharing(body, null).split(PHONE_TOKEN).join(MASKED_PHONE);
  const urls = extractUrls(out).sort((a, b) => b.raw.length - a.raw.length);
  for (const u of urls) out = out.split(u.raw).join(defang(u.raw));
  return out.replace(DIGIT_RUN, (m) => m.replace(/[0-9０-９]/g, 'X'));
}
