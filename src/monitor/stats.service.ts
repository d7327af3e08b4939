// What the public monitor and the console chart: each answer is assembled from a few roll-up range reads.
import type { Clock } from '../core/index.js';
import { HyperLogLog } from './hll.js';
import { INFECTED, type Dim } from './rollup.js';
import type { CountRow, StatsStore } from './stats.store.js';
import { DAY, HOUR, hourOf, jstDate, jstDayOf, jstHour, jstWeekday, MINUTE, minuteOf } from './time.js';

export interface Series { key: string; counts: number[] }
export interface DailySeries { days: string[]; totals: number[]; series: Series[] }
export interface LiveSnapshot { at: number; scamToday: number; scamLast60m: number; scamLast24h: number; lastMinute: { t: number; scam: number } }

const sum = (rows: readonly CountRow[]): number => rows.reduce((s, r) => s + r.count, 0);
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const grid = (): number[][] => Array.from({ length: 7 }, () => new Array<number>(24).fill(0));

export class StatsService {
  constructor(private readonly store: StatsStore, private readonly clock: Clock) {}

  private distinct(sketches: ReadonlyArray<{ sketch: HyperLogLog }>): number {
    if (sketches.length === 0) return 0;
    const merged = new HyperLogLog();
    for (const s of sketches) merged.merge(s.sketch);
    return merged.estimate();
  }

  async summary(): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    const hour = hourOf(now);
    const today = jstDayOf(now);
    const from24 = hour - 23 * HOUR;
    const [hours, all24, days, minutes, sketches, lastEventAt] = await Promise.all([
      this.store.counts('hour', 'scam', from24, hour + HOUR),
      this.store.counts('hour', 'all', from24, hour + HOUR),
      this.store.counts('day', 'scam', today - 29 * DAY, today + DAY),
      this.store.counts('minute', 'scam', minuteOf(now) - 59 * MINUTE, minuteOf(now) + MINUTE),
      this.store.sketches('hour', INFECTED, hour - 47 * HOUR, hour + HOUR),
      this.store.lastEventAt(),
    ]);
    return {
      generatedAt: now,
      timezone: 'Asia/Tokyo',
      scam: { last24h: sum(hours), today: sum(days.filter((d) => d.bucket === today)), last30d: sum(days), lastHour: sum(minutes) },
      messages: { last24h: sum(all24) },
      infected: { active24h: this.distinct(sketches.filter((s) => s.bucket >= from24)), previous24h: this.distinct(sketches.filter((s) => s.bucket < from24)) },
      lastEventAt,
    };
  }

  async timeline(range: '24h' | '30d'): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    if (range === '24h') {
      const hour = hourOf(now);
      const from = hour - 23 * HOUR;
      const [scam, all] = await Promise.all([this.store.counts('hour', 'scam', from, hour + HOUR), this.store.counts('hour', 'all', from, hour + HOUR)]);
      const points = Array.from({ length: 24 }, (_, i) => ({ t: from + i * HOUR, scam: 0, total: 0 }));
      for (const r of scam) points[(r.bucket - from) / HOUR]!.scam += r.count;
      for (const r of all) points[(r.bucket - from) / HOUR]!.total += r.count;
      return { range, unit: 'hour', points };
    }
    const today = jstDayOf(now);
    const from = today - 29 * DAY;
    const [scam, all] = await Promise.all([this.store.counts('day', 'scam', from, today + DAY), this.store.counts('day', 'all', from, today + DAY)]);
    const points = Array.from({ length: 30 }, (_, i) => ({ t: from + i * DAY, day: jstDate(from + i * DAY), scam: 0, total: 0 }));
    for (const r of scam) points[Math.round((r.bucket - from) / DAY)]!.scam += r.count;
    for (const r of all) points[Math.round((r.bucket - from) / DAY)]!.total += r.count;
    return { range, unit: 'day', points };
  }

  /** Scams by JST weekday × hour over the last `weeks` whole weeks up to now. */
  async heatmap(weeks: number): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    const to = hourOf(now) + HOUR;
    const from = to - weeks * 7 * DAY;
    const [scam, family] = await Promise.all([this.store.counts('hour', 'scam', from, to), this.store.counts('hour', 'family', from, to)]);
    const cells = grid();
    const families: Record<string, number[][]> = { moqhao: grid(), keepspy: grid() };
    for (const r of scam) cells[jstWeekday(r.bucket)]![jstHour(r.bucket)]! += r.count;
    for (const r of family) {
      const g = families[r.key];
      if (g) g[jstWeekday(r.bucket)]![jstHour(r.bucket)]! += r.count;
    }
    return { weeks, weekdays: WEEKDAYS, cells, families };
  }

  /** Per JST day over the last `days` days: the top `top` keys of a dimension by volume, the rest as "other". */
  async daily(dim: Dim, days: number, top = 8, keep: readonly string[] = []): Promise<DailySeries> {
    const today = jstDayOf(this.clock.now());
    const from = today - (days - 1) * DAY;
    const rows = await this.store.counts('day', dim, from, today + DAY);
    const labels = Array.from({ length: days }, (_, i) => jstDate(from + i * DAY));
    const byKey = new Map<string, number[]>();
    const totals = new Array<number>(days).fill(0);
    for (const r of rows) {
      const i = Math.round((r.bucket - from) / DAY);
      let c = byKey.get(r.key);
      if (!c) byKey.set(r.key, (c = new Array<number>(days).fill(0)));
      c[i]! += r.count;
      totals[i]! += r.count;
    }
    const ranked = [...byKey].map(([key, counts]) => ({ key, counts, total: counts.reduce((a, b) => a + b, 0) }))
      .sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
    const shown = ranked.filter((r, i) => i < top || keep.includes(r.key));
    const rest = ranked.filter((r) => !shown.includes(r));
    const series: Series[] = shown.map(({ key, counts }) => ({ key, counts }));
    if (rest.length > 0) series.push({ key: 'other', counts: labels.map((_, i) => rest.reduce((s, r) => s + r.counts[i]!, 0)) });
    return { days: labels, totals, series };
  }

  async infected(days: number): Promise<Record<string, unknown>> {
    const now = this.clock.now();
    const today = jstDayOf(now);
    const from = today - (days - 1) * DAY;
    const hour = hourOf(now);
    const [daily, hourly] = await Promise.all([
      this.store.sketches('day', INFECTED, from, today + DAY),
      this.store.sketches('hour', INFECTED, hour - 23 * HOUR, hour + HOUR),
    ]);
    const estimates = new Array<number>(days).fill(0);
    for (const d of daily) estimates[Math.round((d.bucket - from) / DAY)] = d.sketch.estimate();
    return { active24h: this.distinct(hourly), days: Array.from({ length: days }, (_, i) => jstDate(from + i * DAY)), estimates };
  }

  async live(): Promise<LiveSnapshot> {
    const now = this.clock.now();
    const minute = minuteOf(now);
    const hour = hourOf(now);
    const [minutes, hours, today] = await Promise.all([
      this.store.counts('minute', 'scam', minute - 59 * MINUTE, minute + MINUTE),
      this.store.counts('hour', 'scam', hour - 23 * HOUR, hour + HOUR),
      this.store.counts('day', 'scam', jstDayOf(now), jstDayOf(now) + DAY),
    ]);
    return {
      at: now,
      scamToday: sum(today),
      scamLast60m: sum(minutes),
      scamLast24h: sum(hours),
      lastMinute: { t: minute, scam: sum(minutes.filter((m) => m.bucket === minute)) },
    };
  }
}
