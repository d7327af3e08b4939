// Formatting in Japan Standard Time. The API's times are epoch ms (UTC) and its days are JST calendar days
// ("YYYY-MM-DD"); JST has no daylight saving, so shifting by nine hours and reading the UTC fields is exact and
// does not depend on the viewer's own time zone.
import { locale, type Lang } from './i18n.js';

export const JST_OFFSET_MS = 9 * 3_600_000;

interface JstParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  /** 0 = Monday … 6 = Sunday, as the heat map counts. */
  weekday: number;
}

export function jst(t: number): JstParts {
  const d = new Date(t + JST_OFFSET_MS);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: (d.getUTCDay() + 6) % 7,
  };
}

const pad = (n: number): string => String(n).padStart(2, '0');

const numberFormats = new Map<Lang, Intl.NumberFormat>();

export function fmtNumber(n: number | null | undefined, lang: Lang): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 });
    numberFormats.set(lang, f);
  }
  return f.format(n);
}

export const fmtPercent = (share: number, lang: Lang): string => `${fmtNumber(Math.round(share * 1000) / 10, lang)}%`;

/** "14時" / "14:00" — an hour of the JST day. */
export const fmtHourOfDay = (hour: number, lang: Lang): string => (lang === 'ja' ? `${hour}時` : `${pad(hour)}:00`);

/** The JST hour an epoch-ms instant falls in. */
export const fmtHour = (t: number, lang: Lang): string => fmtHourOfDay(jst(t).hour, lang);

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const JA_WEEKDAYS = ['月', '火', '水', '木', '金', '土', '日'];
const EN_WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** Parts of a "YYYY-MM-DD" day; its weekday computed at noon UTC so no offset can move it. */
function dayParts(day: string): { month: number; date: number; weekday: number } | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 12);
  return { month: Number(m[2]), date: Number(m[3]), weekday: (new Date(utc).getUTCDay() + 6) % 7 };
}

/** "3/4" for chart axes (both languages). */
export function fmtDayShort(day: string): string {
  const p = dayParts(day);
  return p ? `${p.month}/${p.date}` : day;
}

/** "3月4日(火)" / "Tue 4 Mar" for summaries and tables. */
export function fmtDay(day: string, lang: Lang): string {
  const p = dayParts(day);
  if (!p) return day;
  return lang === 'ja'
    ? `${p.month}月${p.date}日(${JA_WEEKDAYS[p.weekday] ?? ''})`
    : `${EN_WEEKDAYS[p.weekday] ?? ''} ${p.date} ${EN_MONTHS[p.month - 1] ?? ''}`;
}

/** "2025/03/04 14:05" in JST; a dash for a missing time. */
export function fmtDateTime(t: number | null | undefined): string {
  if (t === null || t === undefined || !Number.isFinite(t)) return '—';
  const p = jst(t);
  return `${p.year}/${pad(p.month)}/${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "2025/03/04" in JST. */
export function fmtDate(t: number | null | undefined): string {
  if (t === null || t === undefined || !Number.isFinite(t)) return '—';
  const p = jst(t);
  return `${p.year}/${pad(p.month)}/${pad(p.day)}`;
}

/** "14:05" in JST. */
export function fmtTime(t: number): string {
  const p = jst(t);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** A duration in ms as "3時間12分" / "3 h 12 min". */
export function fmtDuration(ms: number, lang: Lang): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  if (lang === 'ja') return d > 0 ? `${d}日${h}時間` : h > 0 ? `${h}時間${m}分` : `${m}分`;
  return d > 0 ? `${d} d ${h} h` : h > 0 ? `${h} h ${m} min` : `${m} min`;
}
