// The deterministic synthetic corpus: generateCorpus(seed) → train and dev examples. Dev only uses held-out
// templates (about a quarter of each family's templates, chosen by a hash of the template id, never used for
// train), so dev figures measure generalisation to new wordings rather than memorised templates.

import { chance, digits, fnv1a, int, mulberry32, pick, pickWeighted, type Rng } from './prng.js';
import { expand, type Slots } from './template.js';
import type { SynthBrand } from './brands.js';
import type { Family, Label, Route } from './family.js';
import { FAMILIES } from './families/index.js';
import { localBusinessUrl, lureUrl, officialUrl, sharedPlatformUrl } from './links.js';
import { addNoise } from './noise.js';
import { commonSlots } from './vocab.js';

export interface SyntheticExample {
  text: string;
  label: Label;
  brand: string | null;
  family: string;
  /** Sender as the SMSC would see it (domestic digits, 0005 common number, or +E.164 abroad). */
  from: string;
  route: Route;
  synthetic: true;
  template: string;
}

export interface CorpusSizes {
  train: number;
  dev: number;
}

export const DEFAULT_SIZES: CorpusSizes = { train: 6000, dev: 2000 };

/** Share of each label; legit stays above 45 % so the model sees more genuine text than lures. */
export const LABEL_SHARE: Readonly<Record<Label, number>> = { legit: 0.52, smishing: 0.3, scam: 0.065, recruitment: 0.055, spam: 0.06 };

/** Share of templates held out for dev, by hash of the template id (independent of the seed). */
const DEV_TEMPLATE_PERCENT = 25;

export interface TemplateRef {
  family: Family;
  id: string;
  text: string;
}

/** Split each family's templates into train and dev pools; every family with ≥ 2 templates gets both. */
export function splitTemplates(families: readonly Family[] = FAMILIES): { train: TemplateRef[]; dev: TemplateRef[] } {
  const train: TemplateRef[] = [];
  const dev: TemplateRef[] = [];
  for (const family of families) {
    const refs = family.templates.map((text, i) => ({ family, id: `${family.id}#${i}`, text, h: fnv1a(`${family.id}#${i}`) % 100 }));
    let devRefs = refs.filter((r) => r.h < DEV_TEMPLATE_PERCENT);
    let trainRefs = refs.filter((r) => r.h >= DEV_TEMPLATE_PERCENT);
    if (refs.length >= 2 && devRefs.length === 0) {
      const lowest = refs.reduce((a, b) => (b.h < a.h ? b : a));
      devRefs = [lowest];
      trainRefs = refs.filter((r) => r !== lowest);
    }
    if (refs.length >= 2 && trainRefs.length === 0) {
      const highest = refs.reduce((a, b) => (b.h > a.h ? b : a));
      trainRefs = [highest];
      devRefs = refs.filter((r) => r !== highest);
    }
    for (const r of trainRefs) train.push({ family, id: r.id, text: r.text });
    for (const r of devRefs) dev.push({ family, id: r.id, text: r.text });
  }
  return { train, dev };
}

const PLACEHOLDERS = ['https://○○○', 'https://〇〇〇〇/△△△△', 'https://~', 'https://…', 'https://*********', '‹URL›', '(URL)', 'https://●●●', 'URL', '<URL>', 'https://....', '（リンク省略）', 'http://xxx.xxx'];
const CITY_ROMAJI = ['setagaya', 'yokohama', 'kawasaki', 'saitama', 'chiba', 'osaka', 'nagoya', 'fukuoka', 'sapporo', 'sendai', 'kobe', 'kyoto', 'hiroshima', 'nerima', 'koto', 'funabashi', 'hachioji', 'machida', 'toyonaka', 'sakai'];

function defang(url: string): string {
  return url.replace(/^http/, 'hxxp').replace(/\./g, '[.]');
}

/** Real quotes lose, mask or defang links; give both classes the same habits so none of them is a label cue. */
function renderLink(rng: Rng, url: string, lure: boolean): string {
  const r = rng();
  const placeholder = lure ? 0.14 : 0.1;
  const omit = lure ? 0.1 : 0.06;
  const defangP = 0.05;
  let s: string;
  if (r < placeholder) s = pick(rng, PLACEHOLDERS);
  else if (r < placeholder + omit) return '';
  else if (r < placeholder + omit + defangP) s = defang(url);
  else s = url;
  const lead = pickWeighted(rng, ['', ' ', '\n', '\n\n'], (x) => (x === '' ? 5 : x === ' ' ? 3 : x === '\n' ? 3 : 1));
  return lead + s + (chance(rng, 0.1) ? ' ' : '');
}

function brandName(rng: Rng, brand: SynthBrand): string {
  // The first spelling is the usual one; the others still appear often.
  return chance(rng, 0.55) ? (brand.names[0] as string) : pick(rng, brand.names);
}

function brandTag(rng: Rng, name: string): string {
  return pickWeighted(rng, [`【${name}】`, `[${name}]`, `「${name}」`, `${name}：`, `${name}より`, `${name}です。`, `(${name})`, `${name} `, ''], (x) =>
    x.startsWith('【') ? 6 : x.startsWith('[') ? 2 : x === '' ? 2 : 1);
}

function municipalUrl(rng: Rng): string {
  return `https://www.city.${pick(rng, CITY_ROMAJI)}.lg.jp/${pick(rng, ['', 'kurashi/', 'kenko/', `soshiki/${digits(rng, 4)}.html`, `form/${digits(rng, 5)}`])}`;
}

