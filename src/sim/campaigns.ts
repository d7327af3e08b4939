// The criminals' side of the campaigns: every day each family pushes dozens of new variants to its infected
// handsets (DESIGN §1: "dozens of new message variants a day, no repeats"), and the brand in favour rotates every
// few days. A variant is a pure function of (seed, family, day, index), cached for the days in use.

import { label, Rng, hash } from './prng.js';
import { BRANDS, makeVariant, type Family, type Variant } from './texts-smishing.js';

/** Days a favoured brand stays in favour. */
const BRAND_EPOCH_DAYS = 3;
/** Extra weight of the favoured brand. */
const FAVOUR = 4;

export class Campaigns {
  private readonly cache = new Map<string, Variant[]>();

  constructor(private readonly seed: number) {}

  /** Number of variants a family runs on a day: 20–45. */
  private poolSize(family: Family, day: number): number {
    return 20 + (hash(this.seed, label(family), day, 0x706f6f) % 26);
  }

  private pool(family: Family, day: number): Variant[] {
    const key = `${family}:${day}`;
    let pool = this.cache.get(key);
    if (pool) return pool;
    const brands = BRANDS[family];
    const favoured = hash(this.seed, label(family), Math.floor(day / BRAND_EPOCH_DAYS), 0x666176) % brands.length;
    const weights = brands.map((br, i) => br.weight * (i === favoured ? FAVOUR : 1));
    pool = [];
    const n = this.poolSize(family, day);
    for (let k = 0; k < n; k++) {
      const rng = new Rng(this.seed, label(`variant:${family}`), day, k);
      pool.push(makeVariant(rng, family, `${family}-d${day}-v${k}`, rng.weighted(brands, weights)));
    }
    this.cache.set(key, pool);
    // Handsets only ever ask for today's or yesterday's variants; keep the cache small.
    for (const k of this.cache.keys()) {
      const d = Number(k.slice(k.indexOf(':') + 1));
      if (d < day - 2) this.cache.delete(k);
    }
    return pool;
  }

  /** A variant for a burst starting on `day` (days since the start of the run). */
  variant(family: Family, day: number, rng: Rng): Variant {
    const pool = this.pool(family, day);
    return pool[rng.int(0, pool.length - 1)]!;
  }
}
