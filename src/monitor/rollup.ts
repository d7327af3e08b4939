// The in-memory side of the roll-ups: verdict events are counted per minute, hour and JST day by dimension, and
// infected sender lines go into per-hour and per-day HyperLogLog sketches, until the stats worker writes them
// out (stats.store.ts). Counting is a few map increments per event.
import type { SmsVerdictV1 } from '../core/index.js';
import { HyperLogLog } from './hll.js';
import { hourOf, jstDayOf, minuteOf } from './time.js';

export type RollupUnit = 'minute' | 'hour' | 'day';
/** Dimensions of the count tables: every verdict, detected scams, scams by brand and by family, report intake. */
export type Dim = 'all' | 'scam' | 'brand' | 'family' | 'reports' | 'campaign';
export const INFECTED = 'infected';

const SCAM_CATEGORIES = new Set(['smishing', 'scam']);

/** A verdict the public counts as a detected scam: the engine warned or blocked, and called it smishing or a scam. */
export function isScam(e: Pick<SmsVerdictV1, 'action' | 'category'>): boolean {
  return e.action !== 'allow' && SCAM_CATEGORIES.has(e.category);
}

/** A sender that looks like an ordinary subscriber's handset: a phone number, not from an aggregator or abroad. */
export function fromPersonalLine(e: Pick<SmsVerdictV1, 'senderKey' | 'senderType' | 'route'>): boolean {
  return e.senderKey !== null && e.senderType === 'phone' && e.route !== 'aggregator' && e.route !== 'international';
}

/** Why an event cannot be counted, or null when it can. */
export function invalidReason(e: unknown, now: number): string | null {
  if (typeof e !== 'object' || e === null) return 'not_an_object';
  const v = e as Partial<SmsVerdictV1>;
  if (typeof v.at !== 'number' || !Number.isFinite(v.at) || v.at <= 0) return 'bad_time';
  if (v.at > now + HOUR_AHEAD) return 'future_time';
  if (v.action !== 'allow' && v.action !== 'warn' && v.action !== 'block') return 'bad_action';
  if (typeof v.category !== 'string') return 'bad_category';
  if (v.brand !== null && v.brand !== undefined && typeof v.brand !== 'string') return 'bad_brand';
  if (v.family !== null && v.family !== undefined && typeof v.family !== 'string') return 'bad_family';
  return null;
}
const HOUR_AHEAD = 3_600_000;

/** Pending counts and sketches since the last write. */
export class RollupBuffer {
  readonly counts: Record<RollupUnit, Map<string, number>> = { minute: new Map(), hour: new Map(), day: new Map() };
  readonly sketches = new Map<string, HyperLogLog>();
  private n = 0;

  get size(): number {
    return this.n;
  }

  private inc(unit: RollupUnit, bucket: number, dim: Dim, key: string, by = 1): void {
    const k = `${bucket}|${dim}|${key}`;
    const m = this.counts[unit];
    m.set(k, (m.get(k) ?? 0) + by);
  }

  private sketch(unit: 'hour' | 'day', bucket: number, value: string): void {
    const k = `${unit}|${bucket}|${INFECTED}`;
    let s = this.sketches.get(k);
    if (!s) this.sketches.set(k, (s = new HyperLogLog()));
    s.add(value);
  }

  /** Counts one verdict; the minute table only keeps totals (the live counter), so brands and families skip it. */
  addVerdict(e: SmsVerdictV1): void {
    this.n++;
    const minute = minuteOf(e.at);
    const hour = hourOf(e.at);
    const day = jstDayOf(e.at);
    this.inc('minute', minute, 'all', '');
    this.inc('hour', hour, 'all', '');
    this.inc('day', day, 'all', '');
    if (!isScam(e)) return;
    this.inc('minute', minute, 'scam', '');
    this.inc('hour', hour, 'scam', '');
    this.inc('day', day, 'scam', '');
    const family = e.family ?? 'unknown';
    this.inc('hour', hour, 'family', family);
    this.inc('day', day, 'family', family);
    if (e.brand) {
      this.inc('hour', hour, 'brand', e.brand);
      this.inc('day', day, 'brand', e.brand);
    }
    if (e.category === 'smishing' && fromPersonalLine(e)) {
      this.sketch('hour', hour, e.senderKey!);
      this.sketch('day', day, e.senderKey!);
    }
  }

  /** Counts one stored report by channel and by campaign (the report hub calls this after its commit). */
  addReport(channel: string, campaignId: string | null, at: number): void {
    this.n++;
    this.inc('hour', hourOf(at), 'reports', channel);
    this.inc('day', jstDayOf(at), 'reports', channel);
    if (campaignId) this.inc('day', jstDayOf(at), 'campaign', campaignId);
  }

  /** Returns contents taken for a write that failed, so the next write includes them. */
  putBack(taken: ReturnType<RollupBuffer['take']>): void {
    for (const unit of ['minute', 'hour', 'day'] as const) {
      const m = this.counts[unit];
      for (const [k, v] of taken.counts[unit]) {
        m.set(k, (m.get(k) ?? 0) + v);
        this.n += v;
      }
    }
    for (const [k, s] of taken.sketches) {
      const cur = this.sketches.get(k);
      this.sketches.set(k, cur ? cur.merge(s) : s);
    }
  }

  /** Hands the pending contents over and starts empty. */
  take(): { counts: Record<RollupUnit, Map<string, number>>; sketches: Map<string, HyperLogLog> } {
    const out = { counts: { minute: new Map(this.counts.minute), hour: new Map(this.counts.hour), day: new Map(this.counts.day) }, sketches: new Map(this.sketches) };
    for (const m of Object.values(this.counts)) m.clear();
    this.sketches.clear();
    this.n = 0;
    return out;
  }
}
