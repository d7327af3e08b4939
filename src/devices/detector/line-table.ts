// Per-line sliding-window state in struct-of-arrays form: one slot per active sending line, every field in a
// typed array, so a million active lines cost a few hundred bytes each instead of a JavaScript object apiece.
//
// Per slot: twelve 5-minute buckets of sent and flagged counts (the last hour), two 128-bit recipient bitmaps
// (the current and previous half hour, for a linear-counting estimate of distinct recipients), the line's own
// hourly baseline (an exponentially weighted average of messages per hour), family votes and the last time seen.

export const BUCKET_MS = 5 * 60_000;
export const BUCKETS = 12;
export const WINDOW_MS = BUCKET_MS * BUCKETS;
const HALF_MS = 30 * 60_000;
const HOUR_MS = 3_600_000;
/** Words of one recipient bitmap (4 × 32 = 128 bits). */
const BITMAP_WORDS = 4;
/** Weight of the newest hour in the baseline: about a day of memory. */
const BASELINE_ALPHA = 0.05;

export const FAMILIES = ['moqhao', 'keepspy', 'other'] as const;
export type FamilyIndex = 0 | 1 | 2;

export function familyIndex(family: string | null): FamilyIndex | -1 {
  if (family === null) return -1;
  if (family === 'moqhao') return 0;
  if (family === 'keepspy') return 1;
  return 2;
}

/** FNV-1a 32-bit, for recipient bitmaps. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export interface WindowCounts {
  sent: number;
  flagged: number;
  distinctRecipients: number;
}

/** Bytes of typed-array state per slot (for the memory figure in docs/performance.md). */
export const SLOT_BYTES = 8 + 4 + BUCKETS * 2 * 2 + 4 + BITMAP_WORDS * 2 * 4 + 4 + 4 + 2 + 3 + 1;

export class LineTable {
  private capacity: number;
  private readonly slots = new Map<string, number>();
  private readonly free: number[] = [];
  private next = 0;

  lastAt!: Float64Array;
  /** 5-minute epoch of the newest bucket. */
  head!: Int32Array;
  sent!: Uint16Array;
  flagged!: Uint16Array;
  /** Half-hour epoch of the current bitmap. */
  half!: Int32Array;
  bits!: Uint32Array;
  baseline!: Float32Array;
  hour!: Int32Array;
  hourCount!: Uint16Array;
  family!: Uint8Array;
  /** Bit 0: the line has an open case or suspicious extras (never evicted while set). */
  flags!: Uint8Array;

  constructor(initialCapacity = 1024) {
    this.capacity = Math.max(16, initialCapacity);
    this.allocate(this.capacity);
  }

  get size(): number {
    return this.slots.size;
  }

  private allocate(cap: number): void {
    const grow = <T extends Float64Array | Int32Array | Uint16Array | Uint32Array | Float32Array | Uint8Array>(old: T | undefined, make: (n: number) => T, per: number): T => {
      const a = make(cap * per);
      if (old) a.set(old);
      return a;
    };
    this.lastAt = grow(this.lastAt as Float64Array | undefined, (n) => new Float64Array(n), 1);
    this.head = grow(this.head as Int32Array | undefined, (n) => new Int32Array(n), 1);
    this.sent = grow(this.sent as Uint16Array | undefined, (n) => new Uint16Array(n), BUCKETS);
    this.flagged = grow(this.flagged as Uint16Array | undefined, (n) => new Uint16Array(n), BUCKETS);
    this.half = grow(this.half as Int32Array | undefined, (n) => new Int32Array(n), 1);
    this.bits = grow(this.bits as Uint32Array | undefined, (n) => new Uint32Array(n), BITMAP_WORDS * 2);
    this.baseline = grow(this.baseline as Float32Array | undefined, (n) => new Float32Array(n), 1);
    this.hour = grow(this.hour as Int32Array | undefined, (n) => new Int32Array(n), 1);
    this.hourCount = grow(this.hourCount as Uint16Array | undefined, (n) => new Uint16Array(n), 1);
    this.family = grow(this.family as Uint8Array | undefined, (n) => new Uint8Array(n), FAMILIES.length);
    this.flags = grow(this.flags as Uint8Array | undefined, (n) => new Uint8Array(n), 1);
  }

  slotOf(key: string): number | undefined {
    return this.slots.get(key);
  }

