// The subscriber population: one index per line, with per-line data in typed arrays (number, carrier, traits, an
// alias table over heavy-tailed activity weights) so a million lines cost a few tens of megabytes. Contact lists
// are never stored: contact j of line i is a pure function of (seed, i, j), computed when a message needs it.
//
// A "party" is how the simulator names either side of a message: a subscriber index (≥ 0), or a number outside
// the population encoded as -(value + 1) where value is a mobile number value (see numbers.ts).

import { formatMobile, foreignNumber, MOBILE_SPACE, NumberSpace } from './numbers.js';
import { hash, hashFloat, Rng } from './prng.js';

/** Carriers and MVNOs with their share of lines. The first one is the operator running mamoru. */
export const CARRIERS = ['docomo', 'au', 'softbank', 'rakuten', 'iijmio', 'mineo', 'jcom'] as const;
export type Carrier = (typeof CARRIERS)[number];
/** The carrier shown for numbers outside the population (contacts who are not simulated). */
export const OTHER_CARRIER = 'other';
/** Carrier of either side of a message: a modelled carrier, or "other" for numbers outside the population. */
export type LineCarrier = Carrier | typeof OTHER_CARRIER;
const CARRIER_SHARE = [0.35, 0.26, 0.21, 0.06, 0.05, 0.04, 0.03];

/** Lines in one community (family, school, workplace, neighbourhood); most contacts are found there. */
export const COMMUNITY = 1000;
const FLAG_ANDROID = 1;
const FLAG_ABROAD = 2;

export type Party = number;
export const outside = (value: number): Party => -(value + 1);

export class Population {
  readonly size: number;
  readonly numbers: NumberSpace;
  /** Number value (see numbers.ts) of each line. */
  private readonly value: Uint32Array;
  private readonly carrierOf: Uint8Array;
  private readonly flags: Uint8Array;
  /** Vose alias table over activity weights. */
  private readonly prob: Float32Array;
  private readonly alias: Int32Array;

  constructor(
    readonly seed: number,
    size: number,
  ) {
    this.size = size;
    this.numbers = new NumberSpace(seed);
    this.value = new Uint32Array(size);
    this.carrierOf = new Uint8Array(size);
    this.flags = new Uint8Array(size);
    const weight = new Float64Array(size);
    const cum: number[] = [];
    let acc = 0;
    for (const s of CARRIER_SHARE) cum.push((acc += s));
    for (let i = 0; i < size; i++) {
      this.value[i] = this.numbers.encode(i);
      const c = hashFloat(seed, i, 0x636172);
      let k = 0;
      while (k < cum.length - 1 && c >= cum[k]!) k++;
      this.carrierOf[i] = k;
      const t = hash(seed, i, 0x747261);
      // About half the handsets in Japan are Android; only Android lines can be infected by MoqHao / KeepSpy.
      this.flags[i] = ((t & 1) === 0 ? FLAG_ANDROID : 0) | (t % 1000 < 40 ? FLAG_ABROAD : 0);
      weight[i] = this.activity(i);
    }
    [this.prob, this.alias] = buildAlias(weight);
  }

  /** Relative SMS activity: a fifth of lines barely use SMS; the rest follow a Pareto(1.5) tail capped at 150. */
  activity(i: number): number {
    const u = hashFloat(this.seed, i, 0x616374);
    return u < 0.2 ? 0.05 : Math.min(150, Math.pow(1 - (u - 0.2) / 0.8, -1 / 1.5));
  }

  /** A line drawn in proportion to its activity weight (O(1)). */
  sampleActive(rng: Rng): number {
    const i = rng.u32() % this.size;
    return rng.float() < this.prob[i]! ? i : this.alias[i]!;
  }

  /** A line drawn uniformly. */
  sampleUniform(rng: Rng): number {
    return rng.u32() % this.size;
  }

  number(i: number): string {
    return formatMobile(this.value[i]!);
  }

  /** E.164 of any party. */
  partyNumber(p: Party): string {
    return p >= 0 ? formatMobile(this.value[p]!) : formatMobile(-p - 1);
  }

  carrier(i: number): Carrier {
    return CARRIERS[this.carrierOf[i]!]!;
  }

