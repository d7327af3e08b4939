// Links as they appear in SMS. Lure links use the shapes carriers and researchers report: brand lookalikes on
// cheap TLDs, random hosts, dynamic-DNS names, shorteners and bare IPs (only documentation ranges, RFC 5737,
// so no generated link points at a real machine). Genuine links go to the brand's official hosts.

import { chance, digits, int, letters, pick, pickWeighted, type Rng } from './prng.js';
import type { SynthBrand } from './brands.js';

const CHEAP_TLDS = ['top', 'xyz', 'icu', 'cyou', 'cfd', 'vip', 'shop', 'buzz', 'sbs', 'bond', 'cn', 'com', 'net', 'info', 'monster', 'click', 'live', 'site', 'online', 'club', 'life', 'asia', 'work', 'rest', 'mobi', 'cc', 'me', 'org', 'pw', 'hk', 'tw', 'wang', 'ink', 'fun', 'lol'];
const TAILS = ['jp', 'japan', 'co', 'info', 'net', 'web', 'user', 'login', 'kakunin', 'support', 'help', 'center', 'service', 'secure', 'check', 'auth', 'my', 'pay', 'id', 'account', 'vip', 'home', 'post', 'ec'];
const DYNDNS = ['duckdns.org', 'ddns.net', 'hopto.org', 'zapto.org', 'dynv6.net'];
const SHORTENERS = ['bit.ly', 't.co', 'cutt.ly', 'is.gd', 'tinyurl.com', 'x.gd', 'onl.bz', 'qr.paps.jp', 'v.gd', 'rb.gy'];
const TEST_NETS = ['192.0.2.', '198.51.100.', '203.0.113.'];
const LURE_PATHS = ['', '', '', '/', '/jp', '/jp/', '/login', '/index.html', '/mypage', '/?id={a6}', '/?c={a8}', '/s/{a5}', '/{a6}', '/{a4}/{a4}', '/{m7}', '/member', '/auth/{a5}', '/kakunin', '/redelivery', '/track?no={d12}', '/pay', '/user/login.php', '/{stem}'];

export type LureKind = 'lookalike' | 'random' | 'dyndns' | 'shortener' | 'ip' | 'subdomain';

function fillPath(rng: Rng, tpl: string, stem: string): string {
  return tpl
    .replace('{a4}', letters(rng, 4, 'alnum'))
    .replace('{a4}', letters(rng, 4, 'alnum'))
    .replace('{a5}', letters(rng, 5, 'alnum'))
    .replace('{a6}', letters(rng, 6, 'alnum'))
    .replace('{a8}', letters(rng, 8, 'alnum'))
    .replace('{m7}', letters(rng, 7, 'mixed'))
    .replace('{d12}', digits(rng, 12))
    .replace('{d8}', digits(rng, 8))
    .replace('{d6}', digits(rng, 6))
    .replace('{d4}', digits(rng, 4))
    .replace('{stem}', stem.replace(/-/g, ''));
}

function scheme(rng: Rng): string {
  return pickWeighted(rng, ['https://', 'http://', ''], (s) => (s === 'https://' ? 6 : s === 'http://' ? 3 : 1));
}

