// Texts safe for the public gallery: every phone number masked (the sender's too — senders are mostly infected
// victims), names before honorifics masked, links defanged so that nothing can be clicked or pasted straight
// into a browser, and, as a last guard, any remaining run of seven or more digits masked.
import { maskForSharing } from '../reports/index.js';
import { extractUrls } from '../text/index.js';

const PHONE_TOKEN = '[電話番号]';
const MASKED_PHONE = '0X0-XXXX-XXXX';
/** Seven or more digits (ASCII or full-width), possibly broken by up to three separators between digits. */
const DIGIT_RUN = /[0-9０-９](?:[\s\-._/－ー・()（）]{0,3}[0-9０-９]){6,}/g;

/** hxxps://bad[.]example/path — the scheme broken and every dot of the host part bracketed. */
export function defang(raw: string): string {
  // Full-width letters and punctuation (ｈｔｔｐｓ：／／) are folded first, so they are broken like ASCII ones.
  const m = /^([a-z]+:\/\/)?([^/?#]*)(.*)$/is.exec(raw.normalize('NFKC'));
  if (!m) return raw;
  const scheme = (m[1] ?? '').replace(/^h(?:tt|xx)p/i, 'hxxp');
  const host = (m[2] ?? '').replace(/\[\.\]|\(\.\)/g, '.').replace(/[.。．]/g, '[.]');
  return `${scheme}${host}${m[3] ?? ''}`;
}

const maskDigits = (text: string): string => text.replace(DIGIT_RUN, (m) => m.replace(/[0-9０-９]/g, 'X'));

export function maskForPublic(body: string): string {
  // Links are taken out first (so a name pattern cannot eat into one, e.g. "https://aa.top 様"), the rest is
  // masked, then the links come back defanged.
  const urls = extractUrls(body).sort((a, b) => b.raw.length - a.raw.length);
  let out = body;
  const links: string[] = [];
  for (const u of urls) {
    if (!out.includes(u.raw)) continue;
    out = out.split(u.raw).join(`\uE000${links.length}\uE001`);
    links.push(maskDigits(defang(u.raw)));
  }
  out = maskDigits(maskForSharing(out, null).split(PHONE_TOKEN).join(MASKED_PHONE));
  // A scheme the link reader did not take as a link (e.g. an invalid punycode host, "https://xn--a.top") is still
  // clickable in a browser: break it too, and its host's dots.
  // Again until nothing changes: a host swallows letters up to a second scheme glued to it ("…tophttps://…").
  for (let next = out.replace(LEFTOVER_LINK, defangLeftover); next !== out; next = out.replace(LEFTOVER_LINK, defangLeftover)) out = next;
  return out.replace(/\uE000(\d+)\uE001/g, (_m, i: string) => links[Number(i)] ?? '');
}

/** An http(s) scheme in half- or full-width letters (with the separators browsers accept: one or two slashes or
 * backslashes) and the host characters after it. */
const LEFTOVER_LINK = /[hｈＨ][tｔＴ][tｔＴ][pｐＰ][sｓＳ]?[:：﹕][/／\\＼]{1,2}[A-Za-z0-9Ａ-Ｚａ-ｚ０-９\-_~%.．。｡]*/gi;

/** Breaks a leftover link's scheme and the dots of its host; a full stop that ends the sentence after it is kept. */
function defangLeftover(m: string): string {
  const trail = /[.．。｡]+$/.exec(m)?.[0] ?? '';
  const r = /^(https?)[:][/\\]{1,2}(.*)$/is.exec(m.slice(0, m.length - trail.length).normalize('NFKC'));
  if (!r) return m;
  return `hxxp${r[1]!.length === 5 ? 's' : ''}://${r[2]!.replace(/[.。]/g, '[.]')}${trail}`;
}