  /**
   * Carrier of any party. Numbers outside the population are on networks the simulation does not model
   * ("other"): every line of a modelled carrier is a subscriber, so the operator's view stays complete.
   */
  partyCarrier(p: Party): LineCarrier {
    return p >= 0 ? CARRIERS[this.carrierOf[p]!]! : OTHER_CARRIER;
  }

  isAndroid(i: number): boolean {
    return (this.flags[i]! & FLAG_ANDROID) !== 0;
  }

  /** Has family or friends abroad to text with. */
  hasAbroadTies(i: number): boolean {
    return (this.flags[i]! & FLAG_ABROAD) !== 0;
  }

  /** Party for a mobile number value: the subscriber index if it is one of ours. */
  partyOfValue(v: number): Party {
    const i = this.numbers.decode(v);
    return i < this.size ? i : outside(v);
  }

  /** A number outside the population, from a hash. */
  outsider(h: number): Party {
    return outside(this.numbers.encode(this.size + (h % (MOBILE_SPACE - this.size))));
  }

  /** Size of line i's contact list: log-normal around 60, more for active lines, 8–600. */
  contactCount(i: number): number {
    const u = hashFloat(this.seed, i, 0x636e74);
    const z = Math.sqrt(-2 * Math.log(1 - u * 0.999)) * Math.cos(2 * Math.PI * hashFloat(this.seed, i, 0x636e75));
    const active = this.activity(i) > 3 ? 1.4 : 1;
    return Math.max(8, Math.min(600, Math.round(60 * active * Math.exp(0.7 * z))));
  }

  /**
   * Contact j of line i (0 ≤ j < contactCount(i)): 70 % from the line's community, 16 % anywhere in the
   * population, 14 % numbers outside it (other operators' customers we do not simulate, old numbers).
   */
  contact(i: number, j: number): Party {
    const h = hash(this.seed, i, j, 0x636f6e);
    const r = h % 100;
    if (r < 70) {
      const base = i - (i % COMMUNITY);
      const span = Math.min(COMMUNITY, this.size - base);
      const c = base + (hash(h, 1) % span);
      return c === i ? (span > 1 ? base + ((c - base + 1) % span) : this.outsider(h)) : c;
    }
    if (r < 86) {
      const c = hash(h, 2) % this.size;
      return c === i ? this.outsider(h) : c;
    }
    return this.outsider(h);
  }

  /** A favourite contact: low indices (partner, family, close friends) get most of the messages. */
  favouriteContact(i: number, rng: Rng): Party {
    const n = this.contactCount(i);
    const j = Math.floor(n * Math.pow(rng.float(), 3));
    return this.contact(i, j);
  }

  /** One of the 1–3 foreign numbers of a line with ties abroad. */
  foreignContact(i: number, rng: Rng): string {
    const k = rng.int(0, (hash(this.seed, i, 0x666f72) % 3));
    return foreignNumber(hash(this.seed, i, k, 0x666f72));
  }
}

/** Vose's alias method; weights need not be normalised. Memory: 8 bytes per entry kept, ~24 during the build. */
function buildAlias(weight: Float64Array): [Float32Array, Int32Array] {
  const n = weight.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += weight[i]!;
  const scaled = new Float64Array(n);
  for (let i = 0; i < n; i++) scaled[i] = (weight[i]! * n) / total;
  const prob = new Float32Array(n);
  const alias = new Int32Array(n);
  const small = new Int32Array(n);
  const large = new Int32Array(n);
  let ns = 0;
  let nl = 0;
  for (let i = n - 1; i >= 0; i--) {
    if (scaled[i]! < 1) small[ns++] = i;
    else large[nl++] = i;
  }
  while (ns > 0 && nl > 0) {
    const s = small[--ns]!;
    const l = large[--nl]!;
    prob[s] = scaled[s]!;
    alias[s] = l;
    scaled[l] = scaled[l]! + scaled[s]! - 1;
    if (scaled[l] < 1) small[ns++] = l;
    else large[nl++] = l;
  }
  while (nl > 0) {
    const l = large[--nl]!;
    prob[l] = 1;
    alias[l] = l;
  }
  while (ns > 0) {
    const s = small[--ns]!;
    prob[s] = 1;
    alias[s] = s;
  }
  return [prob, alias];
}
