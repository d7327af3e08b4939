// What the firewall reads as text: the data codings Japanese traffic carries, concatenated messages (UDH and sar_
// TLVs) decided as a whole, and text it cannot decode (fail open or closed by `firewall.undecodable`).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import iconv from 'iconv-lite';
import { decodeText } from '../src/firewall/index.js';
import {
  connectEsme, NORMAL, proxySuite, ROK, SMISHING, startProxy, textOf, type Esme,
} from './firewall-smpp-fixtures.js';

const ucs2 = (s: string) => Buffer.from(s, 'utf16le').swap16();

/** ISO-2022-JP from EUC-JP: two-byte runs between ESC $ B and ESC ( B, high bits cleared. */
function iso2022jp(s: string): Buffer {
  const euc = iconv.encode(s, 'euc-jp');
  const out: number[] = [];
  let kanji = false;
  for (let i = 0; i < euc.length; ) {
    if (euc[i]! >= 0x80) {
      if (!kanji) out.push(0x1b, 0x24, 0x42);
      kanji = true;
      out.push(euc[i]! & 0x7f, euc[i + 1]! & 0x7f);
      i += 2;
    } else {
      if (kanji) out.push(0x1b, 0x28, 0x42);
      kanji = false;
      out.push(euc[i++]!);
    }
  }
  if (kanji) out.push(0x1b, 0x28, 0x42);
  return Buffer.from(out);
}

/** Splits bytes into `n` parts with an 8-bit-reference concatenation UDH (IEI 0x00). */
function udhParts(bytes: Buffer, n: number, ref: number): Buffer[] {
  const size = Math.ceil(bytes.length / n / 2) * 2;
  return Array.from({ length: n }, (_, i) => Buffer.concat([Buffer.from([5, 0x00, 3, ref, n, i + 1]), bytes.subarray(i * size, (i + 1) * size)]));
}

describe('decodeText', () => {
  it('decodes each data_coding Japanese traffic uses, and refuses what it cannot read', () => {
    assert.equal(decodeText(0x00, Buffer.from([0x48, 0x69, 0x00, 0x11])), 'Hi@_', 'GSM 7-bit septets, one per byte');
    assert.equal(decodeText(0x00, Buffer.from([0x48, 0xe9])), null, 'a byte ≥ 0x80 is not a septet');
    assert.equal(decodeText(0x01, Buffer.from('abc')), 'abc');
    assert.equal(decodeText(0x03, Buffer.from([0xe9])), 'é');
    assert.equal(decodeText(0x08, ucs2('荷物📦')), '荷物📦', 'UCS-2 with a surrogate pair');
    assert.equal(decodeText(0x08, Buffer.from([0xd8, 0x3d, 0x00, 0x41])), null, 'a lone surrogate');
    assert.equal(decodeText(0x08, Buffer.from([0x30])), null, 'odd length');
    assert.equal(decodeText(0x05, iconv.encode('お荷物①', 'cp932')), 'お荷物①', 'Shift_JIS under 0x05');
    assert.equal(decodeText(0x05, iso2022jp('お荷物 abc')), 'お荷物 abc', 'ISO-2022-JP under 0x05');
    assert.equal(decodeText(0x0a, iso2022jp('再配達')), '再配達');
    assert.equal(decodeText(0x0d, Buffer.from([0x1b, 0x24, 0x28, 0x44, 0x30, 0x21, 0x1b, 0x28, 0x42])), '丂', 'JIS X 0212');
    assert.equal(decodeText(0x0a, Buffer.from([0x1b, 0x24, 0x5a])), null, 'an unknown escape');
    assert.equal(decodeText(0x04, Buffer.from([1, 2, 3])), null, 'binary');
    assert.equal(decodeText(0x06, Buffer.from('abc')), null, 'Cyrillic is not supported');
  });
});

