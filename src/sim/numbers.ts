// Phone numbers. Japanese mobile numbers (070/080/090 + 8 digits, first digit 1–9) form a space of 270 million
// values; a keyed Feistel permutation over that space (cycle walking on 30 bits) maps subscriber index i to a
// unique, random-looking number and back, so "is this random number one of our subscribers?" is answered without
// a table, and numbers outside the population are the images of indices ≥ the population size.

import { hash, type Rng } from './prng.js';

/** Size of the mobile number space: 3 prefixes × 9 × 10^7. */
export const MOBILE_SPACE = 270_000_000;
const PER_PREFIX = 90_000_000;
const PREFIXES = ['70', '80', '90'] as const;
const HALF_BITS = 15;
const HALF_MASK = (1 << HALF_BITS) - 1;
const ROUNDS = 4;

export class NumberSpace {
  private readonly keys: Uint32Array;

  constructor(seed: number) {
    this.keys = new Uint32Array(ROUNDS);
    for (let k = 0; k < ROUNDS; k++) this.keys[k] = hash(seed, 0x6e756d, k);
  }

  private round(x: number, k: number): number {
    return hash(x, this.keys[k]) & HALF_MASK;
  }

  private forward(x: number): number {
    let l = x >>> HALF_BITS;
    let r = x & HALF_MASK;
    for (let k = 0; k < ROUNDS; k++) {
      const nl = r;
      r = l ^ this.round(r, k);
      l = nl;
    }
    return (l << HALF_BITS) | r;
  }

  private backward(y: number): number {
    let l = y >>> HALF_BITS;
    let r = y & HALF_MASK;
    for (let k = ROUNDS - 1; k >= 0; k--) {
      const pr = l;
      l = r ^ this.round(l, k);
      r = pr;
    }
    return (l << HALF_BITS) | r;
  }

  /** Index in [0, MOBILE_SPACE) → number value in [0, MOBILE_SPACE); a bijection. */
  encode(i: number): number {
    let y = this.forward(i);
    while (y >= MOBILE_SPACE) y = this.forward(y);
    return y;
  }

  /** Inverse of encode. */
  decode(v: number): number {
    let x = this.backward(v);
    while (x >= MOBILE_SPACE) x = this.backward(x);
    return x;
  }
}

/** E.164 text of a number value: +81 70|80|90 and 8 digits. */
export function formatMobile(v: number): string {
  const p = Math.floor(v / PER_PREFIX);
  return `+81${PREFIXES[p]!}${10_000_000 + (v % PER_PREFIX)}`;
}

/** Number value of an E.164 Japanese mobile number, or -1. */
export function parseMobile(e164: string): number {
  const m = /^\+81([789])0([1-9]\d{7})$/.exec(e164);
  if (!m) return -1;
  return (Number(m[1]) - 7) * PER_PREFIX + Number(m[2]) - 10_000_000;
}

/** Where people in Japan text to and hear from, with a number shape for each (digits after the country code). */
const COUNTRIES: readonly { cc: string; weight: number; make: (h: number) => string }[] = [
  { cc: '1', weight: 20, make: (h) => `${200 + (h % 780)}${pad((h >>> 10) % 10_000_000, 7).replace(/^[01]/, '5')}` },
  { cc: '82', weight: 16, make: (h) => `10${pad(h % 100_000_000, 8)}` },
  { cc: '86', weight: 16, make: (h) => `1${3 + (h % 7)}${pad((h >>> 3) % 1_000_000_000, 9)}` },
  { cc: '886', weight: 8, make: (h) => `9${pad(h % 100_000_000, 8)}` },
  { cc: '66', weight: 7, make: (h) => `${[6, 8, 9][h % 3]}${pad((h >>> 2) % 100_000_000, 8)}` },
  { cc: '84', weight: 8, make: (h) => `9${pad(h % 100_000_000, 8)}` },
  { cc: '63', weight: 7, make: (h) => `9${pad(h % 1_000_000_000, 9)}` },
  { cc: '44', weight: 5, make: (h) => `7${pad(h % 1_000_000_000, 9)}` },
  { cc: '61', weight: 4, make: (h) => `4${pad(h % 100_000_000, 8)}` },
  { cc: '65', weight: 4, make: (h) => `${8 + (h % 2)}${pad((h >>> 1) % 10_000_000, 7)}` },
  { cc: '49', weight: 3, make: (h) => `15${pad(h % 1_000_000_000, 9)}` },
  { cc: '33', weight: 2, make: (h) => `6${pad(h % 100_000_000, 8)}` },
];
const COUNTRY_TOTAL = COUNTRIES.reduce((s, c) => s + c.weight, 0);

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** A foreign mobile number from a hash (stable for the same hash). */
export function foreignNumber(h: number): string {
  let r = h % COUNTRY_TOTAL;
  for (const c of COUNTRIES) {
    r -= c.weight;
    if (r < 0) return `+${c.cc}${c.make(hash(h, 0x666f72))}`;
  }
  return `+1${2_025_550_000 + (h % 9999)}`;
}

/** Senders of overseas smishing: the countries reported as origins of the ~1 % that does not come from handsets. */
export function overseasSmishingSender(rng: Rng): string {
  const cc = rng.weighted(['63', '84', '86', '1', '855', '66'], [30, 20, 20, 15, 10, 5]);
  switch (cc) {
    case '63': return `+639${rng.digits(9)}`;
    case '84': return `+84${rng.pick(['3', '7', '9'])}${rng.digits(8)}`;
    case '86': return `+861${rng.int(3, 9)}${rng.digits(9)}`;
    case '855': return `+855${rng.pick(['10', '12', '15', '16', '17', '69', '70', '96'])}${rng.digits(6)}`;
    case '66': return `+66${rng.pick(['6', '8', '9'])}${rng.digits(8)}`;
    default: return `+1${rng.int(201, 989)}${rng.int(200, 999)}${rng.digits(4)}`;
  }
}

/** A 0005 carrier common number: 0005 + 4–6 digits, stable for a sender name. */
export function commonNumber(h: number): string {
  const len = 4 + (h % 3);
  return `0005${pad((h >>> 2) % 10 ** len, len)}`;
}
