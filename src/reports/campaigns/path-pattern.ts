// URL path patterns: phishing kits are deployed on many throw-away domains with the same path layout
// (/jp/redelivery/index.php, /mypage/login/3fa9c2/). The pattern keeps the layout and generalises what varies per
// deployment (numbers, hex and random-looking tokens), so campaigns on different domains meet on it. Only
// distinctive layouts count: at least two segments and some letters, so "/", "/login" or "/a" never join campaigns.

const TOKEN = /^(?:\d+|[0-9a-f]{6,}|[A-Za-z0-9_-]{12,})$/;

function segmentPattern(s: string): string {
  if (TOKEN.test(s)) return /^\d+$/.test(s) ? '{n}' : '{id}';
  // Mixed letters and digits of 6+ characters look machine-made (a campaign id, a short-link slug).
  if (s.length >= 6 && /\d/.test(s) && /[a-z]/i.test(s)) return '{id}';
  return s.toLowerCase();
}

/** The path's layout pattern, or null when it is too generic to tie campaigns together. */
export function pathPattern(path: string): string | null {
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.length < 2) return null;
  const pattern = `/${segments.map(segmentPattern).join('/')}`;
  const literal = pattern.replace(/\{n\}|\{id\}/g, '').replace(/\//g, '');
  return literal.length >= 6 ? pattern : null;
}
