// The fields of a submit_sm / submit_multi / deliver_sm / data_sm the firewall needs, read from the PDU's exact bytes
// (SMPP 3.4 §4.4.1, §4.5.1, §4.6.1, §4.7.1) with strict length checks, and the concatenation information from the UDH
// or the sar_ TLVs.
import { CMD, STATUS } from './status.js';

export interface MessageFields {
  sourceAddr: string;
  destinationAddr: string;
  /** TON and NPI of the source and destination addresses. */
  sourceTon: number;
  sourceNpi: number;
  destTon: number;
  destNpi: number;
  esmClass: number;
  dataCoding: number;
  /** registered_delivery: non-zero when the sender asked for a receipt or acknowledgement. */
  registeredDelivery: number;
  /** short_message, or the message_payload TLV when present (then sm_length is 0). UDH included. */
  payload: Buffer;
  /** Optional parameters by tag, raw values; unknown tags are kept (and forwarded as they are). */
  tlvs: Map<number, Buffer>;
  /** submit_multi only: its destinations in order (destinationAddr is then ''). */
  multi?: MultiDestinations;
}

/** A submit_multi's destination list and where it sits in the PDU, so the PDU can be rebuilt with fewer of them. */
export interface MultiDestinations {
  /** Offset of number_of_dests. */
  countAt: number;
  dests: MultiDest[];
}

export interface MultiDest {
  /** dest_flag 1: an SME address; 2: a distribution list the SMSC expands (its members are not known here). */
  kind: 'sme' | 'list';
  /** destination_addr, or dl_name for a list. */
  address: string;
  ton: number;
  npi: number;
  /** This entry's bytes in the PDU, dest_flag included: [start, end). */
  start: number;
  end: number;
}

/** Where a part sits in a concatenated message. */
export interface Segment {
  /** 'udh8' | 'udh16' | 'sar' and the reference number: parts of one message share it. */
  ref: string;
  total: number;
  /** 1-based. */
  seq: number;
}

export const TLV = {
  receipted_message_id: 0x001e,
  sar_msg_ref_num: 0x020c,
  sar_total_segments: 0x020e,
  sar_segment_seqnum: 0x020f,
  message_payload: 0x0424,
} as const;

/** esm_class bits 2–5, the message type (§5.2.12): 0x04 SMSC delivery receipt, 0x08 SME delivery acknowledgement,
 * 0x10 SME manual/user acknowledgement, 0x20 intermediate delivery notification. */
export const ESM_TYPE_MASK = 0x3c;

/** Made by the SMSC, with no text a person wrote: a delivery receipt or an intermediate notification. SME
 * acknowledgements carry a user's text and are classified like any message. */
export function isSmscNotice(esmClass: number): boolean {
  const type = esmClass & ESM_TYPE_MASK;
  return type === 0x04 || type === 0x20;
}
export const ESM_UDHI = 0x40;

export class FieldError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

class Reader {
  constructor(private readonly b: Buffer, public off: number, private readonly end: number) {}
  u8(): number {
    if (this.off >= this.end) throw new FieldError(STATUS.RINVCMDLEN, 'PDU ends inside the mandatory parameters');
    return this.b[this.off++]!;
  }
  cstring(max: number, name: string): string {
    const nul = this.b.indexOf(0, this.off);
    if (nul < 0 || nul >= this.end) throw new FieldError(STATUS.RINVCMDLEN, `${name} is not terminated`);
    if (nul - this.off > max) throw new FieldError(STATUS.RINVCMDLEN, `${name} is longer than ${max}`);
    const s = this.b.toString('latin1', this.off, nul);
    this.off = nul + 1;
    return s;
  }
}

/** Reads a submit_sm or deliver_sm (both have the same mandatory parameters) or a data_sm (its text only in
 * message_payload). Throws FieldError with the status to answer when the PDU is malformed. */
export function readMessageFields(raw: Buffer): MessageFields {
  const r = new Reader(raw, 16, raw.length);
  const command = raw.readUInt32BE(4);
  if (command === CMD.data_sm) return readDataSm(raw, r);
  if (command === CMD.submit_multi) return readSubmitMulti(raw, r);
  return readAfterAddresses(raw, r, readAddresses(r, 20));
}

