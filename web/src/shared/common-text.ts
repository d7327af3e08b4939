// Strings shared by both pages. Each page keeps its own dictionary beside it; the English half must have the
// same shape as the Japanese one (the type comes from the Japanese half).
import type { Lang } from './i18n.js';

const ja = {
  loading: '読み込み中…',
  noData: 'まだデータがありません。しばらくしてからもう一度ご覧ください。',
  error: 'データを読み込めませんでした。',
  retry: '再読み込み',
  staleNote: '最新の更新に失敗しました。前回のデータを表示しています。',
  switchTo: 'English',
  switchLabel: 'Switch the page to English',
  weekdays: ['月', '火', '水', '木', '金', '土', '日'],
  weekdaysLong: ['月曜', '火曜', '水曜', '木曜', '金曜', '土曜', '日曜'],
  dataTable: 'データ表',
  jst: '日本時間',
  brandOther: 'その他',
  families: { moqhao: 'MoqHao', keepspy: 'KeepSpy', other: 'その他', unknown: '不明' } as Record<string, string>,
  sectionError: 'この項目を表示できませんでした。',
};

export type CommonText = typeof ja;

const en: CommonText = {
  loading: 'Loading…',
  noData: 'No data yet. Please check back a little later.',
  error: 'Could not load the data.',
  retry: 'Retry',
  staleNote: 'The latest refresh failed; showing the previous data.',
  switchTo: '日本語',
  switchLabel: '日本語に切り替える',
  weekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  weekdaysLong: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  dataTable: 'Data table',
  jst: 'Japan time',
  brandOther: 'Other',
  families: { moqhao: 'MoqHao', keepspy: 'KeepSpy', other: 'Other', unknown: 'Unknown' },
  sectionError: 'This part could not be shown.',
};

export const commonText: Record<Lang, CommonText> = { ja, en };

/** Display name of a malware family key (moqhao, keepspy, other, unknown, or anything new as is). */
export const familyName = (t: CommonText, key: string | null | undefined): string =>
  key ? (t.families[key] ?? key) : t.families.unknown ?? '';

/** Display name of a brand key; the API's catch-all is `other`, a missing brand shows as a dash. */
export const brandName = (t: CommonText, key: string | null | undefined): string =>
  key === 'other' ? t.brandOther : (key ?? '—');
