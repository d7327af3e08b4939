// The "URL view" of a message: the text with the obfuscations that hide a link undone (full-width forms,
// invisible characters, bracketed dots), plus a map from each view position back to the original text so that
// an extracted URL can still report the exact substring it was found as.
import { CONTROL, INVISIBLE, SURROGATE, WIDE, hasAny, isInvisibleCodePoint } from './char-class.js';

export interface UrlView {
  /** The folded text the URL scanner works on. */
  readonly text: string;
  /** Original index where view character i starts; null when the view is the original text unchanged. */
  readonly start: readonly number[] | null;
  /** Original index just after view character i; null when unchanged. */
  readonly end: readonly number[] | null;
}

// A bracket that opens a defang token ("[.]", "(dot)", "[:]"…).
const BRACKET_TOKEN = /[[({<] {0,2}(?:[.:/。]|[dD][oO][tT])/;

const OPENERS = '[({<';
const CLOSERS = '])}>';

/**
 * Bracketed defang tokens: "[.]", "(.)", "{.}", "[dot]", "(dot)", "[:]", "[/]", "[://]" with optional
 * spaces inside, any bracket pair. Returns the replacement and the number of view characters consumed.
 */
function matchBracketToken(t: string, i: number): { text: string; length: number } | null {
  let j = i + 1;
  while (t[j] === ' ' && j - i < 3) j++;
  let inner = '';
  while (j < t.length && j - i < 10 && !CLOSERS.includes(t[j] ?? ')')) inner += t[j++];
  if (!CLOSERS.includes(t[j] ?? '_')) return null;
  const body = inner.trim().toLowerCase();
  let text: string;
  if (body === '.' || body === 'dot' || body === '。') text = '.';
  else if (body === ':' || body === '/' || body === '//' || body === '://') text = body;
  else return null;
  return { text, length: j - i + 1 };
}

/** Code units to a string, in chunks (spreading a very long array into one call can overflow the stack). */
function fromCodes(codes: readonly number[]): string {
  let out = '';
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return out;
}

/** Builds the view; linear in the input length. */
export function buildUrlView(input: string): UrlView {
  // Most messages need no fold, and then the view is the text itself. Any surrogate also takes the slow
  // path, to catch astral invisibles; it is still linear.
  if (!hasAny(input, WIDE | INVISIBLE | SURROGATE | CONTROL) && !BRACKET_TOKEN.test(input)) {
    return { text: input, start: null, end: null };
  }

  // Pass 1: per code unit: full-width ASCII to ASCII, ideographic space to space, halfwidth ideographic stop
  // to '.', invisibles and \r dropped. An astral character is copied as its two units.
  const codes: number[] = [];
  const start: number[] = [];
  const end: number[] = [];
  for (let i = 0; i < input.length; ) {
    const cp = input.codePointAt(i) ?? 0;
    if (cp > 0xffff) {
      if (!isInvisibleCodePoint(cp)) {
        codes.push(input.charCodeAt(i), input.charCodeAt(i + 1));
        start.push(i, i);
        end.push(i + 2, i + 2);
      }
      i += 2;
      continue;
    }
    if (cp !== 0x0d && !isInvisibleCodePoint(cp)) {
      codes.push(
        cp >= 0xff01 && cp <= 0xff5e ? cp - 0xfee0 : cp === 0x3000 ? 0x20 : cp === 0xff61 ? 0x2e : cp,
      );
      start.push(i);
      end.push(i + 1);
    }
    i++;
  }
  const folded = fromCodes(codes);
  // Pass 2, only when needed: bracket tokens, which may have been full-width before pass 1 ("［．］").
  if (!BRACKET_TOKEN.test(folded)) return { text: folded, start, end };

  let text = '';
  const start2: number[] = [];
  const end2: number[] = [];
  for (let i = 0; i < folded.length; ) {
    const ch = folded[i] ?? '';
    const token = OPENERS.includes(ch) ? matchBracketToken(folded, i) : null;
    if (token !== null) {
      const from = start[i] ?? 0;
      const to = end[i + token.length - 1] ?? from;
      text += token.text;
      for (let k = 0; k < token.text.length; k++) {
        start2.push(from);
        end2.push(to);
      }
      i += token.length;
      continue;
    }
    text += ch;
    start2.push(start[i] ?? 0);
    end2.push(end[i] ?? 0);
    i++;
  }
  return { text, start: start2, end: end2 };
}

/** The original substring behind view range [from, to). */
export function originalSlice(input: string, view: UrlView, from: number, to: number): string {
  if (view.start === null || view.end === null) return input.slice(from, to);
  if (to <= from) return '';
  return input.slice(view.start[from] ?? 0, view.end[to - 1] ?? input.length);
}
