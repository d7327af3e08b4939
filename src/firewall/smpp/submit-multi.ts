// submit_multi (SMPP 3.4 §4.5): one text to up to 254 destinations, each decided on its own (each recipient has
// its own filter settings and quarantine). What is forwarded is the same PDU, byte for byte, with only the
// destinations whose decision was "forward"; the answer to the ESME is the SMSC's submit_multi_resp with the
// destinations we refused added to its unsuccess_sme list (§4.5.2), each with the status it was refused with.
import type { MultiDest, MessageFields } from './message-fields.js';
import { CMD, RESPONSE_BIT } from './status.js';

const HEADER = 16;

/** The PDU with only the destinations at `keep` (indexes into fields.multi.dests, in order); a new buffer. */
export function withDestinations(raw: Buffer, fields: MessageFields, keep: readonly number[]): Buffer {
  const m = fields.multi!;
  const tailAt = m.dests[m.dests.length - 1]!.end;
  const chunks: Buffer[] = [raw.subarray(0, m.countAt), Buffer.from([keep.length])];
  for (const i of keep) chunks.push(raw.subarray(m.dests[i]!.start, m.dests[i]!.end));
  chunks.push(raw.subarray(tailAt));
  const b = Buffer.concat(chunks);
  b.writeUInt32BE(b.length, 0);
  return b;
}

/** One unsuccess_sme entry: TON, NPI, address, error_status_code (a distribution list is named by its dl_name). */
export function unsuccessEntry(d: MultiDest, status: number): Buffer {
  const n = Buffer.byteLength(d.address, 'latin1');
  const b = Buffer.allocUnsafe(2 + n + 1 + 4);
  b[0] = d.ton;
  b[1] = d.npi;
  b.write(d.address, 2, 'latin1');
  b[2 + n] = 0;
  b.writeUInt32BE(status >>> 0, 3 + n);
  return b;
}

/** A successful submit_multi_resp as the SMSC sent it: message_id and the raw unsuccess_sme entries. Null when its
 * body cannot be read (the proxy then answers with the message id alone and our own entries). */
export function readMultiResp(raw: Buffer): { messageId: string; unsuccess: Buffer[] } | null {
  let off = HEADER;
  const nul = raw.indexOf(0, off);
  if (nul < 0) return null;
  const messageId = raw.toString('latin1', off, nul);
  off = nul + 1;
  if (off >= raw.length) return { messageId, unsuccess: [] }; // some SMSCs omit no_unsuccess when it is 0
  const count = raw[off++]!;
  const unsuccess: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const start = off;
    if (off + 3 > raw.length) return null;
    const end = raw.indexOf(0, off + 2);
    if (end < 0 || end + 5 > raw.length) return null;
    off = end + 5;
    unsuccess.push(raw.subarray(start, off));
  }
  return { messageId, unsuccess };
}

/** submit_multi_resp, ESME_ROK, with the message id and unsuccess_sme entries (at most 255, the field's limit). */
export function multiResp(seq: number, messageId: string, unsuccess: readonly Buffer[]): Buffer {
  const entries = unsuccess.slice(0, 255);
  const id = Buffer.from(messageId, 'latin1');
  const len = HEADER + id.length + 1 + 1 + entries.reduce((n, e) => n + e.length, 0);
  const b = Buffer.allocUnsafe(len);
  b.writeUInt32BE(len, 0);
  b.writeUInt32BE((CMD.submit_multi | RESPONSE_BIT) >>> 0, 4);
  b.writeUInt32BE(0, 8);
  b.writeUInt32BE(seq >>> 0, 12);
  id.copy(b, HEADER);
  let off = HEADER + id.length;
  b[off++] = 0;
  b[off++] = entries.length;
  for (const e of entries) off += e.copy(b, off);
  return b;
}
