// The verdict engine: for one SMS, allow / warn / block, with the reasons an analyst can read.
//
// Every signal adds a log-odds weight; the score is the logistic of their sum plus a prior. That keeps each
// decision explainable (the reasons are the terms of the sum) and lets the trained classifier sit beside the
// hand-written rules as one more term. Policies only differ in thresholds: the network layer blocks only when
// nearly certain (a blocked message is invisible to the subscriber), the client layer warns earlier.
import { AppError, BoundedCache, type Clock, newId } from '../core/index.js';
import { normalizeIndicatorValue } from '../intel/index.js';
import {
  classifySender, extractMessengerIds, extractPhones, extractUrls, normalizeText,
  type ExtractedUrl, type SenderInfo,
} from '../text/index.js';
import type { Brand, BrandMatcher } from './brand.js';
import { decideCategory, decideFamily } from './categorize.js';
import { MIN_TEMPLATE_CHARS, templateSignature } from './fingerprint.js';
import * as lex from './lexicon.js';
import { assessLink, type LinkAssessment } from './link-signals.js';
import type { SenderRegistry } from './sender-registry.js';
import { Collector } from './verdict-collector.js';
import type { Action, Policy, SmsInput, Verdict, VerdictIndicator } from './verdict.js';

/** Prior log-odds: most SMS are legitimate. */
const PRIOR = -2.5;
/** Link findings that are evidence about the infrastructure itself, not about wording. */
const HARD_LINK_FINDINGS = new Set(['link_confusable', 'link_lookalike', 'link_brand_in_host', 'link_userinfo', 'link_ip_literal']);
/** Links assessed per message. */
const MAX_LINKS = 20;

function maskLinks(text: string, raws: readonly string[]): string {
  let t = text;
  for (const raw of raws) if (raw) t = t.split(raw).join(' ');
  return t;
}

export interface IndicatorMatch { id: string; verdict: 'bad' | 'good'; confidence: number; source: string }
/** The narrow view of the intel index the engine needs; values are normalised as intel normalises them. */
export interface IndicatorLookup {
  lookup(kind: VerdictIndicator['kind'], value: string): IndicatorMatch | undefined;
}
/** The trained classifier: probability that a normalised text is unwanted. */
export interface TextScorer {
  predict(normalizedText: string): number;
}

export interface PolicyThresholds { warnAt: number; blockAt: number }

export interface VerdictEngineDeps {
  brands: BrandMatcher;
  senders: SenderRegistry;
  indicators: IndicatorLookup;
  classifier: TextScorer;
  policies: Readonly<Record<Policy, PolicyThresholds>>;
  /** Longest body accepted, characters. */
  maxBodyChars: number;
  clock: Clock;
}

/** Everything the rules learned about a message; shared by the category and family decisions. */
export interface Evidence {
  text: string;
  folded: string;
  sender: SenderInfo;
  links: LinkAssessment[];
  brand: Brand | null;
  groups: Set<string>;
  hasCallback: boolean;
  messengers: number;
  hourJst: number | null;
}

/**
 * Adds a lexicon group's reason when it matches. A group counts once, with a bonus for each further distinct
 * term (up to two): "不正利用 … 制限しました" is more telling than either alone.
 */
function fireGroup(ev: Evidence, c: Collector, g: lex.LexiconGroup, weight = g.weight): boolean {
  // One global scan both tests the group and collects its terms.
  const found = ev.folded.match(g.global);
  if (found === null) return false;
  ev.groups.add(g.code);
  const terms = found.length === 1 ? found : [...new Set(found)];
  const bonus = weight > 0 ? Math.min(terms.length - 1, 2) * 0.3 * weight : 0;
  c.add(g.code, weight + bonus, `${g.detail}: ${terms.slice(0, 4).map((t) => `"${t}"`).join(', ')}`);
  return true;
}

/** Distinct matched terms of a group, in order of appearance. */
function distinctTerms(g: lex.LexiconGroup, text: string): string[] {
  return [...new Set(text.match(g.global) ?? [])];
}

/** Strongest first (by |weight|), stable; in place by insertion: a message has a handful of reasons, and the
 * built-in sort allocated more per message than the rest of the ordering work. */
