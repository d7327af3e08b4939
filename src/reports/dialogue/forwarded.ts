// Forwarded SMS: what a subscriber's phone makes of a suspicious message when they forward it to the report
// short code. Phones and people wrap the original in forwarding prefixes ("Fwd:", "転送:"), separator lines
// ("-----転送メッセージ-----"), quote marks ("> " lines, 「」), share headers (sender and date lines) and their own
// comments. The report needs the original text and, when the forward carries it, the original sender; both
// are recovered here so that the dialogue only asks for what it does not already know.
import { classifySender, normalizeText } from '../../text/index.js';

export interface ForwardedSms {
  /**
   * The original message text: forwarding headers, quote marks and the reporter's own comment removed, in
   * normalizeText form (the form every detector reads). '' when nothing is left.
   */
  body: string;
  /**
   * The original sender found inside the forward, normalised by classifySender: E.164 ('+819012345678'),
   * 0005 national digits ('0005123456') or an upper-case alphanumeric id ('AMAZON'). Null when the forward
   * does not name one.
   */
  originalSender: string | null;
  /**
   * The forwarding marks that were removed, as written after normalisation: 'Fwd:', '転送:',
   * '-----転送メッセージ-----', '>' for quoted lines, '「」' for a bracketed copy. Empty for a plain copy.
   */
  forwardedMarkers: string[];
}

// Header patterns run only on lines up to this length: headers are short, and the bound keeps every regex
// linear on hostile input.
const MAX_HEADER_LINE = 120;

const DECOR = String.raw`[\-‐‑‒–—―−─━=_*~<>\s]`;
const MARKER_WORDS = String.raw`転送(?:された)?メッセージ|転送メール|転送SMS|転送|元のメッセージ|forwarded (?:message|sms|text)|original message|fwd?|fw`;
// A line that is nothing but a forwarding marker, optionally decorated: "-----転送メッセージ-----", "Fwd:".
const SEPARATOR_LINE = new RegExp(String.raw`^${DECOR}*(?:${MARKER_WORDS})${DECOR}*:?${DECOR}*$`, 'i');
// Mid-message, only an unmistakable separator cuts off what precedes it (the reporter's comment): a bare
// "転送" line inside a scam text must not discard its first half.
const STRONG_SEPARATOR = new RegExp(
  String.raw`^(?:[\-‐‑‒–—―−─━=_*~]{2,}\s*(?:${MARKER_WORDS})\s*:?\s*[\-‐‑‒–—―−─━=_*~]{2,}|(?:転送(?:された)?メッセージ|forwarded message|original message|元のメッセージ)\s*:?)$`,
  'i',
);
// A prefix in front of the first line of text: "Fwd: ", "FW:", "転送:", "[Fwd]", "【転送】". A colon is required
// after the words, so a message that merely begins with "転送" keeps it.
const INLINE_PREFIX = /^((?:fwd?|fw|転送(?:メッセージ)?)\s*:|\[(?:fwd?|fw|転送)\]|【転送】)\s*(.*)$/i;

const SENDER_LABEL = /^(?:差出人|送信者|送信元|発信者|発信元|送信元番号|from|sender)\s*(?::|\s)\s*(.+)$/i;
// "+819012345678 からのメッセージ", "Message from 090-1234-5678": share formats that name a number.
const FROM_PHRASE_JA = /^(.{1,40}?)\s?から(?:の)?(?:メッセージ|SMS|ショートメッセージ|ショートメール|転送)(?:です)?:?$/i;
const FROM_PHRASE_EN = /^(?:message|sms|text(?: message)?) from (.{1,40}?):?$/i;
// Other header lines a forward or share sheet adds; dropped when they stand in the leading block.
const OTHER_HEADER = /^(?:件名|subject|宛先|to|日時|date|受信日時|送信日時|received|sent)\s*:/i;

const DATE = String.raw`(?:\d{4}\s*[/.\-年]\s*)?\d{1,2}\s*[/.\-月]\s*\d{1,2}日?(?:\s*\(\S{1,3}\))?`;
const DAY_WORD = String.raw`(?:今日|昨日|一昨日|today|yesterday|[日月火水木金土]曜日?|mon|tue|wed|thu|fri|sat|sun)`;
const TIME = String.raw`(?:(?:午前|午後|am|pm)\s*)?\d{1,2}\s*[:時]\s*\d{2}分?(?::\d{2})?(?:\s*(?:am|pm))?`;
const DATE_LINE = new RegExp(
  String.raw`^(?:(?:日時|受信日時|送信日時|date|received|sent)\s*:\s*)?(?:(?:${DATE}|${DAY_WORD})(?:\s*,?\s*T?\s*${TIME})?|${TIME})$`,
  'i',
);

