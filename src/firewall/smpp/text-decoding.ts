// Message text from data_coding and the bytes (UDH already removed). null = cannot be decoded: the decider then
// applies `firewall.undecodable` (fail open or closed) and the proxy counts it.
//
// data_coding (SMPP 3.4 §5.2.19):
//   0x00 SMSC default: GSM 03.38 default alphabet, one septet per byte (as SMPP carries it and as the smpp
//        package decodes it). A byte ≥ 0x80 is not a septet → null. National shift tables (UDH 0x24/0x25) are not
//        applied: Japanese traffic does not use them.
//   0x01 IA5 (ASCII); 0x03 Latin-1; 0x08 UCS-2 big-endian, surrogate pairs joined (a lone surrogate → null).
//   0x05 JIS X 0208. Sent in practice in two shapes, told apart without configuration: ISO-2022-JP (7-bit,
//        escape sequences switch to JIS X 0208), or Shift_JIS bytes, which some domestic gateways put under 0x05.
//        JIS coding never has a byte ≥ 0x80 and Shift_JIS text in kanji always has one, so any byte ≥ 0x80 means
//        Shift_JIS (decoded as Windows-31J, the superset handsets and gateways use: ①, ㈱, …). 7-bit bytes without
//        an escape read as ASCII (ISO-2022-JP starts in ASCII); bare JIS X 0208 pairs without escapes are not
//        recognised and read as ASCII.
//   0x0A ISO-2022-JP; 0x0D JIS X 0212 — decoded as ISO-2022-JP (ESC $ ( D selects JIS X 0212).
//   0x10–0x3F, 0xF0–0xFF: GSM 03.38 data coding groups: the GSM alphabet and UCS-2 are decoded, 8-bit data and
//        compressed text are not.
//   Anything else (binary 0x02/0x04, Cyrillic, Hebrew, pictograms, …) → null.
import iconv from 'iconv-lite';
import smpp from 'smpp';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function decodeText(dataCoding: number, bytes: Buffer): string | null {
  switch (dataCoding) {
    case 0x00:
      return gsm(bytes);
    case 0x01:
      return sevenBit(bytes) ? bytes.toString('latin1') : null;
    case 0x03:
      return bytes.toString('latin1');
    case 0x05:
      return sevenBit(bytes) ? iso2022jp(bytes) : checked(iconv.decode(bytes, 'cp932'));
    case 0x08:
      return ucs2(bytes);
    case 0x0a:
    case 0x0d:
      return iso2022jp(bytes);
  }
  if ((dataCoding & 0xf0) === 0xf0) return (dataCoding & 0x04) === 0 ? gsm(bytes) : null;
  if ((dataCoding & 0xc0) === 0 && dataCoding >= 0x10 && (dataCoding & 0x20) === 0) {
    const alphabet = (dataCoding >> 2) & 0x03;
    return alphabet === 0 ? gsm(bytes) : alphabet === 2 ? ucs2(bytes) : null;
  }
  return null;
}

function sevenBit(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i]! >= 0x80) return false;
  return true;
}

function gsm(b: Buffer): string | null {
  return sevenBit(b) ? smpp.gsmCoder.decode(b, 0) : null;
}

function ucs2(b: Buffer): string | null {
  if (b.length % 2 !== 0) return null;
  const s = Buffer.from(b).swap16().toString('utf16le');
  return LONE_SURROGATE.test(s) ? null : s;
}

function checked(s: string): string | null {
  return s.includes('\uFFFD') ? null : s;
}

/** ISO-2022-JP (with JIS X 0212 and half-width katakana) → text, by rewriting it as EUC-JP, which encodes the same
 * character sets with the high bit set, and decoding that. Invalid escapes or bytes → null. */
export function iso2022jp(b: Buffer): string | null {
  const out = Buffer.alloc(b.length * 2);
  let n = 0;
  let mode: 'ascii' | 'kana' | 'x0208' | 'x0212' = 'ascii';
  for (let i = 0; i < b.length; ) {
    const c = b[i]!;
    if (c === 0x1b) {
      const seq = b.toString('latin1', i + 1, i + 4);
      if (seq.startsWith('(B') || seq.startsWith('(J')) [mode, i] = ['ascii', i + 3];
      else if (seq.startsWith('(I')) [mode, i] = ['kana', i + 3];
      else if (seq.startsWith('$@') || seq.startsWith('$B')) [mode, i] = ['x0208', i + 3];
      else if (seq === '$(D') [mode, i] = ['x0212', i + 4];
      else return null;
      continue;
    }
    if (c >= 0x80) return null;
    if (c < 0x21 || mode === 'ascii') {
      out[n++] = c;
      i++;
    } else if (mode === 'kana') {
      if (c > 0x5f) return null;
      out[n++] = 0x8e;
      out[n++] = c + 0x80;
      i++;
    } else {
      const d = b[i + 1];
      if (d === undefined || d < 0x21 || d > 0x7e || c > 0x7e) return null;
      if (mode === 'x0212') out[n++] = 0x8f;
      out[n++] = c | 0x80;
      out[n++] = d | 0x80;
      i += 2;
    }
  }
  return checked(iconv.decode(out.subarray(0, n), 'euc-jp'));
}
