// Turns an already-normalised SMS (NFKC etc.; see src/text) into hashed feature buckets, without building
// strings: one pass over char codes masks the text into a reusable Uint16Array, a second pass hashes its
// character n-grams. Masking, so the model learns the shape of a lure rather than its particulars:
//   - a link (scheme://…, hxxp…, www.…, bare host.tld/…, also defanged [.]) becomes " U ", plus a token for its
//     last host label ("tld:top") or "url:ip";
//   - a phone number becomes " T ", plus a token for its kind (050, mobile, free dial, 0570, 0005, fixed, abroad);
//   - every other ASCII digit becomes '0', ASCII letters are lower-cased, runs of white space become one space;
//   - ASCII words of two or more letters outside links also count as tokens ("w:softbank", "w:telegram").
// Buckets are not signed: with learned weights a sign only moves collisions around. 2^18 buckets: the committed
// corpus has about 31k distinct features (≈ 6 % share a bucket), and real traffic brings many more n-grams;
// 2^16 scored the same on dev today but leaves no room. The Float32Array of weights is then 1 MB.

export interface FeatureConfig {
  /** log2 of the number of buckets (2^18 = 262,144). */
  bucketBits: number;
  /** Longest character n-gram (n = 1 … maxN). */
  maxN: number;
}

export const DEFAULT_FEATURES: Readonly<FeatureConfig> = { bucketBits: 18, maxN: 3 };

const SPACE = 0x20;
const U = 0x55; // 'U' — upper case never survives masking, so it cannot collide with text
const T = 0x54; // 'T'
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
const WORD_SEED = 0x9747b28c;

// Bucket = top bits of h × golden ratio (Fibonacci hashing): FNV-1a's low bits are weak, the top bits of one
// more multiply are well mixed, and it costs one imul and a shift on the hot path.
const GOLDEN = 0x9e3779b1;

function isWhite(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x3000 || c === 0xa0 || c === 0x0c || c === 0x0b;
}

/** Characters that can be part of a link, a phone number or an ASCII word (printable ASCII but space). */
function isRun(c: number): boolean {
  return c > 0x20 && c < 0x7f;
}