/** From esm_class to the end: the same in submit_sm, deliver_sm and submit_multi. */
function readAfterAddresses(raw: Buffer, r: Reader, addresses: Addresses): MessageFields {
  const end = raw.length;
  const esmClass = r.u8();
  r.u8(); // protocol_id
  r.u8(); // priority_flag
  r.cstring(16, 'schedule_delivery_time');
  r.cstring(16, 'validity_period');
  const registeredDelivery = r.u8();
  r.u8(); // replace_if_present_flag
  const dataCoding = r.u8();
  r.u8(); // sm_default_msg_id
  const smLength = r.u8();
  if (r.off + smLength > end) throw new FieldError(STATUS.RINVMSGLEN, 'sm_length runs past the end of the PDU');
  const shortMessage = raw.subarray(r.off, r.off + smLength);
  const tlvs = readTlvs(raw, r.off + smLength);
  const mp = tlvs.get(TLV.message_payload);
  // Both at once would let a sender show one text and have us classify the other (§5.3.2.32: sm_length must be 0).
  if (mp && smLength > 0) throw new FieldError(STATUS.RINVMSGLEN, 'short_message and message_payload both present');
  return fieldsOf(addresses, esmClass, dataCoding, registeredDelivery, mp ?? shortMessage, tlvs);
}

/** Most destinations in one submit_multi (§4.5.1: number_of_dests 1–254). */
const MAX_DESTS = 254;

/** submit_multi: the source address, then number_of_dests entries (dest_flag 1: TON, NPI, address; 2: dl_name). */
function readSubmitMulti(raw: Buffer, r: Reader): MessageFields {
  r.cstring(5, 'service_type');
  const sourceTon = r.u8();
  const sourceNpi = r.u8();
  const sourceAddr = r.cstring(20, 'source_addr');
  const countAt = r.off;
  const count = r.u8();
  if (count === 0 || count > MAX_DESTS) throw new FieldError(STATUS.RINVNUMDESTS, `number_of_dests ${count} (1–${MAX_DESTS})`);
  const dests: MultiDest[] = [];
  for (let i = 0; i < count; i++) {
    const start = r.off;
    const flag = r.u8();
    if (flag === 1) {
      const ton = r.u8();
      const npi = r.u8();
      dests.push({ kind: 'sme', ton, npi, address: r.cstring(20, 'destination_addr'), start, end: r.off });
    } else if (flag === 2) {
      dests.push({ kind: 'list', ton: 0, npi: 0, address: r.cstring(20, 'dl_name'), start, end: r.off });
    } else {
      throw new FieldError(STATUS.RINVDESTFLAG, `dest_flag ${flag}`);
    }
  }
  const fields = readAfterAddresses(raw, r, { sourceAddr, sourceTon, sourceNpi, destinationAddr: '', destTon: 0, destNpi: 0 });
  fields.multi = { countAt, dests };
  return fields;
}

/** data_sm: no short_message; addresses up to 64 characters (§4.7.1). */
function readDataSm(raw: Buffer, r: Reader): MessageFields {
  const addresses = readAddresses(r, 64);
  const esmClass = r.u8();
  const registeredDelivery = r.u8();
  const dataCoding = r.u8();
  const tlvs = readTlvs(raw, r.off);
  return fieldsOf(addresses, esmClass, dataCoding, registeredDelivery, tlvs.get(TLV.message_payload) ?? Buffer.alloc(0), tlvs);
}

/** service_type, then source and destination (each TON, NPI, address of at most `maxAddr` characters): the start
 * of every message-carrying PDU. */
/** One object shape for every message PDU (a spread would make a new one per call site). */
function fieldsOf(a: Addresses, esmClass: number, dataCoding: number, registeredDelivery: number, payload: Buffer, tlvs: Map<number, Buffer>): MessageFields {
  return {
    sourceAddr: a.sourceAddr, destinationAddr: a.destinationAddr, sourceTon: a.sourceTon, sourceNpi: a.sourceNpi, destTon: a.destTon, destNpi: a.destNpi,
    esmClass, dataCoding, registeredDelivery, payload, tlvs,
  };
}

