// The in-memory indicator index every verdict consults: rebuilt from the store at start, kept current by
// change events. Built for a million entries in a few hundred bytes each and a lookup in well under 2 µs:
// one Map per kind from normalised value to a slot number (no per-lookup key concatenation, no per-entry
// object); a slot's fields in one 32-byte record of a shared ArrayBuffer, so a hit costs one more cache line
// rather than one per field (at a million entries lookups are bound by memory latency, not by instructions);
// source/brand/family interned, since they repeat across millions of rows. Measured by bench/indicators.ts.
import { AppError } from '../core/index.js';
import { INDICATOR_KINDS, type IndicatorKind, type IndicatorVerdict } from './indicator.js';

/** What the index stores per indicator (a subset of Indicator; also the shape of change events). */
export interface IndexEntry {
  id: string;
  /** An IndicatorKind; typed as string because change events arrive from other processes unchecked. */
  kind: string;
  /** Already normalised. */
  value: string;
  verdict: IndicatorVerdict;
  confidence: number;
  /** ms since epoch; null = never expires. */
  expiresAt: number | null;
  source: string;
  brand: string | null;
  family: string | null;
}

/** A match, as the verdict engine consumes it. */
export interface IndexHit {
  id: string;
  kind: IndicatorKind;
  value: string;
  verdict: IndicatorVerdict;
  confidence: number;
  source: string;
  brand: string | null;
  family: string | null;
}

const KIND_NUMBER: Readonly<Record<string, number>> = Object.freeze(Object.fromEntries(INDICATOR_KINDS.map((k, i) => [k, i])));
const VERDICTS: readonly IndicatorVerdict[] = ['bad', 'good'];
const INITIAL_CAPACITY = 1024;

/** Small repeated strings stored once; number 0 is null. Never shrinks: sources, brands and families are a
 * bounded vocabulary, not per-indicator data. */
class StringPool {
  private readonly numbers = new Map<string, number>();
  private readonly strings: Array<string | null> = [null];
  intern(s: string | null): number {
    if (s === null) return 0;
    let n = this.numbers.get(s);
    if (n === undefined) {
      n = this.strings.length;
      this.strings.push(s);
      this.numbers.set(s, n);
    }
    return n;
  }
  get(n: number): string | null {
    return this.strings[n] ?? null;
  }
}

export class IndicatorIndex {
  private readonly byKind: Array<Map<string, number>> = INDICATOR_KINDS.map(() => new Map<string, number>());
  private readonly pool = new StringPool();
  private readonly free: number[] = [];
  private capacity = 0;
  private used = 0; // slots ever handed out (high-water mark)
  private ids: Array<string | undefined> = [];
  // Record layout, 32 bytes per slot: f64[4s] expiry (ms since epoch, +Infinity = never), f64[4s+1]
  // confidence, u32[8s+4] source, u32[8s+5] brand, u32[8s+6] family (pool numbers), u32[8s+7] verdict (0 bad, 1 good).
  private f64 = new Float64Array(0);
  private u32 = new Uint32Array(0);

  constructor(initialCapacity = INITIAL_CAPACITY) {
    this.grow(Math.max(1, initialCapacity));
  }

  /** Number of indicators held (expired ones included until removed or pruned). */
  get size(): number {
    let n = 0;
    for (const m of this.byKind) n += m.size;
    return n;
  }

  countByKind(): Record<IndicatorKind, number> {
    return Object.fromEntries(INDICATOR_KINDS.map((k, i) => [k, this.byKind[i]!.size])) as Record<IndicatorKind, number>;
  }

  /** Add or replace many entries (the start-up rebuild feeds the store's batches through here). */
  load(rows: Iterable<IndexEntry>): number {
    let n = 0;
    for (const row of rows) {
      this.upsert(row);
      n++;
    }
    return n;
  }

  /** Add or replace one entry. Idempotent, so a redelivered change event is harmless. */
  upsert(e: IndexEntry): void {
    const k = KIND_NUMBER[e.kind];
    if (k === undefined) throw new AppError('INVALID_INDICATOR', `unknown indicator kind ${String(e.kind)}`, { kind: e.kind });
    const map = this.byKind[k]!;
    let slot = map.get(e.value);
    if (slot === undefined) {
      slot = this.allocate();
      map.set(e.value, slot);
    }
    this.ids[slot] = e.id;
    this.f64[slot * 4] = e.expiresAt ?? Number.POSITIVE_INFINITY;
    this.f64[slot * 4 + 1] = e.confidence;
    const u = slot * 8;
    this.u32[u + 4] = this.pool.intern(e.source);
    this.u32[u + 5] = this.pool.intern(e.brand);
    this.u32[u + 6] = this.pool.intern(e.family);
    this.u32[u + 7] = e.verdict === 'good' ? 1 : 0;
  }

  /** Returns whether an entry was removed. */
  remove(kind: string, value: string): boolean {
    const k = KIND_NUMBER[kind];
    if (k === undefined) return false;
    const map = this.byKind[k]!;
    const slot = map.get(value);
    if (slot === undefined) return false;
    map.delete(value);
    this.ids[slot] = undefined;
    this.free.push(slot);
    return true;
  }

  /** The live entry for an already-normalised value, or undefined (absent or expired at `now`, ms). */
  lookup(kind: string, value: string, now: number): IndexHit | undefined {
    const k = KIND_NUMBER[kind];
    if (k === undefined) return undefined;
    const slot = this.byKind[k]!.get(value);
    if (slot === undefined || this.f64[slot * 4]! <= now) return undefined;
    const u = slot * 8;
    return {
      id: this.ids[slot]!,
      kind: kind as IndicatorKind,
      value,
      verdict: VERDICTS[this.u32[u + 7]!]!,
      confidence: this.f64[slot * 4 + 1]!,
      source: this.pool.get(this.u32[u + 4]!)!,
      brand: this.pool.get(this.u32[u + 5]!),
      family: this.pool.get(this.u32[u + 6]!),
    };
  }

  /** Drop entries expired at `now`; returns how many. Lookups already ignore them; this frees the memory. */
  prune(now: number): number {
    let n = 0;
    for (let k = 0; k < this.byKind.length; k++) {
      const map = this.byKind[k]!;
      for (const [value, slot] of map) {
        if (this.f64[slot * 4]! <= now) {
          map.delete(value);
          this.ids[slot] = undefined;
          this.free.push(slot);
          n++;
        }
      }
    }
    return n;
  }

  clear(): void {
    for (const m of this.byKind) m.clear();
    this.free.length = 0;
    this.used = 0;
    this.ids = [];
  }

  private allocate(): number {
    const reused = this.free.pop();
    if (reused !== undefined) return reused;
    if (this.used === this.capacity) this.grow(this.capacity * 2);
    return this.used++;
  }

  private grow(capacity: number): void {
    const buffer = new ArrayBuffer(capacity * 32);
    new Uint8Array(buffer).set(new Uint8Array(this.f64.buffer));
    this.f64 = new Float64Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.capacity = capacity;
  }
}
