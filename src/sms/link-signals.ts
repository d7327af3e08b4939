// Signals from the links in a message: disguise (userinfo, IP literal, IDN, defanging), cheap or free hosting,
// shorteners, and lookalikes of the catalogue's brands (confusable skeletons, edit distance, brand names placed
// in sub-domains such as kuronekoyamato.co.jp.abc-xyz.top).
import { editDistance, skeleton, type ExtractedUrl } from '../text/index.js';
import type { Brand, BrandMatcher } from './brand.js';

/** Public suffixes that cost little or nothing and dominate Japanese smishing links. */
const CHEAP_TLDS = new Set([
  'top', 'xyz', 'icu', 'vip', 'shop', 'club', 'buzz', 'cyou', 'cfd', 'sbs', 'bond', 'online', 'site', 'store', 'fun', 'live',
  'life', 'work', 'click', 'link', 'monster', 'rest', 'beauty', 'hair', 'quest', 'mom', 'lol', 'cn', 'tk', 'ml', 'ga', 'cf',
  'gq', 'cc', 'pw', 'ws', 'win', 'bid', 'loan', 'today', 'fit', 'ink', 'tokyo', 'asia', 'wang', 'ltd', 'pro', 'ren', 'kim',
  'xin', 'info', 'biz', 'me', 'one', 'space', 'website', 'tech', 'email', 'net.cn', 'com.cn', 'top.cn', 'ru', 'su', 'cam', 'sbs',
  'autos', 'boats', 'homes', 'skin', 'motorcycles', 'yachts', 'makeup', 'baby', 'dad', 'phd', 'uno', 'world', 'zone', 'digital',
]);

/** Free hosting and dynamic DNS suffixes: anyone can get a sub-domain in seconds. */
const FREE_HOSTING = new Set([
  'duckdns.org', 'ddns.net', 'no-ip.org', 'no-ip.com', 'hopto.org', 'zapto.org', 'sytes.net', '000webhostapp.com', 'web.app',
  'firebaseapp.com', 'pages.dev', 'workers.dev', 'vercel.app', 'netlify.app', 'github.io', 'glitch.me', 'weebly.com', 'wixsite.com',
  'herokuapp.com', 'repl.co', 'onrender.com', 'ngrok.io', 'ngrok-free.app', 'azurewebsites.net', 'blogspot.com', 'square.site',
  'mystrikingly.com', 'webflow.io', 'godaddysites.com', 'r2.dev', 'trycloudflare.com', 'myftp.org', 'dynv6.net', 'f5.si', 'ddo.jp',
]);

/**
 * Hosts on a brand's domain where anyone can publish (forms, sites, file shares, account pages): phishing kits
 * live there, so they are never "official" even though the registrable domain belongs to a catalogue brand.
 */
const USER_CONTENT = [
  'sites.google.com', 'docs.google.com', 'drive.google.com', 'forms.gle', 'storage.googleapis.com', 'firebasestorage.googleapis.com',
  'script.google.com', 'onedrive.live.com', '1drv.ms', 'sharepoint.com', 'forms.office.com', 'forms.microsoft.com', 'line.me/ti',
  'page.line.me', 'note.com', 'ameblo.jp', 'fc2.com', 'jimdofree.com', 'wixsite.com', 'linktr.ee', 'notion.site', 'canva.site',
  'dropbox.com', 'icloud.com/iclouddrive', 'apps.apple.com',
];

function userContent(u: ExtractedUrl): string | undefined {
  const hp = u.host + u.path;
  return USER_CONTENT.find((x) => (x.includes('/') ? hp.startsWith(x) : u.host === x || u.host.endsWith(`.${x}`)));
}

export interface LinkFinding {
  code: string;
  weight: number;
  detail: string;
  /** The brand a lookalike link imitates. */
  brand?: Brand;
}

export interface LinkAssessment {
  url: ExtractedUrl;
  /** The link goes to a catalogue brand's own domain (or an allow-listed one). */
  official: Brand | 'allow-listed' | null;
  findings: LinkFinding[];
}

function labelsOf(u: ExtractedUrl): string[] {
  return u.host.split('.').filter((l) => l.length > 0);
}