function lower(c: number): number {
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

function isLetter(c: number): boolean {
  const l = lower(c);
  return l >= 0x61 && l <= 0x7a;
}

function isHostChar(c: number): boolean {
  return isDigit(c) || isLetter(c) || c === 0x2d; // '-'
}

/** Token kinds hashed with the word seed; names are only built for explain(). */
const TOKEN_TLD = 1;
const TOKEN_IP = 2;
const TOKEN_TEL = 3;
const TOKEN_WORD = 4;
const TEL_KINDS = ['050', 'mobile', 'free', 'navi', '0005', 'fixed', 'abroad'] as const;

export interface FeatureName {
  name: string;
  bucket: number;
}

export class Featurizer {
  readonly config: Readonly<FeatureConfig>;
  private readonly shift: number;
  private buf = new Uint16Array(512);
  /** Bucket of every feature of the last text passed to extract(), valid for `count` entries. */
  idx = new Int32Array(2048);
  private count = 0;
  private len = 0;
  private names: FeatureName[] | null = null;
  /** When set, features are summed into `sum` instead of being written to `idx` (the predict path). */
  private weights: Float32Array | null = null;
  private sum = 0;

  constructor(config: Readonly<FeatureConfig> = DEFAULT_FEATURES) {
    if (!Number.isInteger(config.bucketBits) || config.bucketBits < 8 || config.bucketBits > 24) throw new RangeError('bucketBits must be an integer in 8..24');
    if (!Number.isInteger(config.maxN) || config.maxN < 1 || config.maxN > 6) throw new RangeError('maxN must be an integer in 1..6');
    this.config = { bucketBits: config.bucketBits, maxN: config.maxN };
    this.shift = 32 - config.bucketBits;
  }

  /** Fill `idx` with the buckets of `text`'s features and return how many there are. */
  extract(text: string): number {
    return this.run(text);
  }

  /**
   * Sum of `weights` over the features of `text` (each occurrence counted) without storing buckets; the
   * number of features is then in `lastCount`. This is Classifier.predict's path.
   */
  weightSum(text: string, weights: Float32Array): number {
    this.weights = weights;
    this.sum = 0;
    try {
      this.lastCount = this.run(text);
    } finally {
      this.weights = null;
    }
    return this.sum;
  }

  /** Feature count of the last weightSum() call. */
  lastCount = 0;

  /** The features of `text` with readable names (for explain; allocates). */
  describe(text: string): FeatureName[] {
    const names: FeatureName[] = [];
    this.names = names;
    try {
      this.run(text);
    } finally {
      this.names = null;
    }
    return names;
  }

  private run(text: string): number {
    const n = text.length;
    if (this.buf.length < n + 8) this.buf = new Uint16Array(2 * n + 8);
    const maxFeatures = (n + 8) * (this.config.maxN + 1);
    if (!this.weights && this.idx.length < maxFeatures) this.idx = new Int32Array(2 * maxFeatures);
    this.count = 0;
    this.len = 0;
    this.put(SPACE);
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (isWhite(c)) {
        this.space();
        i++;
      } else if (isRun(c)) {
        let e = i + 1;
        while (e < n && isRun(text.charCodeAt(e))) e++;
        this.runOf(text, i, e);
        i = e;
      } else {
        this.put(c);
        i++;
      }
    }
    this.space();
    this.ngrams();
    return this.count;
  }

  private put(c: number): void {
    this.buf[this.len++] = c;
  }

  private space(): void {
    if (this.len === 0 || this.buf[this.len - 1] !== SPACE) this.put(SPACE);
  }

  private runOf(s: string, a: number, e: number): void {
    if (this.isLink(s, a, e)) {
      this.space();
      this.put(U);
      this.space();
      this.linkTokens(s, a, e);
      return;
    }
    const tel = telKind(s, a, e);
    if (tel >= 0) {
      this.space();
      this.put(T);
      this.space();
      this.token(TOKEN_TEL, tel, s, 0, 0);
      return;
    }
    let w = -1;
    for (let i = a; i <= e; i++) {
      const c = i < e ? s.charCodeAt(i) : 0;
      if (i < e && isLetter(c)) {
        if (w < 0) w = i;
      } else if (w >= 0) {
        if (i - w >= 2) this.token(TOKEN_WORD, 0, s, w, i);
        w = -1;
      }
      if (i < e) this.put(isDigit(c) ? 0x30 : lower(c));
    }
  }

  private isLink(s: string, a: number, e: number): boolean {
    const len = e - a;
    // Scheme words, also defanged (hxxp) and cut off from "//host" as in "https //www…".
    if (startsWithLower(s, a, e, 'http') || startsWithLower(s, a, e, 'hxxp')) {
      if (len <= 5 || s.indexOf('//', a) > 0) return true;
    }
    if (len > 2 && s.charCodeAt(a) === 0x2f && s.charCodeAt(a + 1) === 0x2f) return true;
    if (startsWithLower(s, a, e, 'www.') || startsWithLower(s, a, e, 'www[.]')) return true;
    for (let i = a; i + 2 < e; i++) if (s.charCodeAt(i) === 0x3a && s.charCodeAt(i + 1) === 0x2f && s.charCodeAt(i + 2) === 0x2f) return true;
    return hostEnd(s, hostStart(s, a, e), e) > 0;
  }

  private linkTokens(s: string, a: number, e: number): void {
    const hs = hostStart(s, a, e);
    const he = hostEnd(s, hs, e);
    if (he <= 0) return;
    // Last label of the host, after the last '.' or '[.]'.
    let ls = hs;
    let allDigits = true;
    for (let i = hs; i < he; i++) {
      const c = s.charCodeAt(i);
      if (c === 0x2e || c === 0x5d) ls = i + 1;
      else if (c !== 0x5b && !isDigit(c)) allDigits = false;
    }
    if (allDigits) this.token(TOKEN_IP, 0, s, 0, 0);
    else if (he - ls >= 2) this.token(TOKEN_TLD, 0, s, ls, he);
  }

  private token(kind: number, sub: number, s: string, a: number, e: number): void {
    let h = Math.imul(WORD_SEED ^ kind, FNV_PRIME);
    h = Math.imul(h ^ sub, FNV_PRIME);
    for (let i = a; i < e; i++) h = Math.imul(h ^ lower(s.charCodeAt(i)), FNV_PRIME);
    const bucket = Math.imul(h, GOLDEN) >>> this.shift;
    if (this.weights) this.sum += this.weights[bucket] as number;
    else this.idx[this.count] = bucket;
    this.count++;
    if (this.names) {
      const text = s.slice(a, e).toLowerCase();
      const name = kind === TOKEN_TLD ? `tld:${text}` : kind === TOKEN_IP ? 'url:ip' : kind === TOKEN_TEL ? `tel:${TEL_KINDS[sub] ?? sub}` : `w:${text}`;
      this.names.push({ name, bucket });
    }
  }

  // Three copies of one loop, so the hot ones carry no per-feature branch on the mode.
  private ngrams(): void {
    const buf = this.buf;
    const len = this.len;
    const maxN = this.config.maxN;
    const shift = this.shift;
    const names = this.names;
    const weights = this.weights;
    if (weights) {
      let sum = 0;
      for (let i = 0; i < len; i++) {
        let h = FNV_OFFSET;
        const stop = i + maxN < len ? i + maxN : len;
        for (let j = i; j < stop; j++) {
          h = Math.imul(h ^ (buf[j] as number), FNV_PRIME);
          sum += weights[Math.imul(h, GOLDEN) >>> shift] as number;
        }
      }
      this.sum += sum;
      this.count += ngramCount(len, maxN);
      return;
    }
    const idx = this.idx;
    let count = this.count;
    for (let i = 0; i < len; i++) {
      let h = FNV_OFFSET;
      const stop = i + maxN < len ? i + maxN : len;
      for (let j = i; j < stop; j++) {
        h = Math.imul(h ^ (buf[j] as number), FNV_PRIME);
        const bucket = Math.imul(h, GOLDEN) >>> shift;
        idx[count++] = bucket;
        if (names) names.push({ name: String.fromCharCode(...buf.subarray(i, j + 1)), bucket });
      }
    }
    this.count = count;
  }
}

