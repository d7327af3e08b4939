// Time in the simulator: every timestamp is epoch milliseconds (UTC); the daily rhythm and the texts follow
// Japan Standard Time (UTC+9, no daylight saving). A run starts at 00:00 JST on the --start date.

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
export const MINUTE = 60_000;
const JST = 9 * HOUR;
const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

/** 00:00 JST of a YYYY-MM-DD date, as epoch ms; NaN if the date is not a real calendar date. */
export function jstMidnight(date: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) return NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return NaN;
  return ms - JST;
}

/** Hour of day in JST, 0–23. */
export function jstHour(ms: number): number {
  return Math.floor((ms + JST) / HOUR) % 24;
}

/** Month (1–12), day of month and weekday (0 = Sunday) in JST. */
export function jstDate(ms: number): { month: number; day: number; weekday: number; year: number } {
  const d = new Date(ms + JST);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() };
}

/** "11/3(月)" */
export function shortDate(ms: number): string {
  const d = jstDate(ms);
  return `${d.month}/${d.day}(${WEEKDAYS[d.weekday]!})`;
}

/** "11月3日" */
export function longDate(ms: number): string {
  const d = jstDate(ms);
  return `${d.month}月${d.day}日`;
}

const FIXED_HOLIDAYS = new Set(['1-1', '1-2', '1-3', '2-11', '2-23', '3-20', '4-29', '5-3', '5-4', '5-5', '8-11', '9-23', '11-3', '11-23', '12-30', '12-31']);

/** Weekend, national holiday (fixed dates and the Monday holidays) or the New Year break. */
export function isDayOff(ms: number): boolean {
  const d = jstDate(ms);
  if (d.weekday === 0 || d.weekday === 6) return true;
  if (FIXED_HOLIDAYS.has(`${d.month}-${d.day}`)) return true;
  // Happy Monday holidays: 2nd Monday of January and October, 3rd Monday of July and September.
  const nth = Math.floor((d.day - 1) / 7) + 1;
  return d.weekday === 1 && (((d.month === 1 || d.month === 10) && nth === 2) || ((d.month === 7 || d.month === 9) && nth === 3));
}

function normalise(w: readonly number[]): Float64Array {
  const sum = w.reduce((a, b) => a + b, 0);
  return Float64Array.from(w, (x) => x / sum);
}

/** Share of a day's person-to-person SMS sent in each JST hour: quiet at night, lunch and evening peaks. */
export const P2P_WORKDAY = normalise([1.4, 0.7, 0.35, 0.2, 0.2, 0.4, 1.4, 3.4, 4.4, 3.4, 3.4, 4.2, 7.0, 5.4, 3.9, 3.9, 4.4, 6.4, 7.6, 7.6, 7.0, 6.6, 5.2, 3.2]);
export const P2P_DAY_OFF = normalise([2.0, 1.1, 0.5, 0.3, 0.2, 0.3, 0.7, 1.5, 2.8, 4.2, 5.2, 5.8, 6.6, 6.0, 5.4, 5.2, 5.4, 6.0, 6.8, 7.2, 7.0, 6.6, 5.6, 3.8]);
/** Application-to-person traffic: business hours, sign-ins in the evening, little at night. */
export const A2P_HOURS = normalise([0.8, 0.4, 0.2, 0.15, 0.15, 0.3, 1.2, 3.2, 5.5, 6.6, 6.8, 6.4, 6.2, 6.4, 6.4, 6.2, 6.0, 6.0, 5.8, 5.6, 5.2, 4.6, 3.4, 1.8]);
