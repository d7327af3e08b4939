// Template fingerprints: attackers send dozens of variants a day that differ in the link, the tracking number
// and the date. Masking those and hashing the rest gives one fingerprint per template, the unit that
// indicators, reports and campaign clustering share.

const URLISH = /(?:h..ps?|https?)\s*[:：]\s*[/／]{2}\S*|(?:www\.)?[a-z0-9-]+(?:\s*[.．。]\s*[a-z0-9-]+)*\s*[.．]\s*[a-z]{2,}(?:\/\S*)?/gi;
const DIGITS = /[0-9０-９]+/g;
const NOISE = /[\s\p{P}\p{S}]+/gu;

/**
 * A 64-bit hash as 16 hex chars: two independent 32-bit FNV-1a passes (standard offset basis, and a second
 * basis over the code units mixed with their position) — cheap, stable across platforms and runs.
 */
export function hash64(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ (c + i * 0x9e37), 0x01000193);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

/**
 * The template text: links → U, digits → 0, punctuation and spaces removed, lower-case. `links` are the raw
 * link substrings already extracted from `normalized` (the engine has them); without them a regex finds them.
 */
export function templateOf(normalized: string, links?: readonly string[]): string {
  let t = normalized;
  if (links) {
    // Longest first, so a link that contains another is replaced whole.
    for (const raw of [...links].sort((a, b) => b.length - a.length)) if (raw) t = t.split(raw).join(' U ');
  } else {
    t = t.replace(URLISH, ' U ');
  }
  return t.toLowerCase().replace(DIGITS, '0').replace(NOISE, '');
}

export function templateFingerprint(normalized: string, links?: readonly string[]): string {
  return `tf1:${hash64(templateOf(normalized, links))}`;
}