const QUOTED = /^>/;
const QUOTE_MARKS = /^(?:>\s?)+/;
const BRACKETS: Readonly<Record<string, string>> = { '「': '」', '『': '』' };

interface State {
  sender: string | null;
  markers: string[];
}

/**
 * Recovers the original message and sender from a forwarded SMS in any of the shapes phones produce: a plain
 * copy; "Fwd:"/"FW:"/"転送:" prefixes and "-----転送メッセージ-----" separators; "> " quoting or 「」; sender
 * headers ("差出人: …", "From: …", "送信者：…", "Sender: AMAZON", "… からのメッセージ"); and share formats
 * (sender line, date line, then the text). Never throws; a non-string yields an empty body.
 */
export function parseForwarded(text: string): ForwardedSms {
  const st: State = { sender: null, markers: [] };
  const normalized = normalizeText(text);
  if (normalized === '') return { body: '', originalSender: null, forwardedMarkers: [] };
  let lines = dropComment(normalized.split('\n'));
  // Each pass peels one layer (headers, then a quote or bracket layer exposing more headers). Three passes
  // cover a quoted forward of a forward; more layers than that stay in the body rather than loop.
  for (let pass = 0; pass < 3; pass++) {
    lines = peelTrailing(peelLeading(lines, st), st);
    const inner = unquote(lines, st) ?? unbracket(lines, st);
    if (inner === null) break;
    lines = inner;
  }
  return { body: lines.join('\n').trim(), originalSender: st.sender, forwardedMarkers: st.markers };
}

/**
 * The sender a header value names, or null. Phone numbers, 0005 numbers and alphanumeric ids count; short
 * codes do not (no sender of a Japanese consumer SMS has one). A contact name with the number in angle
 * brackets or parentheses ("山田 <090-1234-5678>") yields the number.
 */
export function senderOf(value: string, allowAlphanumeric = true): string | null {
  const direct = acceptSender(value.trim(), allowAlphanumeric);
  if (direct !== null) return direct;
  const inner = /[<(]([^<>()]{3,32})[>)]/.exec(value);
  return inner === null ? null : acceptSender(inner[1] ?? '', allowAlphanumeric);
}

function acceptSender(value: string, allowAlphanumeric: boolean): string | null {
  const info = classifySender(value);
  if (info.type === 'phone' || info.type === 'common') return info.normalized;
  if (info.type === 'alphanumeric' && allowAlphanumeric) return info.normalized;
  return null;
}

function setSender(st: State, sender: string | null): void {
  // The first sender named wins: in a forward of a forward that is the outermost header, and later ones are
  // more likely to be part of the quoted text.
  if (st.sender === null && sender !== null) st.sender = sender;
}

function isDateLine(line: string): boolean {
  return line.length <= MAX_HEADER_LINE && DATE_LINE.test(line);
}

/** Lines after the first unmistakable forwarding separator or prefixed line; what precedes is a comment. */
function dropComment(lines: string[]): string[] {
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line.length > MAX_HEADER_LINE) continue;
    if (STRONG_SEPARATOR.test(line) || INLINE_PREFIX.test(line)) return lines.slice(i);
  }
  return lines;
}

function nextNonBlank(lines: string[], from: number): string | null {
  for (let i = from; i < lines.length; i++) {
    const line = (lines[i] ?? '').trim();
    if (line !== '') return line;
  }
  return null;
}