  /** The line's slot, created empty if the line is new. */
  acquire(key: string, at: number): number {
    let s = this.slots.get(key);
    if (s !== undefined) return s;
    s = this.free.pop();
    if (s === undefined) {
      if (this.next === this.capacity) {
        // 1.5×: less idle headroom right after a growth than doubling.
        this.capacity = Math.ceil(this.capacity * 1.5);
        this.allocate(this.capacity);
      }
      s = this.next++;
    }
    this.reset(s, at);
    this.slots.set(key, s);
    return s;
  }

  private reset(s: number, at: number): void {
    this.lastAt[s] = at;
    this.head[s] = Math.floor(at / BUCKET_MS);
    this.sent.fill(0, s * BUCKETS, (s + 1) * BUCKETS);
    this.flagged.fill(0, s * BUCKETS, (s + 1) * BUCKETS);
    this.half[s] = Math.floor(at / HALF_MS);
    this.bits.fill(0, s * BITMAP_WORDS * 2, (s + 1) * BITMAP_WORDS * 2);
    this.baseline[s] = 0;
    this.hour[s] = Math.floor(at / HOUR_MS);
    this.hourCount[s] = 0;
    this.family.fill(0, s * FAMILIES.length, (s + 1) * FAMILIES.length);
    this.flags[s] = 0;
  }

  release(key: string): void {
    const s = this.slots.get(key);
    if (s === undefined) return;
    this.slots.delete(key);
    this.free.push(s);
  }

  /**
   * Counts one message. Returns false (and counts nothing) when the message is older than the window relative to
   * the newest one seen for the line: a late event cannot change the past hour any more.
   */
  record(s: number, at: number, isFlagged: boolean, recipientKey: string | null, fam: FamilyIndex | -1): boolean {
    const e = Math.floor(at / BUCKET_MS);
    const head = this.head[s]!;
    if (e > head) {
      const gap = Math.min(e - head, BUCKETS);
      for (let i = 1; i <= gap; i++) {
        const b = s * BUCKETS + ((head + i) % BUCKETS);
        this.sent[b] = 0;
        this.flagged[b] = 0;
      }
      this.head[s] = e;
    } else if (head - e >= BUCKETS) {
      return false;
    }
    const b = s * BUCKETS + (e % BUCKETS);
    if (this.sent[b]! < 0xffff) this.sent[b]!++;
    if (isFlagged && this.flagged[b]! < 0xffff) this.flagged[b]!++;
    this.recordRecipient(s, at, recipientKey);
    this.recordHour(s, at);
    if (fam >= 0) {
      const f = s * FAMILIES.length + fam;
      if (this.family[f]! < 0xff) this.family[f]!++;
    }
    if (at > this.lastAt[s]!) this.lastAt[s] = at;
    return true;
  }

  private recordRecipient(s: number, at: number, recipientKey: string | null): void {
    if (recipientKey === null) return;
    const h = Math.floor(at / HALF_MS);
    const base = s * BITMAP_WORDS * 2;
    const cur = this.half[s]!;
    if (h > cur) {
      if (h === cur + 1) this.bits.copyWithin(base + BITMAP_WORDS, base, base + BITMAP_WORDS);
      else this.bits.fill(0, base + BITMAP_WORDS, base + 2 * BITMAP_WORDS);
      this.bits.fill(0, base, base + BITMAP_WORDS);
      this.half[s] = h;
    }
    const which = h === this.half[s] ? 0 : h === this.half[s]! - 1 ? BITMAP_WORDS : -1;
    if (which < 0) return;
    const bit = hash32(recipientKey) & 127;
    this.bits[base + which + (bit >>> 5)]! |= 1 << (bit & 31);
  }

  private recordHour(s: number, at: number): void {
    const h = Math.floor(at / HOUR_MS);
    const cur = this.hour[s]!;
    if (h > cur) {
      // Close the finished hour into the baseline, then decay it over the silent hours in between.
      let b = this.baseline[s]! * (1 - BASELINE_ALPHA) + BASELINE_ALPHA * this.hourCount[s]!;
      if (h - cur > 1) b *= Math.pow(1 - BASELINE_ALPHA, Math.min(h - cur - 1, 1000));
      this.baseline[s] = b;
      this.hour[s] = h;
      this.hourCount[s] = 0;
    }
    if (h >= this.hour[s]! && this.hourCount[s]! < 0xffff) this.hourCount[s]!++;
  }