function sortByWeight(rs: Array<{ weight: number }>): void {
  for (let i = 1; i < rs.length; i++) {
    const r = rs[i]!;
    const w = Math.abs(r.weight);
    let j = i - 1;
    while (j >= 0 && Math.abs(rs[j]!.weight) < w) {
      rs[j + 1] = rs[j]!;
      j--;
    }
    rs[j + 1] = r;
  }
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Paths whose WHATWG-normalised form is the path itself: no escapes to add, no dot segments to resolve. */
const PLAIN_PATH = /^[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;

/**
 * The link's `url` indicator key, exactly as intel normalises stored URL indicators (host + path, no trailing
 * slash), so that `/a/../b` or a percent-encoded path cannot slip past an indicator. The common plain path takes
 * a fast path; anything else goes through intel's normaliser.
 */
function urlValue(u: ExtractedUrl): string {
  const path = u.path === '/' ? '' : u.path.replace(/\/+$/, '');
  if (PLAIN_PATH.test(path) && !DOT_SEGMENT.test(path)) return u.host + path;
  try {
    return normalizeIndicatorValue('url', u.host + u.path);
  } catch {
    return u.host + path;
  }
}

function hourOf(receivedAt: SmsInput['receivedAt']): number | null {
  if (receivedAt === undefined) return null;
  const ms = typeof receivedAt === 'number' ? receivedAt : Date.parse(receivedAt);
  if (!Number.isFinite(ms)) return null;
  return new Date(ms + 9 * 3600_000).getUTCHours(); // Japan has no daylight saving: JST = UTC+9.
}

/**
 * Parsing a sender costs little for Japanese numbers but tens of µs for foreign ones (libphonenumber), and real
 * traffic repeats senders (A2P numbers, and every line sends many messages), so results are cached, bounded.
 */
class SenderCache {
  private readonly map = new BoundedCache<string, SenderInfo>(50_000);

  classify(from: string | null | undefined): SenderInfo {
    if (typeof from !== 'string') return classifySender(from);
    let info = this.map.get(from);
    if (info === undefined) {
      info = classifySender(from);
      this.map.set(from, info);
    }
    return info;
  }
}

export class VerdictEngine {
  private readonly senders_ = new SenderCache();

  constructor(private readonly deps: VerdictEngineDeps) {}

  classify(input: SmsInput, policy: Policy = 'network'): Verdict {
    if (typeof input.body !== 'string') throw new AppError('BODY_EMPTY', 'body is required');
    if (input.body.length > this.deps.maxBodyChars) {
      throw new AppError('BODY_TOO_LONG', `body has ${input.body.length} characters; the limit is ${this.deps.maxBodyChars}`);
    }
    const text = normalizeText(input.body);
    if (text.length === 0) throw new AppError('BODY_EMPTY', 'body is empty after normalisation');

    const c = new Collector(this.deps.indicators);

    const allUrls = extractUrls(text);
    const raws = allUrls.map((u) => u.raw);
    // Lures and brand names are read in the text without its links: "www" or "amazon" inside a URL is not prose.
    // `text` is already normalised, so folding is only lower-casing (foldForMatch would normalise again).
    const folded = (allUrls.length === 0 ? text : maskLinks(text, raws)).toLowerCase();
    const sender = this.senders_.classify(input.from);
    const ev: Evidence = {
      text, folded, sender, links: [], brand: null, groups: new Set(), hasCallback: false, messengers: 0, hourJst: hourOf(input.receivedAt),
    };
    // A body stuffed with links must not cost a thousand assessments: the first MAX_LINKS are enough to judge.
    const urls = allUrls.length > MAX_LINKS ? allUrls.slice(0, MAX_LINKS) : allUrls;
    if (allUrls.length > MAX_LINKS) c.add('many_links', 1.0, `${allUrls.length} links in one message (the first ${MAX_LINKS} assessed)`);
    const { fingerprint, chars } = templateSignature(text, raws);

    // 1. Indicators: the sender, the template, then links and numbers in the body (below).
    this.senderSignals(input, sender, c);
    // A template of a few characters ("U" for a bare link, an emoji) is shared by unrelated messages: no look-up.
    const fpHit = chars >= MIN_TEMPLATE_CHARS ? c.check('fingerprint', fingerprint, 'message') : null;
    if (fpHit) c.add(fpHit.verdict === 'bad' ? 'indicator_bad_fingerprint' : 'indicator_good_fingerprint', (fpHit.verdict === 'bad' ? 5 : -4) * fpHit.confidence, `message template ${fingerprint} is on the ${fpHit.verdict} list (${fpHit.source})`);

    // 2. Brands named in the text.
    const mentions = this.deps.brands.mentions(folded);
    ev.brand = mentions[0]?.brand ?? null;

    // 3. Links.
    for (const u of urls) {
      const value = urlValue(u);
      const hits = [c.check('url', value, 'link'), c.check('host', u.host, 'link')];
      if (u.registrableDomain) hits.push(c.check('domain', u.registrableDomain, 'link'));
      if (u.isIp) hits.push(c.check('ip', u.host, 'link'));
      let bad: IndicatorMatch | null = null;
      let good: IndicatorMatch | null = null;
      for (const h of hits) {
        if (h?.verdict === 'bad') bad ??= h;
        else if (h?.verdict === 'good') good ??= h;
      }
      const a = assessLink(u, this.deps.brands, good !== null && bad === null);
      ev.links.push(a);
      if (bad) c.add('indicator_bad_link', 6 * bad.confidence, `link ${value} is on the bad list (${bad.source}, confidence ${bad.confidence.toFixed(2)})`);
      for (const f of a.findings) {
        c.add(f.code, f.weight, f.detail);
        if (f.brand && !ev.brand) ev.brand = f.brand;
      }
    }
    const foreign = ev.links.filter((l) => l.official === null);
    // Official means official for the brand the text names: a ヤマト lure linking to another catalogue brand's
    // domain earns no credit (and no mismatch either, since the domain itself is genuine).
    // Every brand the text names counts ("au PAY … App Store" may link to apple.com).
    const named = ev.brand;
    const mentioned = new Set(mentions.map((m) => m.brand.id));
    const otherBrand = named
      ? ev.links.filter((l) => l.official !== null && l.official !== 'allow-listed' && !mentioned.has(l.official.id) && !mentions.some((m) => this.deps.brands.isOfficialFor(m.brand, l.url.host, l.url.registrableDomain)))
      : [];
    if (ev.links.length > 0 && foreign.length === 0 && otherBrand.length === 0) {
      c.add('link_official', -2.0, `every link goes to an official or allow-listed domain (${ev.links.map((l) => l.url.host).join(', ')})`);
    } else if (named && otherBrand.length > 0) {
      c.add('link_other_brand', 0.5, `names ${named.name} but links to another organisation's site (${otherBrand.map((l) => l.url.host).join(', ')})`);
    }
    // The text names a brand and a link imitates that very brand: impersonation, not coincidence.
    const imitation = ev.brand ? ev.links.find((l) => l.findings.some((f) => f.brand?.id === ev.brand?.id)) : undefined;
    if (ev.brand && imitation) c.add('brand_imitated_in_link', 1.5, `names ${ev.brand.name} and links to ${imitation.url.host}, made to look like it`);
    if (ev.brand && foreign.length > 0) {
      const hosts = foreign.map((l) => l.url.host).join(', ');
      c.add('brand_link_mismatch', 3.0, `names ${ev.brand.name} but links to ${hosts}, not to ${ev.brand.officialDomains.slice(0, 3).join(' / ')}`);
    }

    // 4. Numbers in the body: call-back scams give a number instead of a link.
    for (const p of extractPhones(text)) {
      if (p.kind === 'ip' || p.kind === 'fixed' || p.kind === 'freedial' || p.kind === 'navidial' || p.kind === 'mobile' || p.kind === 'international') ev.hasCallback = true;
      const key = p.e164 ?? p.national;
      if (!p.valid || !key) continue;
      const hit = c.check('phone', key, 'body');
      if (hit) c.add(hit.verdict === 'bad' ? 'indicator_bad_number' : 'indicator_good_number', (hit.verdict === 'bad' ? 4 : -1) * hit.confidence, `number ${key} in the text is on the ${hit.verdict} list (${hit.source})`);
    }

    // 5. Lures and style.
    this.textSignals(ev, foreign.length > 0, c);

    // 6. Who sent it, against what it claims.
    this.brandSenderSignals(input, ev, foreign.length > 0, c);

    // 7. The trained classifier: one more term, bounded so rules and indicators can outvote it.
    // A text model must not talk away hard evidence in the link itself (a lookalike of a brand, a hidden host,
    // a bare IP): then its legit-leaning vote is capped at -1.5.
    const p = this.deps.classifier.predict(text);
    const disguisedLink = ev.links.some((l) => l.findings.some((f) => HARD_LINK_FINDINGS.has(f.code)));
    const floor = disguisedLink ? -1.5 : -4;
    const logit = Math.max(floor, Math.min(4, Math.log(p / (1 - p))));
    c.add('classifier', logit, `statistical model: p(unwanted) = ${p.toFixed(3)}${disguisedLink && logit === floor ? ' (legit vote capped: the link is disguised)' : ''}`);

    let sum = PRIOR;
    let badIndicator = false;
    for (const r of c.reasons) {
      sum += r.weight;
      if (r.code.startsWith('indicator_bad')) badIndicator = true;
    }
    const score = sigmoid(sum);
    const t = this.deps.policies[policy];
    let action: Action = score >= t.blockAt ? 'block' : score >= t.warnAt ? 'warn' : 'allow';
    // A blocked message is invisible to the subscriber, so the network layer blocks only messages that carry an
    // attack vector — a link, a number to call, a messenger contact — or a bad indicator; text alone only warns.
    const vector = ev.links.length > 0 || ev.hasCallback || ev.messengers > 0 || badIndicator;
    if (action === 'block' && !vector) {
      action = 'warn';
      c.reasons.push({ code: 'no_attack_vector', weight: 0, detail: 'no link, number or contact id: warned instead of blocked' });
    }
    const category = decideCategory(score, ev);
    sortByWeight(c.reasons);
    for (const r of c.reasons) r.weight = Math.round(r.weight * 1000) / 1000;
    return {
      id: input.id ?? newId(this.deps.clock.now()),
      policy,
      action,
      score: Math.round(score * 10000) / 10000,
      category,
      brand: ev.brand?.name ?? null,
      family: decideFamily(category, ev),
      fingerprint,
      reasons: c.reasons,
      indicators: c.indicators,
    };
  }

  private senderSignals(input: SmsInput, sender: SenderInfo, c: Collector): void {
    if (sender.type === 'invalid') c.add('sender_invalid', 1.0, `sender "${String(input.from).slice(0, 32)}" is not a valid number or sender id`);
    if (!sender.normalized) return;
    const kind = sender.type === 'alphanumeric' ? 'sender_id' : 'phone';
    const hit = c.check(kind, sender.normalized, 'sender');
    if (hit?.verdict === 'bad') c.add('indicator_bad_sender', 5 * hit.confidence, `sender ${sender.normalized} is on the bad list (${hit.source})`);
    if (hit?.verdict === 'good') c.add('indicator_good_sender', -4 * hit.confidence, `sender ${sender.normalized} is on the good list (${hit.source})`);
  }

  private textSignals(ev: Evidence, foreignLink: boolean, c: Collector): void {
    const f = ev.folded;
    let lures = 0;
    for (const g of lex.LURE_GROUPS) if (fireGroup(ev, c, g)) lures++;
    if (fireGroup(ev, c, lex.URGENCY) && lures > 0) c.add('urgency_with_lure', 0.6, 'pressure combined with a lure');
    if (fireGroup(ev, c, lex.CALL_TO_ACTION, lures > 0 ? lex.CALL_TO_ACTION.weight : 0.2)) ev.groups.add('cta');
    if (lures >= 2) c.add('multiple_lures', 0.8, `${lures} kinds of lure in one message`);
    if (lures > 0 && foreignLink) c.add('lure_with_link', 1.5, 'a lure together with a link to a non-official site');
    if (ev.hasCallback && (ev.groups.has('lure_payment') || ev.groups.has('lure_account'))) {
      c.add('callback_with_lure', 2.0, 'asks to call a number about charges or an account problem');
    }

    const messengers = extractMessengerIds(ev.text, { normalized: true });
    ev.messengers = messengers.length;
    const strong = fireGroup(ev, c, lex.RECRUIT_STRONG);
    const weak = new Set(distinctTerms(lex.RECRUIT_WEAK, f));
    if (weak.size >= 2 || (weak.size >= 1 && (strong || messengers.length > 0))) {
      ev.groups.add(lex.RECRUIT_WEAK.code);
      c.add(lex.RECRUIT_WEAK.code, lex.RECRUIT_WEAK.weight * Math.min(weak.size, 3) / 2, `${lex.RECRUIT_WEAK.detail}: ${[...weak].slice(0, 4).join(', ')}`);
    }
    if (messengers.length > 0) {
      const recruiting = strong || weak.size > 0;
      c.add('messenger_contact', recruiting ? 2.0 : 0.6, `asks to move to ${messengers.map((m) => m.service).join('/')}${recruiting ? ' together with job-offer terms' : ''}`);
    }
    fireGroup(ev, c, lex.SPAM);

    // A code message with a link to a foreign site is a phishing page asking for the code, not an OTP.
    // (A call-back scam that also mentions a code keeps its callback_with_lure and lure weights; genuine code
    // messages often carry a support number and account words, so those do not cancel this mark.)
    if (!foreignLink) fireGroup(ev, c, lex.OTP);
    fireGroup(ev, c, lex.LEGIT_MARKS);
    if (lures === 0 && !strong) fireGroup(ev, c, lex.PERSONAL);
  }

  private brandSenderSignals(input: SmsInput, ev: Evidence, foreignLink: boolean, c: Collector): void {
    const s = ev.sender;
    const credited = this.registrationSignals(input, ev, c);

    // About 99 % of Japanese smishing comes from infected handsets: a disguised link (cheap TLD, shortener,
    // machine-made host, free hosting, IP, obfuscation) from a personal line is the typical shape. Plain links
    // to ordinary sites, which friends share, do not fire this.
    const personalLine = s.phone !== null && (s.phone.kind === 'mobile' || s.phone.kind === 'ip');
    if (!credited && (personalLine || input.route === 'handset')) {
      const disguised = ev.links.find((l) => l.official === null && l.findings.length > 0);
      if (disguised) c.add('disguised_link_from_personal_line', 1.0, `a disguised link (${disguised.url.host}) sent from a personal line`);
    }

    if (!ev.brand || credited) return;
    const lured = LURE_CODES.some((code) => ev.groups.has(code));
    const officialOnly = ev.links.length > 0 && !foreignLink;
    if (lured && !officialOnly) c.add('brand_with_lure', 0.8, `names ${ev.brand.name} together with a lure, without an official link`);
    // Naming a brand is not suspicious in itself ("ヤマトの追跡番号これね" from a friend): only with something to act on.
    if (!lured && !foreignLink && !ev.hasCallback) return;
    if (personalLine || input.route === 'handset') {
      c.add('brand_from_personal_number', 2.5, `claims to be ${ev.brand.name} but comes from a personal line${s.normalized ? ` (${s.normalized})` : ''}`);
    } else if (input.route === 'international' || (s.type === 'phone' && s.phone?.kind === 'international')) {
      c.add('brand_from_abroad', 1.5, `claims to be ${ev.brand.name} but arrives over an international route`);
    }
  }

  /**
   * Sender-registry credit. Registered senders (0005 numbers, sender ids) reach subscribers through aggregators,
   * so a registered sender arriving over the handset or international route is a spoof and earns a penalty; one
   * linking outside its registered domains earns no credit. Full credit needs the aggregator route; with the
   * route unknown the credit is smaller. Returns whether the sender was credited as genuine.
   */
  private registrationSignals(input: SmsInput, ev: Evidence, c: Collector): boolean {
    const s = ev.sender;
    const reg = s.normalized ? this.deps.senders.get(s.normalized) : undefined;
    if (!reg) {
      if (s.type === 'common') c.add('sender_common_unregistered', 0.3, `0005 number ${s.normalized ?? ''} is not in the sender registry`);
      else if (s.type === 'alphanumeric' && ev.brand) c.add('sender_id_unregistered', 0.8, `alphanumeric sender ${s.normalized ?? ''} claims a brand but is not registered`);
      return false;
    }
    if (reg.vetting === 'revoked') {
      c.add('sender_revoked', 2.0, `sender ${reg.sender} was registered to ${reg.owner} but is revoked`);
      return false;
    }
    if (reg.vetting === 'pending') {
      c.add('sender_pending', 0, `sender ${reg.sender} is registered to ${reg.owner}, vetting pending: no credit`);
      return false;
    }
    if (input.route === 'handset' || input.route === 'international') {
      c.add('sender_registered_wrong_route', 2.5, `registered sender ${reg.sender} (${reg.owner}) arrived over the ${input.route} route, not through an aggregator: spoofed`);
      return false;
    }
    const outside = ev.links.filter((l) => !reg.officialDomains.some((d) => l.url.registrableDomain === d || l.url.host === d || l.url.host.endsWith(`.${d}`)));
    if (outside.length > 0) {
      c.add('sender_registered_foreign_link', 1.0, `registered sender ${reg.sender} (${reg.owner}) links outside its registered domains (${outside.map((l) => l.url.host).join(', ')})`);
      return false;
    }
    const brandOk = !ev.brand || reg.brandId === null || reg.brandId === ev.brand.id;
    const weight = !brandOk ? -1.0 : input.route === 'aggregator' ? -5.0 : -3.0;
    c.add('sender_registered', weight, `sender ${reg.sender} is a vetted registration of ${reg.owner}${brandOk ? '' : ` but the text names ${ev.brand?.name ?? ''}`}${input.route === 'aggregator' ? '' : ' (route unknown: partial credit)'}`);
    return true;
  }
}

const LURE_CODES = ['lure_account', 'lure_payment', 'lure_delivery', 'lure_reward', 'lure_prepaid', 'lure_app_install'];
