// A small template language for message texts, compiled once at load so rendering millions of messages is
// only concatenation. Syntax: `{a|b|c}` picks one alternative (alternatives may nest and may be empty, so
// `{|、}` is optional punctuation); `{name}` (ASCII word, no `|`) is a slot filled by a function at render time.

import type { Rng } from './prng.js';

type Part = string | { alt: Compiled[] } | { slot: string };
export type Compiled = readonly Part[];
export type Slots = Readonly<Record<string, (rng: Rng) => string>>;

function parseSeq(src: string, pos: number, stopAtBar: boolean): [Part[], number] {
  const parts: Part[] = [];
  let lit = '';
  let i = pos;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '{') {
      if (lit) parts.push(lit);
      lit = '';
      const [part, next] = parseGroup(src, i + 1);
      parts.push(part);
      i = next;
    } else if (stopAtBar && (c === '|' || c === '}')) {
      break;
    } else {
      lit += c;
      i++;
    }
  }
  if (lit) parts.push(lit);
  return [parts, i];
}

function parseGroup(src: string, pos: number): [Part, number] {
  const close = src.indexOf('}', pos);
  const inner = close >= 0 ? src.slice(pos, close) : '';
  if (/^[A-Za-z][A-Za-z0-9_]*$/.test(inner)) return [{ slot: inner }, close + 1];
  const alts: Compiled[] = [];
  let i = pos;
  for (;;) {
    const [seq, next] = parseSeq(src, i, true);
    alts.push(seq);
    if (next >= src.length) throw new Error(`unclosed { in template: ${src}`);
    if (src[next] === '}') return [{ alt: alts }, next + 1];
    i = next + 1;
  }
}

export function compile(src: string): Compiled {
  return parseSeq(src, 0, false)[0];
}

/** Render one text. A slot used twice in a text gets the same value both times (a code, a tracking number). */
export function render(t: Compiled, rng: Rng, slots: Slots): string {
  const out: string[] = [];
  renderInto(t, rng, slots, out, new Map());
  // join() gives one flat string; += would leave a tree of cons strings that lives until the hour is written.
  return out.join('');
}

function renderInto(t: Compiled, rng: Rng, slots: Slots, out: string[], memo: Map<string, string>): void {
  for (const p of t) {
    if (typeof p === 'string') out.push(p);
    else if ('slot' in p) {
      let v = memo.get(p.slot);
      if (v === undefined) {
        const f = slots[p.slot];
        if (!f) throw new Error(`no slot {${p.slot}}`);
        v = f(rng);
        memo.set(p.slot, v);
      }
      out.push(v);
    } else renderInto(p.alt[Math.floor(rng.float() * p.alt.length)]!, rng, slots, out, memo);
  }
}

/** Compile a list of templates. */
export function compileAll(srcs: readonly string[]): Compiled[] {
  return srcs.map(compile);
}
