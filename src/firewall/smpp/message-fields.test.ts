// The PDU reader against damaged input: valid submit_sm, submit_multi, deliver_sm and data_sm PDUs with bytes
// flipped, cut short or grown. Whatever the damage, the reader either returns fields that lie inside the PDU or
// throws a FieldError carrying an SMPP status — never another exception (which would reach the session) and never
// a text read from outside the PDU. A submit_multi it accepts can be rebuilt with fewer destinations.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import smpp from 'smpp';
import { FieldError, readMessageFields, splitSegment } from './message-fields.js';
import { multiResp, readMultiResp, unsuccessEntry, withDestinations } from './submit-multi.js';

const ucs2 = (s: string) => Buffer.from(s, 'utf16le').swap16();
const TEXT = ucs2('【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。 http://sagawa-ex.top/s');

const VALID: Buffer[] = [
  new smpp.PDU('submit_sm', { sequence_number: 1, source_addr: '09012345678', destination_addr: '09087654321', data_coding: 8, short_message: TEXT }).toBuffer(),
  new smpp.PDU('submit_sm', { sequence_number: 2, source_addr: 'SAGAWA', destination_addr: '09087654321', esm_class: 0x40, data_coding: 8, short_message: Buffer.concat([Buffer.from([5, 0, 3, 7, 2, 1]), TEXT.subarray(0, 60)]) }).toBuffer(),
  new smpp.PDU('deliver_sm', { sequence_number: 3, source_addr: '09012345678', destination_addr: '09087654321', data_coding: 8, message_payload: TEXT, sar_msg_ref_num: 9, sar_total_segments: 2, sar_segment_seqnum: 1 }).toBuffer(),
  new smpp.PDU('data_sm', { sequence_number: 4, source_addr: '09012345678', destination_addr: '09087654321', data_coding: 8, message_payload: TEXT }).toBuffer(),
  new smpp.PDU('submit_multi', {
    sequence_number: 5, source_addr: '09012345678', data_coding: 8, short_message: TEXT,
    dest_address: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '09011112222' }, { dl_name: 'friends' }, { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '09033334444' }],
  }).toBuffer(),
];

/** xorshift32: the same damage on every run. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function damage(raw: Buffer, rnd: () => number): Buffer {
  const b = Buffer.from(raw);
  const kind = rnd();
  if (kind < 0.5) {
    // Flip 1–4 bytes after the header (the framing layer checks command_length; this is the body).
    for (let n = 1 + Math.floor(rnd() * 4); n > 0; n--) b[16 + Math.floor(rnd() * (b.length - 16))] = Math.floor(rnd() * 256);
    return b;
  }
  if (kind < 0.8) {
    const cut = b.subarray(0, 16 + Math.floor(rnd() * (b.length - 16)));
    cut.writeUInt32BE(cut.length, 0);
    return cut;
  }
  const grown = Buffer.concat([b, Buffer.from(Array.from({ length: 1 + Math.floor(rnd() * 8) }, () => Math.floor(rnd() * 256)))]);
  grown.writeUInt32BE(grown.length, 0);
  return grown;
}

describe('readMessageFields on damaged PDUs', () => {
  it('reads every valid PDU, and a submit_multi with its destinations', () => {
    for (const raw of VALID) assert.doesNotThrow(() => readMessageFields(raw));
    const multi = readMessageFields(VALID[4]!);
    assert.deepEqual(multi.multi?.dests.map((d) => [d.kind, d.address]), [['sme', '09011112222'], ['list', 'friends'], ['sme', '09033334444']]);
    assert.equal(multi.destinationAddr, '');
    assert.deepEqual(multi.payload, TEXT);
  });

  it('returns fields inside the PDU or throws a FieldError with a status, over 20,000 damaged PDUs', () => {
    const rnd = prng(0x5eed);
    let accepted = 0;
    let refused = 0;
    for (let i = 0; i < 20_000; i++) {
      const raw = damage(VALID[i % VALID.length]!, rnd);
      let fields;
      try {
        fields = readMessageFields(raw);
      } catch (e) {
        assert.ok(e instanceof FieldError, `not a FieldError: ${String(e)}`);
        assert.ok(e.status > 0 && e.status <= 0xff);
        refused++;
        continue;
      }
      accepted++;
      // The text is a view into this PDU, within its bounds (or empty).
      if (fields.payload.length > 0) {
        assert.ok(fields.payload.buffer === raw.buffer, 'the text is read from the PDU');
        assert.ok(fields.payload.byteOffset >= raw.byteOffset && fields.payload.byteOffset + fields.payload.length <= raw.byteOffset + raw.length);
      }
      try {
        splitSegment(fields);
      } catch (e) {
        assert.ok(e instanceof FieldError, `not a FieldError: ${String(e)}`);
      }
      if (fields.multi) {
        const keep = fields.multi.dests.map((_, j) => j).filter((j) => j % 2 === 0);
        const rebuilt = readMessageFields(withDestinations(raw, fields, keep));
        assert.deepEqual(rebuilt.multi!.dests.map((d) => d.address), keep.map((j) => fields.multi!.dests[j]!.address));
        assert.deepEqual(rebuilt.payload, fields.payload);
        assert.deepEqual(rebuilt.tlvs, fields.tlvs);
      }
    }
    // Both outcomes happen: the damage is neither always fatal nor always harmless.
    assert.ok(accepted > 1000 && refused > 1000, `accepted ${accepted}, refused ${refused}`);
  });
});

describe('submit_multi_resp', () => {
  it('reads the SMSC answer the package writes and writes one the package reads, unsuccess entries included', () => {
    const fromSmsc = new smpp.PDU('submit_multi_resp', {
      sequence_number: 7, message_id: 'up-9', unsuccess_sme: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '09011110000', error_status_code: 0x0b }],
    }).toBuffer();
    const read = readMultiResp(fromSmsc);
    assert.equal(read?.messageId, 'up-9');
    assert.equal(read?.unsuccess.length, 1);
    const ours = unsuccessEntry({ kind: 'list', address: 'friends', ton: 0, npi: 0, start: 0, end: 0 }, 0x45);
    const answer = new smpp.PDU(multiResp(3, 'up-9', [...read.unsuccess, ours]));
    assert.equal(answer.command, 'submit_multi_resp');
    assert.equal(answer.sequence_number, 3);
    assert.equal(answer.message_id, 'up-9');
    assert.deepEqual((answer.unsuccess_sme as Array<{ destination_addr: string; error_status_code: number }>).map((u) => [u.destination_addr, u.error_status_code]), [['09011110000', 0x0b], ['friends', 0x45]]);
    assert.equal(readMultiResp(fromSmsc.subarray(0, fromSmsc.length - 3)), null, 'a cut answer is not read');
  });
});