/** Number of n-grams (n = 1 … maxN) in a sequence of `len` characters. */
function ngramCount(len: number, maxN: number): number {
  let c = 0;
  for (let n = 1; n <= maxN && n <= len; n++) c += len - n + 1;
  return c;
}

function startsWithLower(s: string, a: number, e: number, prefix: string): boolean {
  if (e - a < prefix.length) return false;
  for (let k = 0; k < prefix.length; k++) if (lower(s.charCodeAt(a + k)) !== prefix.charCodeAt(k)) return false;
  return true;
}

/** Where the host starts: after "scheme://" or "//", after "user@", else at the run start. */
function hostStart(s: string, a: number, e: number): number {
  let h = a;
  for (let i = a; i + 2 < e; i++) {
    if (s.charCodeAt(i) === 0x2f && s.charCodeAt(i + 1) === 0x2f) {
      h = i + 2;
      break;
    }
    if (s.charCodeAt(i) === 0x2f) break;
  }
  for (let i = h; i < e; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x40) return i + 1; // '@'
    if (c === 0x2f || c === 0x3f || c === 0x23) break;
  }
  return h;
}

/**
 * End of a host name starting at `h` if it looks like one (labels of letters, digits and '-', separated by
 * '.' or '[.]', at least two labels, the last one two or more letters, or four numeric labels); else -1.
 */
function hostEnd(s: string, h: number, e: number): number {
  let labels = 0;
  let labelLen = 0;
  let lastAlpha = true;
  let i = h;
  for (; i < e; i++) {
    const c = s.charCodeAt(i);
    if (isHostChar(c)) {
      if (labelLen === 0) lastAlpha = true;
      labelLen++;
      if (!isLetter(c)) lastAlpha = false;
      continue;
    }
    const dot = c === 0x2e ? 1 : c === 0x5b && s.charCodeAt(i + 1) === 0x2e && s.charCodeAt(i + 2) === 0x5d ? 3 : 0;
    if (dot > 0 && labelLen > 0 && i + dot < e && isHostChar(s.charCodeAt(i + dot))) {
      labels++;
      labelLen = 0;
      i += dot - 1;
      continue;
    }
    break;
  }
  if (labelLen === 0) return -1;
  labels++;
  if (labels < 2) return -1;
  // What follows the host must end it: a path, a port, a query, or the end of the run.
  if (i < e) {
    const c = s.charCodeAt(i);
    if (c !== 0x2f && c !== 0x3a && c !== 0x3f && c !== 0x23) return -1;
  }
  if (lastAlpha && labelLen >= 2) return i;
  // Dotted quad (IPv4).
  let digitsOnly = true;
  for (let k = h; k < i; k++) {
    const c = s.charCodeAt(k);
    if (!isDigit(c) && c !== 0x2e && c !== 0x5b && c !== 0x5d) digitsOnly = false;
  }
  return digitsOnly && labels === 4 ? i : -1;
}

/** Kind of phone number in s[a, e) (index into TEL_KINDS), or -1. Digits with - ( ) . and a leading +. */
function telKind(s: string, a: number, e: number): number {
  let digits = 0;
  let d0 = -1;
  let d1 = -1;
  let d2 = -1;
  let d3 = -1;
  const plus = s.charCodeAt(a) === 0x2b;
  for (let i = plus ? a + 1 : a; i < e; i++) {
    const c = s.charCodeAt(i);
    if (isDigit(c)) {
      const d = c - 0x30;
      if (digits === 0) d0 = d;
      else if (digits === 1) d1 = d;
      else if (digits === 2) d2 = d;
      else if (digits === 3) d3 = d;
      digits++;
    } else if (c !== 0x2d && c !== 0x28 && c !== 0x29 && c !== 0x2e) return -1;
  }
  if (plus) return digits >= 9 && digits <= 15 ? (d0 === 8 && d1 === 1 ? 5 : 6) : -1;
  if (d0 !== 0) return -1;
  if (d1 === 0 && d2 === 0 && d3 === 5) return digits >= 8 && digits <= 10 ? 4 : -1;
  if (digits < 10 || digits > 11) return -1;
  if (d1 === 5 && d2 === 0) return 0;
  if ((d1 === 9 || d1 === 8 || d1 === 7) && d2 === 0) return digits === 11 ? 1 : -1;
  if (d1 === 1 && d2 === 2 && d3 === 0) return 2;
  if (d1 === 8 && d2 === 0 && d3 === 0) return 2;
  if (d1 === 5 && d2 === 7 && d3 === 0) return 3;
  return 5;
}
