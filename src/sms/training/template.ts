// A tiny template language, so one line of Japanese can stand for dozens of real-looking wordings.
//   {a|b|c}   pick one alternative (nested braces allowed; an empty alternative makes a part optional)
//   {name}    call the slot `name` (identifier only: letters, digits, underscore); an alternative that is
//             exactly a slot name also calls it, so {emo|} is "an emoji or nothing"
// Alternatives are chosen before they are expanded, so unused branches never draw from the PRNG and the output
// only depends on the seed. Braces are rare in SMS text; a literal brace can be written as {{} or {}}.

import type { Rng } from './prng.js';

export type Slots = Readonly<Record<string, (rng: Rng) => string>>;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function expand(tpl: string, rng: Rng, slots: Slots): string {
  let out = '';
  let i = 0;
  while (i < tpl.length) {
    const c = tpl[i] as string;
    if (c !== '{') {
      out += c;
      i++;
      continue;
    }
    const close = matchingBrace(tpl, i);
    const body = tpl.slice(i + 1, close);
    i = close + 1;
    if (body === '{' || body === '}') {
      out += body;
      continue;
    }
    const parts = splitTopLevel(body);
    if (parts.length === 1 && IDENT.test(body)) {
      const slot = slots[body];
      if (!slot) throw new Error(`template slot {${body}} is not defined`);
      out += slot(rng);
      continue;
    }
    const chosen = parts[Math.floor(rng() * parts.length)] as string;
    // {emo|} means "the emo slot or nothing": a bare slot name as an alternative calls the slot.
    const slot = IDENT.test(chosen) ? slots[chosen] : undefined;
    out += slot ? slot(rng) : expand(chosen, rng, slots);
  }
  return out;
}

function matchingBrace(s: string, open: number): number {
  // {{} and {}} are literal braces: the body is a single brace character.
  if (s[open + 2] === '}' && (s[open + 1] === '{' || s[open + 1] === '}')) return open + 2;
  let depth = 0;
  for (let j = open; j < s.length; j++) {
    if (s[j] === '{') depth++;
    else if (s[j] === '}' && --depth === 0) return j;
  }
  throw new Error(`unbalanced brace in template: ${s}`);
}

function splitTopLevel(body: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let j = 0; j < body.length; j++) {
    const c = body[j];
    if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '|' && depth === 0) {
      parts.push(body.slice(start, j));
      start = j + 1;
    }
  }
  parts.push(body.slice(start));
  return parts;
}
