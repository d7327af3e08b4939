// Text normalisation: one canonical form of a message body so that every detector sees the same text
// whatever width, invisible characters or line endings the sender used.
import { CONTROL as CONTROL_FLAG, INVISIBLE, SURROGATE, hasAny, stripInvisible } from './char-class.js';

// Lone surrogate halves (no well-formed pair) become U+FFFD so that every later step, and storage, sees valid
// UTF-16.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

// Control characters other than \n and the horizontal spacing ones handled below. U+0085 (NEL) and the
// Unicode line/paragraph separators count as line breaks.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\x00-\x08\x0E-\x1F\x7F-\x84\x86-\x9F]/g;
const LINE_BREAK = /\r\n?|[\u0085\u2028\u2029]/g;
const SPACES = /[ \t\v\f]+/g;
const SPACE_AROUND_NEWLINE = / ?\n ?/g;

/**
 * NFKC (full-width ASCII becomes ASCII, half-width katakana becomes full-width), invisible and control
 * characters removed except \n, line endings unified to \n, runs of spaces/tabs collapsed to one space, spaces
 * at line ends dropped, the whole trimmed. Placeholder symbols such as 〇 ○ ● are kept: they carry meaning
 * (a masked number or link). Never throws; a non-string input yields ''.
 */
export function normalizeText(input: string): string {
  if (typeof input !== 'string' || input === '') return '';
  let s = input;
  // Most SMS bodies contain none of the characters these steps exist for; any surrogate (an emoji, say)
  // takes the slow path, which is still linear.
  if (hasAny(s, INVISIBLE | SURROGATE | CONTROL_FLAG)) {
    s = stripInvisible(s.replace(LONE_SURROGATE, '\uFFFD').replace(LINE_BREAK, '\n')).replace(CONTROL, '');
  }
  // NFKC after removing invisibles, so that a base letter and a combining mark split by a zero-width
  // character still compose.
  s = s.normalize('NFKC');
  if (s.includes('  ') || s.includes('\t') || s.includes('\v') || s.includes('\f')) s = s.replace(SPACES, ' ');
  if (s.includes(' \n') || s.includes('\n ')) s = s.replace(SPACE_AROUND_NEWLINE, '\n');
  return s.trim();
}

/** normalizeText, then lower-cased for keyword matching; kana and kanji are left as they are. */
export function foldForMatch(input: string): string {
  return normalizeText(input).toLowerCase();
}