/** A lure link; `brand` steers lookalike hosts. */
export function lureUrl(rng: Rng, brand: SynthBrand | null, kind?: LureKind): string {
  const k: LureKind = kind ?? pickWeighted(rng, ['lookalike', 'random', 'dyndns', 'shortener', 'ip', 'subdomain'] as const, (x) =>
    brand ? { lookalike: 9, random: 4, dyndns: 1, shortener: 2, ip: 1, subdomain: 2 }[x] : { lookalike: 0, random: 6, dyndns: 2, shortener: 3, ip: 1, subdomain: 0 }[x]);
  const stem = brand ? pick(rng, brand.stems) : letters(rng, int(rng, 4, 8));
  const path = fillPath(rng, pick(rng, LURE_PATHS), stem);
  switch (k) {
    case 'lookalike': {
      const sep = pick(rng, ['-', '', '-', '.']);
      const host = pickWeighted(rng, [0, 1, 2, 3], (x) => [3, 4, 2, 1][x] as number) === 0
        ? `${stem}.${pick(rng, CHEAP_TLDS)}`
        : chance(rng, 0.5) ? `${stem}${sep}${pick(rng, TAILS)}.${pick(rng, CHEAP_TLDS)}` : `${stem}${sep}${letters(rng, int(rng, 2, 5), 'alnum')}.${pick(rng, CHEAP_TLDS)}`;
      const sub = chance(rng, 0.2) ? pick(rng, ['www.', 'm.', 'jp.', 'my.', `${letters(rng, 4)}.`]) : '';
      return `${scheme(rng)}${sub}${host}${path}`;
    }
    case 'random':
      return `${scheme(rng)}${chance(rng, 0.2) ? 'www.' : ''}${letters(rng, int(rng, 4, 10), chance(rng, 0.3) ? 'alnum' : 'lower')}.${pick(rng, CHEAP_TLDS)}${path}`;
    case 'dyndns':
      return `http://${letters(rng, int(rng, 5, 10), 'alnum')}.${pick(rng, DYNDNS)}${path}`;
    case 'shortener':
      return `https://${pick(rng, SHORTENERS)}/${letters(rng, int(rng, 5, 8), 'mixed')}`;
    case 'ip':
      return `http://${pick(rng, TEST_NETS)}${int(rng, 1, 254)}${chance(rng, 0.2) ? `:${pick(rng, ['8080', '8888', '443'])}` : ''}${path || '/'}`;
    case 'subdomain': {
      const official = brand ? pick(rng, brand.official).replace(/^www\./, '') : 'example.jp';
      return `https://${official}.${letters(rng, int(rng, 4, 7))}.${pick(rng, CHEAP_TLDS)}${path}`;
    }
  }
}

const OFFICIAL_PATHS = ['/', '/{a6}', '/info/', '/info/{d6}.html', '/mypage/', '/support/', '/s/{a5}', '/r/{a8}', '/?id={a8}', '/notice/{d8}', '/campaign/{a6}/', '/login', '/m/{a4}', '/guide/', '/cs/{d4}'];

/** A genuine link on one of the brand's official hosts. */
export function officialUrl(rng: Rng, brand: SynthBrand): string {
  const host = pick(rng, brand.official);
  if (host === 'amzn.asia' || host === 'lin.ee') return `https://${host}/${letters(rng, 7, 'mixed')}`;
  return `https://${host}${fillPath(rng, pick(rng, OFFICIAL_PATHS), '')}`;
}

/** Hosts of invented local businesses (clinics, salons, schools); plausible but made up. */
const LOCAL_WORDS = ['sakura', 'hikari', 'aozora', 'midori', 'hana', 'kaede', 'tsubasa', 'minato', 'kizuna', 'yume', 'nagomi', 'egao', 'ichigo', 'sora', 'umi', 'kokoro'];
const LOCAL_KINDS = ['clinic', 'dental', 'salon', 'hair', 'school', 'juku', 'cafe', 'gym', 'fudosan', 'auto', 'seikotsu', 'nail', 'dc', 'hp', 'hospital'];
export function localBusinessUrl(rng: Rng): string {
  const host = `${pick(rng, LOCAL_WORDS)}-${pick(rng, LOCAL_KINDS)}${chance(rng, 0.3) ? String(int(rng, 1, 99)) : ''}.${pick(rng, ['jp', 'co.jp', 'com', 'net', 'or.jp', 'ne.jp'])}`;
  return `https://${chance(rng, 0.4) ? 'www.' : ''}${host}${fillPath(rng, pick(rng, ['/', '/reserve', '/news/{d6}', '/?p={d4}', '/campaign/', '']), '')}`;
}

/** LINE official-account and form links that genuine shops and spammers both use. */
export function sharedPlatformUrl(rng: Rng): string {
  return pick(rng, [
    () => `https://lin.ee/${letters(rng, 7, 'mixed')}`,
    () => `https://line.me/R/ti/p/@${letters(rng, 3, 'lower')}${digits(rng, 4)}`,
    () => `https://forms.gle/${letters(rng, 10, 'mixed')}`,
    () => `https://bit.ly/${letters(rng, 7, 'mixed')}`,
    () => `https://docs.google.com/forms/d/e/${letters(rng, 20, 'mixed')}/viewform`,
  ])();
}