describe('SMPP firewall: text and concatenation', () => {
  const fx = proxySuite({ concatHoldMs: 300 });
  let esme: Esme;
  before(async () => {
    esme = await connectEsme(fx.proxy.port);
  });
  after(() => {
    esme.close();
  });

  it('reads UCS-2 Japanese: the lure is rejected, the normal text forwarded unchanged', async () => {
    fx.upstream.submits.length = 0;
    assert.equal((await esme.submit({ data_coding: 8, short_message: ucs2(SMISHING) })).command_status, fx.proxy.config.firewall.rejectStatus);
    assert.equal((await esme.submit({ data_coding: 8, short_message: ucs2(NORMAL) })).command_status, ROK);
    assert.deepEqual(fx.upstream.submits.map(textOf), [NORMAL]);
  });

  it('reads Shift_JIS and ISO-2022-JP under data_coding 0x05 / 0x0A', async () => {
    fx.upstream.submits.length = 0;
    assert.equal((await esme.submit({ data_coding: 5, short_message: iconv.encode(SMISHING, 'cp932') })).command_status, fx.proxy.config.firewall.rejectStatus);
    assert.equal((await esme.submit({ data_coding: 0x0a, short_message: iso2022jp(SMISHING) })).command_status, fx.proxy.config.firewall.rejectStatus);
    assert.equal((await esme.submit({ data_coding: 5, short_message: iconv.encode(NORMAL, 'cp932') })).command_status, ROK);
    assert.equal((await esme.submit({ data_coding: 0x0a, short_message: iso2022jp(NORMAL) })).command_status, ROK);
    assert.equal(fx.upstream.submits.length, 2);
    // Forwarded byte for byte: the SMSC gets exactly what the ESME sent.
    assert.deepEqual((fx.upstream.submits[0]!.short_message as { message: Buffer }).message, iconv.encode(NORMAL, 'cp932'));
  });

  it('decides a 3-part smishing message (UDH) as a whole: every part rejected, none reaches the upstream', async () => {
    fx.upstream.submits.length = 0;
    // Each part alone is harmless-looking; only the whole text carries the lure and its link.
    const parts = udhParts(ucs2(SMISHING), 3, 77);
    const rs = await Promise.all(parts.map((p) => esme.submit({ esm_class: 0x40, data_coding: 8, short_message: p })));
    assert.deepEqual(rs.map((r) => r.command_status), [1, 2, 3].map(() => fx.proxy.config.firewall.rejectStatus));
    assert.equal(fx.upstream.submits.length, 0);
  });

  it('decides a concatenated submit_multi as a whole for each destination: every part goes on only to the opted-out line', async () => {
    fx.upstream.submits.length = 0;
    const optedOut = '09077778888';
    await fx.proxy.decider.settings.set(fx.base.services.lineKeys.of(optedOut).lineKey, { network: false }, 'test');
    const dests = [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '09011112222' }, { dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: optedOut }];
    const parts = udhParts(ucs2(SMISHING), 2, 88);
    const rs = await Promise.all(parts.map((p) => new Promise<{ command_status: number; unsuccess_sme?: Array<{ destination_addr: string }> }>((resolve) => {
      esme.session.submit_multi({ source_addr: '09012345678', dest_address: dests, esm_class: 0x40, data_coding: 8, short_message: p }, resolve);
    })));
    assert.deepEqual(rs.map((r) => r.command_status), [ROK, ROK]);
    assert.deepEqual(rs.map((r) => r.unsuccess_sme?.map((u) => u.destination_addr)), [['09011112222'], ['09011112222']]);
    assert.equal(fx.upstream.submits.length, 2);
    const msgs = fx.upstream.submits.map((s) => s.short_message as { udh: Buffer[]; message: string });
    assert.equal(msgs.map((m) => m.message).join(''), SMISHING);
    for (const s of fx.upstream.submits) assert.deepEqual((s.dest_address as Array<{ destination_addr: string }>).map((d) => d.destination_addr), [optedOut]);
  });

  it('forwards every part of a clean concatenated message in order (16-bit UDH reference)', async () => {
    fx.upstream.submits.length = 0;
    const bytes = ucs2(NORMAL);
    const size = Math.ceil(bytes.length / 3 / 2) * 2;
    const parts = [0, 1, 2].map((i) => Buffer.concat([Buffer.from([6, 0x08, 4, 0x12, 0x34, 3, i + 1]), bytes.subarray(i * size, (i + 1) * size)]));
    // Sent out of order: the proxy holds them and forwards 1, 2, 3.
    const rs = await Promise.all([parts[2]!, parts[0]!, parts[1]!].map((p) => esme.submit({ esm_class: 0x40, data_coding: 8, short_message: p })));
    assert.deepEqual(rs.map((r) => r.command_status), [ROK, ROK, ROK]);
    assert.equal(fx.upstream.submits.length, 3);
    const msgs = fx.upstream.submits.map((s) => s.short_message as { udh: Buffer[]; message: string });
    assert.deepEqual(msgs.map((m) => m.udh[0]![5]), [1, 2, 3], 'forwarded in order');
    assert.equal(msgs.map((m) => m.message).join(''), NORMAL);
  });

  it('reassembles sar_ TLV segments (GSM 7-bit) and rejects them all', async () => {
    fx.upstream.submits.length = 0;
    const lure = 'SAGAWA: Your parcel could not be delivered. Confirm your address at http://sagawa-ex.top/s now';
    const chunks = [lure.slice(0, 30), lure.slice(30, 60), lure.slice(60)];
    const rs = await Promise.all(chunks.map((c, i) => esme.submit({ data_coding: 0, short_message: c, sar_msg_ref_num: 4242, sar_total_segments: 3, sar_segment_seqnum: i + 1 })));
    const whole = await esme.submit({ data_coding: 0, short_message: lure });
    // Whatever the engine makes of this English lure, all parts get the whole message's decision.
    assert.deepEqual(rs.map((r) => r.command_status), [0, 1, 2].map(() => whole.command_status));
  });

  it('decides on the parts that arrived when the hold runs out, and decides a late part again with their text', async () => {
    fx.upstream.submits.length = 0;
    const parts = udhParts(ucs2(SMISHING), 3, 99);
    // Parts 1 and 2 hold the lure's wording but not its link: on their own they are forwarded after the hold.
    const rs = await Promise.all([parts[0]!, parts[1]!].map((p) => esme.submit({ esm_class: 0x40, data_coding: 8, short_message: p })));
    assert.deepEqual(rs.map((r) => r.command_status), [ROK, ROK]);
    assert.equal(fx.upstream.submits.length, 2);
    // The link arrives late: it is read together with parts 1–2, so it is refused rather than judged alone.
    const late = await esme.submit({ esm_class: 0x40, data_coding: 8, short_message: parts[2]! });
    assert.equal(late.command_status, fx.proxy.config.firewall.rejectStatus);
    assert.equal(fx.upstream.submits.length, 2);
  });

  it('message_payload is the text when present', async () => {
    fx.upstream.submits.length = 0;
    const r = await esme.submit({ data_coding: 8, message_payload: ucs2(SMISHING) });
    assert.equal(r.command_status, fx.proxy.config.firewall.rejectStatus);
    assert.equal(fx.upstream.submits.length, 0);
  });

  it('passes undecodable text when configured fail open, and counts it', async () => {
    fx.upstream.submits.length = 0;
    const r = await esme.submit({ data_coding: 0x04, short_message: Buffer.from([0x0b, 0x05, 0x04, 0xc3, 0x50]) });
    assert.equal(r.command_status, ROK);
    assert.equal(fx.upstream.submits.length, 1);
    assert.match(await fx.proxy.registry.metrics(), /mamoru_firewall_undecodable_total\{data_coding="0x04"\} 1/);
  });

  it('refuses undecodable text when configured fail closed', async () => {
    const closed = await startProxy(fx.base, fx.upstream.port, { undecodable: 'reject' });
    const e = await connectEsme(closed.port);
    fx.upstream.submits.length = 0;
    const r = await e.submit({ data_coding: 0x08, short_message: Buffer.from([0xd8, 0x3d, 0x00, 0x41]) });
    assert.equal(r.command_status, closed.config.firewall.rejectStatus);
    assert.equal(fx.upstream.submits.length, 0);
    e.close();
    await closed.close();
  });
});
