// Loads the built-in reference data into the store on start: the brand catalogue, the sample sender registry
// and the starter allow-list (every catalogue brand's official domains as `good` indicators). Only missing
// entries are inserted, so an operator's changes survive restarts and upgrades. The sample registrations are
// 'pending' (no credit) until an operator vets real ones.
import type { BrandSeed } from './brand.js';
import { BRAND_SEEDS } from './reference/brands.data.js';
import { SENDER_SEEDS } from './reference/senders.data.js';
import type { SenderRegistration } from './sender-registry.js';

export const REFERENCE_SOURCE = 'builtin:reference';

export function builtinBrands(): readonly BrandSeed[] {
  return BRAND_SEEDS;
}

export function builtinSenders(now: number, brands: readonly BrandSeed[]): SenderRegistration[] {
  const byId = new Map(brands.map((b) => [b.id, b]));
  return SENDER_SEEDS.map((s) => ({
    id: `snd_${s.sender}`,
    sender: s.sender,
    senderType: s.senderType,
    brandId: s.brandId,
    owner: s.owner,
    // Samples are illustrative: never vetted unless an entry says so explicitly.
    vetting: s.vetting ?? 'pending',
    officialDomains: s.officialDomains ?? (s.brandId ? [...(byId.get(s.brandId)?.officialDomains ?? [])] : []),
    createdAt: now,
    updatedAt: now,
  }));
}

/** Starter allow-list entries: official domains as good `domain` (or `host`) indicators. */
export function builtinAllowList(brands: readonly BrandSeed[]): Array<{ kind: 'domain' | 'host'; value: string; brand: string }> {
  const seen = new Set<string>();
  const out: Array<{ kind: 'domain' | 'host'; value: string; brand: string }> = [];
  for (const b of brands) {
    for (const d of b.officialDomains) {
      if (seen.has(d)) continue;
      seen.add(d);
      // Registrable domains (two labels, or three under a second-level like co.jp) are domains; deeper names are hosts.
      const labels = d.split('.');
      const isDomain = labels.length === 2 || (labels.length === 3 && /^(co|ne|or|go|ac|lg|ed|gr)\.jp$/.test(labels.slice(1).join('.')));
      out.push({ kind: isDomain ? 'domain' : 'host', value: d, brand: b.name });
    }
  }
  return out;
}
