// Brands and the matcher that finds which brands a message names. Matching runs on folded text (lower-case,
// NFKC) with one compiled regex for every alias, so its cost does not grow with the catalogue.
import { skeleton } from '../text/index.js';

export type BrandCategory = 'delivery' | 'carrier' | 'bank' | 'card' | 'payment' | 'ecommerce' | 'tech' | 'government' | 'utility';

export interface BrandSeed {
  id: string;
  name: string;
  nameEn: string;
  category: BrandCategory;
  /** Lower-case forms matched in folded text; ASCII ones only at ASCII word boundaries. */
  aliases: string[];
  /** Registrable domains (or hosts) the brand sends links to. */
  officialDomains: string[];
}

export type Brand = Readonly<BrandSeed>;

export interface DomainLabel {
  label: string;
  skeleton: string;
  brand: Brand;
}

export interface BrandMention {
  brand: Brand;
  /** Index of the first mention in the folded text (earlier = the message's subject). */
  index: number;
}

const ASCII_WORD = /^[a-z0-9 !.-]+$/;

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class BrandMatcher {
  private readonly regex: RegExp;
  private readonly byAlias = new Map<string, Brand>();
  private readonly byId = new Map<string, Brand>();
  /** Official registrable domain → brand, for "link goes to the brand's own site" checks. */
  private readonly byDomain = new Map<string, Brand>();
  /** Second-level labels of official domains ('kuronekoyamato', 'mufg'), for lookalike checks. */
  readonly domainLabels: ReadonlyArray<DomainLabel>;
  /** Indexes over domainLabels for the per-link lookalike check (it runs on every foreign link). */
  readonly labelIndex: {
    /** Labels of 6+ letters, found anywhere in a host by one regex scan. */
    long: RegExp | null;
    byLabel: ReadonlyMap<string, DomainLabel>;
    bySkeleton: ReadonlyMap<string, DomainLabel>;
    /** Labels of 6+ letters by length, for the one-edit check. */
    byLength: ReadonlyMap<number, readonly DomainLabel[]>;
  };

  constructor(brands: readonly Brand[]) {
    const ascii: string[] = [];
    const other: string[] = [];
    const labels: DomainLabel[] = [];
    for (const brand of brands) {
      this.byId.set(brand.id, brand);
      for (const alias of brand.aliases) {
        const a = alias.toLowerCase().trim();
        // An empty alias would match everywhere (and make the matcher loop): never accept one.
        if (a === '' || this.byAlias.has(a)) continue;
        this.byAlias.set(a, brand);
        (ASCII_WORD.test(a) ? ascii : other).push(escapeRegex(a));
      }
      for (const d of brand.officialDomains) {
        this.byDomain.set(d, brand);
        const label = d.split('.')[0]!;
        // Skeletons are computed once here: the lookalike check runs on every foreign link.
        if (label.length >= 4 && !labels.some((l) => l.label === label)) labels.push({ label, skeleton: skeleton(label), brand });
      }
    }
    // Longest alias first so 'ヤマト運輸' wins over 'ヤマト' at the same position. ASCII aliases need word
    // boundaries so 'au' does not fire inside 'august'; one lookaround around the whole ASCII alternation is
    // far cheaper than one per alias.
    const byLength = (a: string, b: string): number => b.length - a.length;
    ascii.sort(byLength);
    other.sort(byLength);
    const alternatives = [...(other.length > 0 ? [other.join('|')] : []), ...(ascii.length > 0 ? [`(?<![a-z0-9])(?:${ascii.join('|')})(?![a-z0-9])`] : [])];
    // With no aliases at all, a pattern that never matches.
    this.regex = new RegExp(alternatives.length > 0 ? alternatives.join('|') : '(?!)', 'g');
    this.domainLabels = labels;
    const long = labels.filter((l) => l.label.length >= 6).map((l) => escapeRegex(l.label)).sort((a, b) => b.length - a.length);
    const lengths = new Map<number, DomainLabel[]>();
    for (const l of labels) if (l.label.length >= 6) lengths.set(l.label.length, [...(lengths.get(l.label.length) ?? []), l]);
    this.labelIndex = {
      long: long.length > 0 ? new RegExp(long.join('|')) : null,
      byLabel: new Map(labels.map((l) => [l.label, l])),
      bySkeleton: new Map(labels.map((l) => [l.skeleton, l])),
      byLength: lengths,
    };
  }

  /** The brand whose ASCII alias (4+ chars) equals this host part, e.g. 'docomo', 'sagawa'. */
  aliasBrand(part: string): Brand | undefined {
    if (part.length < 4) return undefined;
    const b = this.byAlias.get(part);
    return b && ASCII_WORD.test(part) ? b : undefined;
  }

  get(id: string): Brand | undefined {
    return this.byId.get(id);
  }

  /** Brands named in folded text, each once, in order of first mention. */
  mentions(folded: string): BrandMention[] {
    const out: BrandMention[] = [];
    const seen = new Set<string>();
    this.regex.lastIndex = 0;
    for (let m = this.regex.exec(folded); m !== null; m = this.regex.exec(folded)) {
      const brand = this.byAlias.get(m[0]);
      if (brand && !seen.has(brand.id)) {
        seen.add(brand.id);
        out.push({ brand, index: m.index });
      }
    }
    return out;
  }

  /** The brand that owns a host, by exact host or registrable domain. */
  ownerOf(host: string, registrableDomain: string | null): Brand | undefined {
    return this.byDomain.get(host) ?? (registrableDomain ? this.byDomain.get(registrableDomain) : undefined);
  }

  isOfficialFor(brand: Brand, host: string, registrableDomain: string | null): boolean {
    return brand.officialDomains.some((d) => d === registrableDomain || d === host || host.endsWith(`.${d}`));
  }
}
