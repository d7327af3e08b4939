// Response shapes of the public monitor API (docs/monitor.md). Times are epoch ms; days are JST "YYYY-MM-DD".

export interface Summary {
  generatedAt: number;
  timezone: string;
  scam: { last24h: number; today: number; last30d: number; lastHour: number };
  messages: { last24h: number };
  infected: { active24h: number; previous24h: number };
  lastEventAt: number | null;
}

export interface LiveStats {
  at: number;
  scamToday: number;
  scamLast60m: number;
  scamLast24h: number;
  lastMinute: { t: number; scam: number };
}

export interface HourlyTimeline {
  range: '24h';
  unit: 'hour';
  points: { t: number; scam: number; total: number }[];
}

export interface DailyTimeline {
  range: '30d';
  unit: 'day';
  points: { t: number; day: string; scam: number; total: number }[];
}

export type Grid = number[][];

export interface Heatmap {
  weeks: number;
  weekdays: string[];
  cells: Grid;
  families: { moqhao?: Grid; keepspy?: Grid };
}

/** Brands and families share this shape: per-day counts per key, with the day totals. */
export interface DailySeries {
  days: string[];
  totals: number[];
  series: { key: string; counts: number[] }[];
}

export interface Infected {
  active24h: number;
  days: string[];
  estimates: number[];
}

export interface GalleryItem {
  id: string;
  text: string;
  brand: string | null;
  family: string | null;
  firstSeen: number;
  reports: number;
}

export interface Gallery {
  items: GalleryItem[];
}