type Addresses = Pick<MessageFields, 'sourceAddr' | 'sourceTon' | 'sourceNpi' | 'destinationAddr' | 'destTon' | 'destNpi'>;

function readAddresses(r: Reader, maxAddr: number): Addresses {
  r.cstring(5, 'service_type');
  const sourceTon = r.u8();
  const sourceNpi = r.u8();
  const sourceAddr = r.cstring(maxAddr, 'source_addr');
  const destTon = r.u8();
  const destNpi = r.u8();
  return { sourceAddr, sourceTon, sourceNpi, destinationAddr: r.cstring(maxAddr, 'destination_addr'), destTon, destNpi };
}

/** The optional parameters from `off` to the end, by tag (raw values; unknown tags kept). */
function readTlvs(raw: Buffer, from: number): Map<number, Buffer> {
  const end = raw.length;
  const tlvs = new Map<number, Buffer>();
  let off = from;
  while (off < end) {
    if (off + 4 > end) throw new FieldError(STATUS.RINVTLVSTREAM, 'truncated optional parameter');
    const tag = raw.readUInt16BE(off);
    const len = raw.readUInt16BE(off + 2);
    if (off + 4 + len > end) throw new FieldError(STATUS.RINVTLVSTREAM, `optional parameter 0x${tag.toString(16)} runs past the end of the PDU`);
    // A repeated tag would let a sender show us one copy and the SMSC another (two message_payloads: we would read
    // the last, an SMSC may deliver the first), so it is refused rather than guessed at.
    if (tlvs.has(tag)) throw new FieldError(STATUS.RINVTLVSTREAM, `optional parameter 0x${tag.toString(16)} appears twice`);
    tlvs.set(tag, raw.subarray(off + 4, off + 4 + len));
    off += 4 + len;
  }
  return tlvs;
}

/** The text bytes (UDH removed) and the segment, from the UDH (IEI 0x00 or 0x08) or the sar_ TLVs. A part whose
 * concatenation data is incoherent (seq 0 or beyond total) is treated as a message of its own. */
export function splitSegment(f: MessageFields): { body: Buffer; segment: Segment | null } {
  let body = f.payload;
  let segment: Segment | null = null;
  if ((f.esmClass & ESM_UDHI) !== 0) {
    const udhl = body[0];
    if (udhl === undefined || udhl + 1 > body.length) throw new FieldError(STATUS.RINVESMCLASS, 'UDH indicator set but the UDH length is wrong');
    const udh = body.subarray(1, udhl + 1);
    for (let i = 0; i + 2 <= udh.length; ) {
      const iei = udh[i]!;
      const len = udh[i + 1]!;
      const v = udh.subarray(i + 2, i + 2 + len);
      if (iei === 0x00 && len === 3 && v.length === 3) segment = { ref: `udh8:${v[0]!}`, total: v[1]!, seq: v[2]! };
      else if (iei === 0x08 && len === 4 && v.length === 4) segment = { ref: `udh16:${v.readUInt16BE(0)}`, total: v[2]!, seq: v[3]! };
      i += 2 + len;
    }
    body = body.subarray(udhl + 1);
  } else {
    const ref = f.tlvs.get(TLV.sar_msg_ref_num);
    const total = f.tlvs.get(TLV.sar_total_segments);
    const seq = f.tlvs.get(TLV.sar_segment_seqnum);
    if (ref?.length === 2 && total?.length === 1 && seq?.length === 1) segment = { ref: `sar:${ref.readUInt16BE(0)}`, total: total[0]!, seq: seq[0]! };
  }
  if (segment && (segment.total < 2 || segment.seq < 1 || segment.seq > segment.total)) segment = null;
  return { body, segment };
}

/** The upstream message id a delivery receipt refers to: the receipted_message_id TLV, else the `id:` field of the
 * receipt text (SMPP 3.4 Appendix B). */
export function receiptMessageId(f: MessageFields): string | null {
  const tlv = f.tlvs.get(TLV.receipted_message_id);
  if (tlv && tlv.length > 0) {
    const nul = tlv.indexOf(0);
    return tlv.toString('latin1', 0, nul < 0 ? tlv.length : nul);
  }
  const m = /id:(\S+)/.exec(f.payload.toString('latin1'));
  return m ? m[1]! : null;
}
