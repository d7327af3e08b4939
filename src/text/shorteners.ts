// URL shorteners: a link through one hides its real destination, which is itself a signal in an SMS and means
// the destination must be resolved before judging it.
//
// A first-party short domain that only ever points to its owner (e.g. qr.paypay.ne.jp, youtu.be) is not listed:
// it does not hide where the link goes. amzn.to / amzn.asia and lin.ee are listed even though they belong to
// Amazon and LINE, because anyone can mint links on them that lead to arbitrary pages or accounts.
const SHORTENER_HOSTS: ReadonlySet<string> = new Set([
  // international general-purpose
  'bit.ly',
  'j.mp',
  'bitly.ws',
  't.co',
  'tinyurl.com',
  'tiny.one',
  'rotf.lol',
  'is.gd',
  'v.gd',
  'ow.ly',
  'cutt.ly',
  'cutt.us',
  'rebrand.ly',
  'x.gd',
  't.ly',
  'rb.gy',
  'goo.gl',
  'g.co',
  's.id',
  'shorturl.at',
  'buff.ly',
  'tiny.cc',
  'bit.do',
  'soo.gd',
  'clck.ru',
  'surl.li',
  'qrco.de',
  'kutt.it',
  'short.gy',
  'shorturl.asia',
  'lnkd.in',
  'ift.tt',
  'dlvr.it',
  'wp.me',
  'reurl.cc',
  'gg.gg',
  'urlz.fr',
  // platform links that can point anywhere (see above)
  'amzn.to',
  'amzn.asia',
  'a.co',
  'lin.ee',
  // Japanese services
  'ux.nu',
  'amba.to',
  'htn.to',
]);

/** True when `host` (canonical ASCII, lower case) is a known URL shortener, with or without 'www.'. */
export function isShortenerHost(host: string): boolean {
  if (SHORTENER_HOSTS.has(host)) return true;
  return host.startsWith('www.') && SHORTENER_HOSTS.has(host.slice(4));
}
