// Surface noise real SMS carry and tidy templates lack: line breaks in odd places, other bracket styles,
// full-width letters and digits, typos, stray spaces, emoji, dropped punctuation. Without it the classifier would
// learn the templates' punctuation instead of the lure.

import { chance, int, pick, type Rng } from './prng.js';

const BRACKETS: readonly [string, string][] = [['[', ']'], ['「', '」'], ['■', '■'], ['<', '>'], ['(', ')'], ['', ':'], ['', '：'], ['〔', '〕'], ['【', '】'], ['', ' ']];
const EMOJI_TAIL = ['⚠️', '📦', '❗', '‼️', '🚚', '💳', '📱', '✉️', '🔔', '!!'];

function toFullWidth(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    out += c >= 0x21 && c <= 0x7e ? String.fromCharCode(c + 0xfee0) : c === 0x20 ? '\u3000' : ch;
  }
  return out;
}

function isKana(c: number): boolean {
  return (c >= 0x3041 && c <= 0x30ff) || (c >= 0x4e00 && c <= 0x9fff);
}

// Lures written abroad sometimes carry simplified-Chinese glyphs where Japanese uses another form.
const SIMPLIFIED: readonly [string, string][] = [['確認', '确认'], ['認証', '认证'], ['請求', '请求'], ['銀行', '银行'], ['変更', '变更'], ['詳細', '详细'], ['配達', '配达'], ['個人', '个人']];

/** Apply a few random surface changes; `level` 0 (tidy A2P text) … 1 (chat); `lure` allows foreign glyphs. */
export function addNoise(rng: Rng, text: string, level: number, lure = false): string {
  let t = text;
  if (lure && chance(rng, 0.04)) {
    for (const [ja, zh] of SIMPLIFIED) t = t.replace(ja, zh);
  }

  // Another bracket style for the leading 【…】 tag.
  if (chance(rng, 0.18)) {
    const m = /【([^】]{1,20})】/.exec(t);
    if (m) {
      const [open, close] = pick(rng, BRACKETS);
      t = t.slice(0, m.index) + open + m[1] + close + t.slice(m.index + m[0].length);
    }
  }
  // A line break after a sentence (not at the very end).
  if (chance(rng, 0.12 + 0.12 * level)) {
    const stops: number[] = [];
    for (let i = 0; i < t.length - 2; i++) if ('。！!？?'.includes(t[i] as string)) stops.push(i + 1);
    if (stops.length > 0) {
      const at = pick(rng, stops);
      t = t.slice(0, at) + (chance(rng, 0.2) ? '\n\n' : '\n') + t.slice(at);
    }
  }
  // Dropped or swapped punctuation.
  if (chance(rng, 0.1 * level + 0.03)) t = t.replace(/。/g, chance(rng, 0.5) ? '' : ' ');
  if (chance(rng, 0.05)) t = t.replace(/、/g, chance(rng, 0.5) ? ',' : ' ');
  if (chance(rng, 0.04)) t = t.replace(/。/g, '.');
  // Typos: a kana/kanji dropped, doubled, or two swapped.
  if (chance(rng, 0.06 + 0.12 * level) && t.length > 6) {
    const i = int(rng, 1, t.length - 2);
    const c = t.charCodeAt(i);
    if (isKana(c)) {
      const op = int(rng, 0, 2);
      if (op === 0) t = t.slice(0, i) + t.slice(i + 1);
      else if (op === 1) t = t.slice(0, i) + t[i] + t.slice(i);
      else if (isKana(t.charCodeAt(i + 1))) t = t.slice(0, i) + t[i + 1] + t[i] + t.slice(i + 2);
    }
  }
  // Full-width ASCII (some senders and handsets still produce it; NFKC undoes it before the classifier).
  if (chance(rng, 0.06)) t = toFullWidth(t);
  // Emoji or marks at the end, more common in chatty text.
  if (chance(rng, 0.03 + 0.08 * level)) t += pick(rng, EMOJI_TAIL);
  // Stray whitespace.
  if (chance(rng, 0.04)) t = ' ' + t;
  if (chance(rng, 0.04)) t += pick(rng, [' ', '\n', '　']);
  if (chance(rng, 0.05)) t = t.replace(/(?<=[。、])/, ' ');
  return t;
}
