// Indicators as the rest of mamoru sees them: validated writes that reach the store, this process's index and
// (through the event bus) every other process's index, and lookups answered from memory.
import { z } from 'zod';
import { AppError, newId, silentLogger, type Clock, type EventBus, type IndicatorsChangedV1, type Logger, type Subscription } from '../core/index.js';
import { INDICATOR_KINDS, isIndicatorKind, normalizeIndicatorValue, type Indicator, type IndicatorKind } from './indicator.js';
import type { IndexEntry, IndexHit, IndicatorIndex } from './indicator-index.js';
import type { IndicatorListOptions } from './indicators.repository.js';

/** The repository operations the service uses (IndicatorsRepository implements them). */
export interface IndicatorStore {
  upsertMany(inds: readonly Indicator[]): Promise<Indicator[]>;
  remove(kind: IndicatorKind, value: string): Promise<Indicator | undefined>;
  list(opts?: IndicatorListOptions): Promise<Indicator[]>;
  streamIndexEntries(batchSize?: number): AsyncIterable<IndexEntry[]>;
  changedSince(opts: { after: number; afterId?: string; verdict?: 'bad' | 'good'; excludeSourcePrefix?: string; limit: number }): Promise<Array<{ indicator: Indicator; updatedAt: number }>>;
}

export interface IntelServiceDeps {
  repository: IndicatorStore;
  index: IndicatorIndex;
  bus: EventBus;
  clock: Clock;
  logger?: Logger;
}

/** One indicator to add or refresh. The value may be raw; it is normalised for its kind. */
export interface IndicatorInput {
  kind: IndicatorKind;
  value: string;
  verdict: 'bad' | 'good';
  source: string;
  /** 0–1. */
  confidence: number;
  /** ms since epoch; null or absent = never expires. */
  expiresAt?: number | null;
  /** When it was observed, ms since epoch; default now. */
  seenAt?: number;
  brand?: string | null;
  family?: string | null;
  note?: string | null;
}

export interface IntelStats {
  /** Entries in this process's index (expired ones included until pruned). */
  indicators: number;
  byKind: Record<IndicatorKind, number>;
  /** When the index was last rebuilt from the store, ms since epoch; null before start(). */
  loadedAt: number | null;
  /** How long that rebuild took, ms. */
  loadMs: number | null;
}

const ms = z.number().int().nonnegative();
const inputSchema = z.object({
  kind: z.enum(INDICATOR_KINDS),
  value: z.string().min(1).max(4096),
  verdict: z.enum(['bad', 'good']),
  source: z.string().min(1).max(200),
  confidence: z.number().min(0).max(1),
  expiresAt: ms.nullable().optional(),
  seenAt: ms.optional(),
  brand: z.string().min(1).max(200).nullable().optional(),
  family: z.string().min(1).max(200).nullable().optional(),
  note: z.string().max(2000).nullable().optional(),
});

/** Change events carry at most this many entries, so one message stays well below transport size limits. */
const EVENT_CHUNK = 1000;
const LOAD_BATCH = 20_000;

export class IntelService {
  private readonly logger: Logger;
  private subscription: Subscription | undefined;
  /** Change events that arrive while the index is being rebuilt; applied after the rebuild, in order. */
  private pending: IndicatorsChangedV1[] | null = null;
  private loadedAt: number | null = null;
  private loadMs: number | null = null;