function sender(rng: Rng, family: Family): { from: string; route: Route } {
  const handset = (): { from: string; route: Route } => ({ from: `${pick(rng, ['090', '080', '070'])}${digits(rng, 8)}`, route: 'domestic-mobile' });
  const a2p = (): { from: string; route: Route } => {
    const r = rng();
    const from = r < 0.6 ? `0005${digits(rng, int(rng, 4, 6))}` : r < 0.75 ? `03${digits(rng, 8)}` : r < 0.9 ? `0120${digits(rng, 6)}` : `0570${digits(rng, 6)}`;
    return { from, route: 'domestic-a2p' };
  };
  const overseas = (): { from: string; route: Route } => ({ from: `+${pick(rng, ['63', '86', '84', '66', '1', '44', '852', '62'])}${digits(rng, int(rng, 9, 10))}`, route: 'overseas' });
  switch (family.sender) {
    case 'handset':
      return handset();
    case 'a2p':
      return a2p();
    case 'overseas':
      return overseas();
    case 'lure-mix':
      // DESIGN §1: ~99 % of smishing comes from infected domestic handsets, ~1 % from abroad.
      return chance(rng, 0.98) ? handset() : overseas();
    case 'spam-mix':
      return chance(rng, 0.5) ? handset() : chance(rng, 0.7) ? a2p() : overseas();
    case 'a2p-global':
      return chance(rng, 0.7) ? a2p() : overseas();
  }
}

/** One synthetic message from a template. */
export function generateOne(rng: Rng, ref: TemplateRef): SyntheticExample {
  const { family } = ref;
  const usesBrand = ref.text.includes('{brand}') || ref.text.includes('{tag}');
  const pool = family.brands ?? [null];
  const named = pool.filter((b): b is SynthBrand => b !== null);
  let brand: SynthBrand | null = pick(rng, pool);
  if (usesBrand && brand === null) {
    if (named.length === 0) throw new Error(`template ${ref.id} names a brand but its family has none`);
    brand = pick(rng, named);
  }
  const name = brand ? brandName(rng, brand) : '';
  let otp: string | undefined;
  let linked = false;
  const slots: Slots = {
    ...commonSlots(),
    ...(family.slots ? family.slots(brand, rng) : {}),
    brand: () => name,
    tag: (r) => (brand ? brandTag(r, name) : ''),
    otp: (r) => (otp ??= digits(r, 6)),
    url: (r) => {
      linked = true;
      switch (family.link) {
        case 'lure':
          return renderLink(r, lureUrl(r, brand), true);
        case 'official':
          return renderLink(r, brand ? officialUrl(r, brand) : municipalUrl(r), false);
        case 'local':
          return renderLink(r, localBusinessUrl(r), false);
        case 'shared':
          return renderLink(r, sharedPlatformUrl(r), family.label !== 'legit');
        case 'none':
          return '';
      }
    },
  };
  const raw = expand(ref.text, rng, slots);
  const noisy = addNoise(rng, raw, family.noise, family.label === 'smishing');
  const text = noisy.trim() === '' ? raw : noisy;
  const { from, route } = sender(rng, family);
  const brandKnown = brand !== null && (usesBrand || (linked && (family.link === 'lure' || family.link === 'official')));
  return { text, label: family.label, brand: brandKnown && brand ? brand.id : null, family: family.id, from, route, synthetic: true, template: ref.id };
}

function sampleSplit(rng: Rng, refs: readonly TemplateRef[], n: number, seen: Set<string>): SyntheticExample[] {
  const byLabel = new Map<Label, Map<Family, TemplateRef[]>>();
  for (const ref of refs) {
    const fams = byLabel.get(ref.family.label) ?? new Map<Family, TemplateRef[]>();
    byLabel.set(ref.family.label, fams);
    const list = fams.get(ref.family) ?? [];
    fams.set(ref.family, list);
    list.push(ref);
  }
  const labels = [...byLabel.keys()];
  const out: SyntheticExample[] = [];
  // Short templates (chat) run out of distinct wordings, so duplicates are dropped and drawn again.
  for (let draws = 0; out.length < n && draws < n * 4; draws++) {
    const label = pickWeighted(rng, labels, (l) => LABEL_SHARE[l]);
    const fams = byLabel.get(label) as Map<Family, TemplateRef[]>;
    const family = pickWeighted(rng, [...fams.keys()], (f) => f.weight);
    const list = fams.get(family) as TemplateRef[];
    const ex = generateOne(rng, pick(rng, list));
    const key = ex.text.normalize('NFKC').replace(/\s+/g, ' ').trim();
    if (key.length === 0 || seen.has(key)) continue;
    seen.add(key);
    out.push(ex);
  }
  return out;
}

/** Train and dev sets for a seed; identical output for identical seed and sizes. */
export function generateCorpus(seed: number, sizes: CorpusSizes = DEFAULT_SIZES): { train: SyntheticExample[]; dev: SyntheticExample[] } {
  const pools = splitTemplates();
  const seen = new Set<string>();
  const train = sampleSplit(mulberry32(seed), pools.train, sizes.train, seen);
  // Dev draws from its own stream so changing the train size does not reshuffle dev.
  const dev = sampleSplit(mulberry32((seed ^ 0x5bd1e995) >>> 0), pools.dev, sizes.dev, seen);
  return { train, dev };
}