/** Does this host imitate a brand? Checks every label and hyphen-part against the brands' domain labels. */
function lookalike(u: ExtractedUrl, brands: BrandMatcher): LinkFinding | null {
  const labels = labelsOf(u);
  const parts = new Set<string>();
  for (const l of labels) {
    parts.add(l);
    for (const p of l.split('-')) if (p.length >= 3) parts.add(p);
  }
  const joined = labels.join('.');
  const idx = brands.labelIndex;
  // Brand domain label inside a foreign host: 'kuronekoyamato.co.jp.abc.top', 'mufg-jp.com', 'amazon-update.xyz'.
  // Long labels are distinctive anywhere in the host; short ones ('line', 'mufg') only as a whole part.
  const longHit = idx.long?.exec(joined);
  const inHost = longHit ? idx.byLabel.get(longHit[0]) : [...parts].map((p) => idx.byLabel.get(p)).find((l) => l !== undefined && l.label.length < 6);
  if (inHost) {
    return { code: 'link_brand_in_host', weight: 3.2, detail: `host ${u.host} carries the brand name "${inHost.label}" (${inHost.brand.name}) but is not its domain`, brand: inHost.brand };
  }
  // Each host part's skeleton, looked up among the catalogue's label skeletons. An IDN host is compared in its
  // Unicode form too: 'ѕmbс' (Cyrillic) has the skeleton of 'smbc', its punycode has not.
  const candidates = [...parts];
  if (u.isPunycode) {
    for (const l of u.hostUnicode.toLowerCase().split('.')) candidates.push(l, ...l.split('-'));
  }
  for (const p of candidates) {
    if (p.length < 4) continue;
    const same = idx.bySkeleton.get(skeleton(p));
    if (same && same.label !== p) {
      return { code: 'link_confusable', weight: 3.6, detail: `host label "${p}" is a confusable of "${same.label}" (${same.brand.name})`, brand: same.brand };
    }
  }
  // One edit away from a 6+ letter label. One edit cannot touch both the first two and the last two characters,
  // so a cheap prefix/suffix test skips the distance computation for nearly every pair.
  for (const p of parts) {
    if (p.length < 5) continue;
    for (const len of [p.length - 1, p.length, p.length + 1]) {
      for (const l of idx.byLength.get(len) ?? []) {
        if (l.label === p) continue;
        if ((p.startsWith(l.label.slice(0, 2)) || p.endsWith(l.label.slice(-2))) && editDistance(p, l.label, 1) === 1) {
          return { code: 'link_lookalike', weight: 3.0, detail: `host label "${p}" is one edit from "${l.label}" (${l.brand.name})`, brand: l.brand };
        }
      }
    }
  }
  // Brand aliases written in ASCII inside the host ('docomo-pay.top', 'sagawa-exp.co.jp.xyz').
  for (const p of parts) {
    const owner = brands.aliasBrand(p);
    if (owner) return { code: 'link_brand_in_host', weight: 3.2, detail: `host ${u.host} carries the brand name "${p}" (${owner.name}) but is not its domain`, brand: owner };
  }
  return null;
}

export function assessLink(
  u: ExtractedUrl,
  brands: BrandMatcher,
  /** An indicator lookup found the link on the allow-list (and not on the bad list). */
  allowListed: boolean,
): LinkAssessment {
  const shared = userContent(u);
  const owner = u.isIp || shared ? undefined : brands.ownerOf(u.host, u.registrableDomain);
  // The userinfo trick makes a link look official while going elsewhere: never treat it as official.
  if (owner && !u.userinfo) return { url: u, official: owner, findings: [] };
  if (!u.userinfo && !shared && allowListed) return { url: u, official: 'allow-listed', findings: [] };

  const findings: LinkFinding[] = [];
  if (shared) findings.push({ code: 'link_user_content', weight: 0.6, detail: `user-published content on a platform domain (${shared}): anyone can host a page there` });
  if (u.userinfo) findings.push({ code: 'link_userinfo', weight: 3.0, detail: `link hides its real host ${u.host} behind "${u.userinfo}@"` });
  if (u.isIp) findings.push({ code: 'link_ip_literal', weight: 2.5, detail: `link goes to a bare IP address ${u.host}` });
  if (u.isPunycode) findings.push({ code: 'link_idn', weight: 1.5, detail: `internationalised host ${u.hostUnicode} (${u.host})` });
  if (u.defanged) findings.push({ code: 'link_obfuscated', weight: 1.2, detail: `link written in an obfuscated form: ${u.raw.slice(0, 80)}` });
  if (u.isShortener) findings.push({ code: 'link_shortener', weight: 1.0, detail: `URL shortener ${u.host} hides the destination` });
  const suffix = u.publicSuffix ?? '';
  const free = [...FREE_HOSTING].find((f) => u.host === f || u.host.endsWith(`.${f}`));
  if (free) findings.push({ code: 'link_free_hosting', weight: 1.5, detail: `free hosting or dynamic DNS (${free})` });
  else if (CHEAP_TLDS.has(suffix)) findings.push({ code: 'link_cheap_tld', weight: 1.4, detail: `cheap top-level domain .${suffix}` });
  // A user-content host is the genuine platform (its name is the platform's own), so no lookalike check.
  if (!u.isIp && !shared) {
    const look = lookalike(u, brands);
    if (look) findings.push(look);
    const reg = (u.registrableDomain ?? u.host).split('.')[0] ?? '';
    if (/\d/.test(reg) && /[a-z]/.test(reg) && reg.length >= 6) {
      findings.push({ code: 'link_random_host', weight: 0.5, detail: `machine-made host name "${reg}"` });
    }
  }
  return { url: u, official: null, findings };
}
