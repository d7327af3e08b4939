// Time buckets of the statistics. Days and weekdays are Japan Standard Time (UTC+9 all year), because that is
// when people receive the messages; minutes and hours coincide in UTC and JST.

export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
const JST = 9 * HOUR;

export const minuteOf = (t: number): number => t - (t % MINUTE);
export const hourOf = (t: number): number => t - (t % HOUR);
/** Epoch ms of the JST midnight that starts t's day. */
export const jstDayOf = (t: number): number => Math.floor((t + JST) / DAY) * DAY - JST;
/** 'YYYY-MM-DD' of a JST day start. */
export const jstDate = (dayStart: number): string => new Date(dayStart + JST).toISOString().slice(0, 10);
/** 0 = Monday … 6 = Sunday, in JST. */
export const jstWeekday = (t: number): number => (Math.floor((t + JST) / DAY) + 3) % 7;
/** 0–23 in JST. */
export const jstHour = (t: number): number => Math.floor(((t + JST) % DAY) / HOUR);