  /** Counts over the hour ending with the line's newest bucket. */
  window(s: number): WindowCounts {
    let sent = 0;
    let flagged = 0;
    for (let i = s * BUCKETS, end = i + BUCKETS; i < end; i++) {
      sent += this.sent[i]!;
      flagged += this.flagged[i]!;
    }
    let zeros = 0;
    const base = s * BITMAP_WORDS * 2;
    for (let w = 0; w < BITMAP_WORDS; w++) zeros += 32 - popcount((this.bits[base + w]! | this.bits[base + BITMAP_WORDS + w]!) >>> 0);
    // Linear counting: n ≈ -m ln(V), V the share of bits still zero; saturates (and is capped) near 128 ln 128.
    const m = BITMAP_WORDS * 32;
    const distinctRecipients = zeros === 0 ? Math.round(m * Math.log(m)) : Math.round(-m * Math.log(zeros / m));
    return { sent, flagged, distinctRecipients };
  }

  /** The family most of the line's flagged messages pointed to, if any. */
  dominantFamily(s: number): string | null {
    let best = -1;
    let votes = 0;
    for (let f = 0; f < FAMILIES.length; f++) {
      const v = this.family[s * FAMILIES.length + f]!;
      if (v > votes) {
        votes = v;
        best = f;
      }
    }
    return best < 0 ? null : FAMILIES[best]!;
  }

  /** Keys of lines last seen before `cutoff` and not pinned; the caller releases them. */
  *idleBefore(cutoff: number): Generator<string> {
    for (const [key, s] of this.slots) if (this.lastAt[s]! < cutoff && (this.flags[s]! & 1) === 0) yield key;
  }

  *entries(): Generator<[string, number]> {
    yield* this.slots;
  }

  /** The slot's state as bytes (for snapshots to the store). */
  encode(s: number): Buffer {
    const out = Buffer.alloc(SLOT_BYTES);
    let o = 0;
    o = out.writeDoubleLE(this.lastAt[s]!, o);
    o = out.writeInt32LE(this.head[s]!, o);
    for (const a of [this.sent, this.flagged]) for (let i = 0; i < BUCKETS; i++) o = out.writeUInt16LE(a[s * BUCKETS + i]!, o);
    o = out.writeInt32LE(this.half[s]!, o);
    for (let i = 0; i < BITMAP_WORDS * 2; i++) o = out.writeUInt32LE(this.bits[s * BITMAP_WORDS * 2 + i]!, o);
    o = out.writeFloatLE(this.baseline[s]!, o);
    o = out.writeInt32LE(this.hour[s]!, o);
    o = out.writeUInt16LE(this.hourCount[s]!, o);
    for (let i = 0; i < FAMILIES.length; i++) o = out.writeUInt8(this.family[s * FAMILIES.length + i]!, o);
    out.writeUInt8(this.flags[s]!, o);
    return out;
  }

  /** Restores a line from `encode`'s bytes; returns false for bytes of the wrong size (a corrupt snapshot row). */
  decode(key: string, bytes: Buffer): boolean {
    if (bytes.length !== SLOT_BYTES) return false;
    const s = this.acquire(key, 0);
    let o = 0;
    this.lastAt[s] = bytes.readDoubleLE(o);
    o += 8;
    this.head[s] = bytes.readInt32LE(o);
    o += 4;
    for (const a of [this.sent, this.flagged]) for (let i = 0; i < BUCKETS; i++, o += 2) a[s * BUCKETS + i] = bytes.readUInt16LE(o);
    this.half[s] = bytes.readInt32LE(o);
    o += 4;
    for (let i = 0; i < BITMAP_WORDS * 2; i++, o += 4) this.bits[s * BITMAP_WORDS * 2 + i] = bytes.readUInt32LE(o);
    this.baseline[s] = bytes.readFloatLE(o);
    o += 4;
    this.hour[s] = bytes.readInt32LE(o);
    o += 4;
    this.hourCount[s] = bytes.readUInt16LE(o);
    o += 2;
    for (let i = 0; i < FAMILIES.length; i++, o++) this.family[s * FAMILIES.length + i] = bytes.readUInt8(o);
    this.flags[s] = bytes.readUInt8(o);
    return true;
  }
}
