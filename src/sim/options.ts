// Options of a simulation run, their defaults, and validation (every problem reported at once).

import { AppError } from '../core/index.js';
import { jstMidnight } from './calendar.js';

export interface SimOptions {
  /** Any integer 0 … 2^32−1; the same seed and options give the same stream byte for byte. */
  seed: number;
  /** Subscriber lines across all carriers, 1 … 10,000,000. */
  subscribers: number;
  /** Length of the run in days, 1 … 366. */
  days: number;
  /** First day (JST calendar date, YYYY-MM-DD); the run starts at 00:00 JST. Default 2026-11-02 (a Monday). */
  start?: string;
  /** Person-to-person messages per subscriber per day (replies included). Default 0.6. */
  p2pPerSubscriberDay?: number;
  /** A2P messages (codes, notices) per subscriber per day. Default 0.3. */
  a2pPerSubscriberDay?: number;
  /** New infections from outside the population (APK installs from other lures) per 100,000 lines per day. Default 15. */
  seedInfectionsPer100kDay?: number;
  /** Chance that one smishing SMS received by an Android subscriber line infects it. Default 0.005 (so about 0.25 % per subscriber recipient, half the lines being Android). */
  spreadProbability?: number;
  /** Share of the owners of infected handsets who factory-reset 1–7 days after infection. Default 0.6. */
  cleanProbability?: number;
  /** Share of lines that are heavy legitimate senders (shops, clubs, greetings). Default 0.001 (at least 3). */
  heavyLegitShare?: number;
  /** Smishing from overseas numbers per subscriber per day (about 1 % of smishing). Default 0.0008. */
  overseasSmishingPerSubscriberDay?: number;
}

export type ResolvedOptions = Required<SimOptions>;

export const SIM_DEFAULTS = {
  start: '2026-11-02',
  p2pPerSubscriberDay: 0.6,
  a2pPerSubscriberDay: 0.3,
  seedInfectionsPer100kDay: 15,
  spreadProbability: 0.005,
  cleanProbability: 0.6,
  heavyLegitShare: 0.001,
  overseasSmishingPerSubscriberDay: 0.0008,
} as const;

export const MAX_SUBSCRIBERS = 10_000_000;
export const MAX_DAYS = 366;

function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

/** Checks every option and fills defaults; throws VALIDATION_FAILED naming each bad option. */
export function resolveOptions(o: SimOptions): ResolvedOptions {
  const r: ResolvedOptions = { ...SIM_DEFAULTS, ...stripUndefined(o) } as ResolvedOptions;
  const problems: string[] = [];
  if (!isInt(r.seed) || r.seed < 0 || r.seed > 0xffffffff) problems.push(`seed must be an integer from 0 to 4294967295 (got ${String(o.seed)})`);
  if (!isInt(r.subscribers) || r.subscribers < 1 || r.subscribers > MAX_SUBSCRIBERS) problems.push(`subscribers must be an integer from 1 to ${MAX_SUBSCRIBERS} (got ${String(o.subscribers)})`);
  if (!isInt(r.days) || r.days < 1 || r.days > MAX_DAYS) problems.push(`days must be an integer from 1 to ${MAX_DAYS} (got ${String(o.days)})`);
  if (typeof r.start !== 'string' || Number.isNaN(jstMidnight(r.start))) problems.push(`start must be a calendar date YYYY-MM-DD (got ${String(o.start)})`);
  const rate = (k: keyof typeof SIM_DEFAULTS, max: number): void => {
    const v = r[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > max) problems.push(`${k} must be a number from 0 to ${max} (got ${String(v)})`);
  };
  rate('p2pPerSubscriberDay', 50);
  rate('a2pPerSubscriberDay', 50);
  rate('seedInfectionsPer100kDay', 10_000);
  rate('spreadProbability', 1);
  rate('cleanProbability', 1);
  rate('heavyLegitShare', 0.1);
  rate('overseasSmishingPerSubscriberDay', 1);
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `invalid simulation options: ${problems.join('; ')}`, { problems });
  return Object.freeze(r);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