/** Removes the header block at the top: markers, sender lines, date lines, other header fields. */
function peelLeading(input: string[], st: State): string[] {
  const lines = [...input];
  let sawDate = false;
  let i = 0;
  while (i < lines.length) {
    const line = (lines[i] ?? '').trim();
    if (line === '') {
      i++;
      continue;
    }
    if (line.length > MAX_HEADER_LINE) break;
    if (SEPARATOR_LINE.test(line)) {
      st.markers.push(line);
      i++;
      continue;
    }
    const inline = INLINE_PREFIX.exec(line);
    if (inline !== null) {
      // The text after "Fwd: " is the original's first line; keep it and look at it again, since it may
      // itself be a header ("Fwd: From: …") or another prefix ("Fwd: Fwd: …").
      st.markers.push((inline[1] ?? '').trim());
      lines[i] = inline[2] ?? '';
      continue;
    }
    const labelled = SENDER_LABEL.exec(line);
    if (labelled !== null) {
      setSender(st, senderOf(labelled[1] ?? ''));
      i++;
      continue;
    }
    // A phrase naming the origin counts only for numbers: "Amazonからのメッセージ" is a plausible first line of
    // a scam text itself.
    const phrase = FROM_PHRASE_JA.exec(line) ?? FROM_PHRASE_EN.exec(line);
    const phraseSender = phrase === null ? null : senderOf(phrase[1] ?? '', false);
    if (phraseSender !== null) {
      setSender(st, phraseSender);
      i++;
      continue;
    }
    if (isDateLine(line)) {
      sawDate = true;
      i++;
      continue;
    }
    if (OTHER_HEADER.test(line)) {
      i++;
      continue;
    }
    // Share format: a bare sender line. It is a header only with evidence around it (a date line, or for a
    // number a forwarding marker); otherwise it is the original's own first line ("Amazon\nお客様の…").
    const bare = senderOf(line);
    if (bare !== null) {
      const next = nextNonBlank(lines, i + 1);
      const dated = sawDate || (next !== null && isDateLine(next));
      const numeric = !/[A-Z]/.test(bare);
      if (dated || (numeric && st.markers.length > 0)) {
        setSender(st, bare);
        i++;
        continue;
      }
    }
    break;
  }
  return lines.slice(i);
}

/** Removes sender lines and closing separators some share formats append after the text. */
function peelTrailing(lines: string[], st: State): string[] {
  let end = lines.length;
  while (end > 0) {
    const line = (lines[end - 1] ?? '').trim();
    if (line === '') {
      end--;
      continue;
    }
    if (line.length > MAX_HEADER_LINE) break;
    if (/^[-‐‑‒–—―−─━=_*~]{3,}$/.test(line)) {
      end--;
      continue;
    }
    // Unlike the leading block, a trailing label counts only when its value is a sender: the end of a scam
    // text may well say "送信元: Amazonカスタマーセンター".
    const labelled = SENDER_LABEL.exec(line);
    const sender = labelled === null ? null : senderOf(labelled[1] ?? '');
    if (sender === null) break;
    setSender(st, sender);
    end--;
  }
  return lines.slice(0, end);
}

/**
 * The quoted lines without their quote marks, or null when there is no clean quote: either every line is
 * quoted, or the quoted lines form one block after the reporter's comment. Interleaved '>' lines are left
 * alone, since a scam text may use '>' as an arrow.
 */
function unquote(lines: string[], st: State): string[] | null {
  const quoted: number[] = [];
  lines.forEach((l, i) => {
    if (QUOTED.test(l)) quoted.push(i);
  });
  const first = quoted[0];
  const last = quoted[quoted.length - 1];
  if (first === undefined || last === undefined) return null;
  const block = lines.slice(first, last + 1);
  if (block.some((l) => l.trim() !== '' && !QUOTED.test(l))) return null;
  if (lines.slice(last + 1).some((l) => l.trim() !== '')) return null;
  st.markers.push('>');
  return block.map((l) => l.replace(QUOTE_MARKS, '').trim());
}

/** Index of the bracket closing the one at `open`, counting nested pairs of the same kind; -1 if none. */
function closingIndex(s: string, open: number): number {
  const o = s[open] ?? '';
  const c = BRACKETS[o];
  if (c === undefined) return -1;
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    if (s[i] === o) depth++;
    else if (s[i] === c && --depth === 0) return i;
  }
  return -1;
}

/**
 * The text inside 「…」 or 『…』 when the brackets enclose the whole rest of the message, optionally after a
 * comment that ends in a colon ("このSMSが届きました:「…」"). A message that merely starts with a quoted phrase
 * ("「ご本人確認」のため…") keeps its brackets: the pair must close at the very end.
 */
function unbracket(lines: string[], st: State): string[] | null {
  const text = lines.join('\n').trim();
  let open = 0;
  if (BRACKETS[text[0] ?? ''] === undefined) {
    const colon = /^[^\n「『]{0,60}:\s*(?=[「『])/.exec(text);
    if (colon === null) return null;
    open = colon[0].length;
  }
  if (closingIndex(text, open) !== text.length - 1) return null;
  st.markers.push(`${text[open] ?? ''}${text[text.length - 1] ?? ''}`);
  return text.slice(open + 1, -1).trim().split('\n');
}