  constructor(private readonly deps: IntelServiceDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /**
   * Subscribe to changes, then rebuild the index from the store. Subscribing first and holding events until
   * the rebuild ends means a change committed during the scan is never lost, and is applied after (so on top
   * of) the possibly older row the scan read.
   */
  async start(): Promise<void> {
    if (this.subscription) return;
    this.pending = [];
    // No group: every process must see every change, since each has its own index.
    this.subscription = await this.deps.bus.subscribe('intel.indicators.changed.v1', (env) => this.onChange(env.payload));
    const t0 = performance.now();
    try {
      this.deps.index.clear();
      for await (const batch of this.deps.repository.streamIndexEntries(LOAD_BATCH)) this.deps.index.load(batch);
    } catch (e) {
      await this.stop();
      throw e;
    }
    const held = this.pending;
    this.pending = null;
    for (const change of held) this.apply(change);
    this.loadMs = performance.now() - t0;
    this.loadedAt = this.deps.clock.now();
    this.logger.info({ indicators: this.deps.index.size, loadMs: Math.round(this.loadMs) }, 'indicator index loaded');
  }

  async stop(): Promise<void> {
    const sub = this.subscription;
    this.subscription = undefined;
    this.pending = null;
    if (sub) await sub.unsubscribe();
  }

  /**
   * Validate, normalise, store, index and announce. Every invalid input is reported in one
   * AppError('INVALID_INDICATOR') (details: index, field, message) and nothing is written. If publishing
   * fails after the store write, the error propagates; retrying is safe because upserts are idempotent.
   */
  async upsert(inputs: readonly IndicatorInput[]): Promise<Indicator[]> {
    const now = this.deps.clock.now();
    const problems: Array<{ index: number; field: string; message: string }> = [];
    const candidates: Indicator[] = [];
    inputs.forEach((raw, index) => {
      const parsed = inputSchema.safeParse(raw);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) problems.push({ index, field: issue.path.join('.') || '(input)', message: issue.message });
        return;
      }
      const i = parsed.data;
      let value: string;
      try {
        value = normalizeIndicatorValue(i.kind, i.value);
      } catch (e) {
        problems.push({ index, field: 'value', message: e instanceof Error ? e.message : String(e) });
        return;
      }
      const seen = i.seenAt ?? now;
      candidates.push({
        id: newId(now),
        kind: i.kind,
        value,
        verdict: i.verdict,
        source: i.source,
        confidence: i.confidence,
        firstSeen: seen,
        lastSeen: seen,
        expiresAt: i.expiresAt ?? null,
        brand: i.brand ?? null,
        family: i.family ?? null,
        note: i.note ?? null,
      });
    });
    if (problems.length > 0) {
      throw new AppError('INVALID_INDICATOR', `${problems.length} invalid indicator field(s)`, problems);
    }
    const stored = await this.deps.repository.upsertMany(candidates);
    for (const ind of stored) this.deps.index.upsert(ind);
    for (let i = 0; i < stored.length; i += EVENT_CHUNK) {
      const upserted = stored.slice(i, i + EVENT_CHUNK).map((s) => ({
        id: s.id, kind: s.kind, value: s.value, verdict: s.verdict, confidence: s.confidence,
        expiresAt: s.expiresAt, source: s.source, brand: s.brand, family: s.family,
      }));
      await this.deps.bus.publish('intel.indicators.changed.v1', { upserted, removed: [] });
    }
    return stored;
  }

  /** Remove by kind and (raw or normalised) value; returns whether the store held it. */
  async remove(kind: IndicatorKind, value: string): Promise<boolean> {
    if (!isIndicatorKind(kind)) throw new AppError('INVALID_INDICATOR', `unknown indicator kind ${String(kind)}`, { kind });
    const normalized = normalizeIndicatorValue(kind, value);
    const removed = await this.deps.repository.remove(kind, normalized);
    this.deps.index.remove(kind, normalized);
    if (removed) await this.deps.bus.publish('intel.indicators.changed.v1', { upserted: [], removed: [{ kind, value: normalized }] });
    return removed !== undefined;
  }

  /** Look up a raw value: normalised first; a value that cannot be normalised is simply a miss. */
  lookup(kind: IndicatorKind, value: string): IndexHit | undefined {
    let normalized: string;
    try {
      normalized = normalizeIndicatorValue(kind, value);
    } catch {
      return undefined;
    }
    return this.deps.index.lookup(kind, normalized, this.deps.clock.now());
  }

  /** Hot-path lookup for callers that already hold a normalised value (normalizeIndicatorValue). */
  lookupNormalized(kind: IndicatorKind, normalizedValue: string): IndexHit | undefined {
    return this.deps.index.lookup(kind, normalizedValue, this.deps.clock.now());
  }

  list(opts?: IndicatorListOptions): Promise<Indicator[]> {
    return this.deps.repository.list(opts);
  }

  /** The change feed for sharing (TAXII): see IndicatorsRepository.changedSince. */
  changedSince(opts: Parameters<IndicatorStore['changedSince']>[0]): ReturnType<IndicatorStore['changedSince']> {
    return this.deps.repository.changedSince(opts);
  }

  stats(): IntelStats {
    return { indicators: this.deps.index.size, byKind: this.deps.index.countByKind(), loadedAt: this.loadedAt, loadMs: this.loadMs };
  }

  private onChange(change: IndicatorsChangedV1): void {
    if (this.pending) this.pending.push(change);
    else this.apply(change);
  }

  // Idempotent by construction (upsert replaces, remove of an absent value is a no-op), which is what
  // at-least-once delivery requires; this process's own events land here too and change nothing.
  private apply(change: IndicatorsChangedV1): void {
    for (const u of change.upserted) {
      if (isIndicatorKind(u.kind)) this.deps.index.upsert(u);
      else this.logger.warn({ kind: u.kind }, 'ignoring change for unknown indicator kind');
    }
    for (const r of change.removed) this.deps.index.remove(r.kind, r.value);
  }
}
