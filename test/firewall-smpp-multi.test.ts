// submit_multi when things go wrong, and query_sm / cancel_sm between several ESMEs: each destination is answered
// on its own (unsuccess_sme), so a retry never makes a second quarantined or dropped copy; parts of different
// destination lists are never put together; a long list is charged to the session's rate; and one ESME cannot query
// or cancel another's messages through the proxy's single bind.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import {
  connectEsme, NORMAL, PERSONAL, proxySuite, ROK, RTHROTTLED, SMISHING, startUpstream, until, type Esme,
} from './firewall-smpp-fixtures.js';

type MultiResp = { command_status: number; message_id?: unknown; unsuccess_sme?: Array<{ destination_addr: string; error_status_code: number }> };
const sme = (destination_addr: string) => ({ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr });
const multi = (esme: Esme, fields: Record<string, unknown>) => new Promise<MultiResp>((resolve) => {
  esme.session.submit_multi({ source_addr: PERSONAL, ...fields }, resolve);
});
const ucs2 = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('submit_multi: destination by destination', () => {
  const optedOut = '09066667777';
  // Blocked messages are accepted and dropped here, so "kept back" destinations exist.
  const fx = proxySuite({ onBlock: 'drop', concatHoldMs: 200, perSessionPerSecond: 5 });
  before(async () => {
    await fx.proxy.decider.settings.set(fx.base.services.lineKeys.of(optedOut).lineKey, { network: false }, 'test');
  });

  it('charges every destination to the session\'s rate: a list longer than a second\'s worth passes once, then the session waits', async () => {
    const esme = await connectEsme(fx.proxy.port);
    const eight = Array.from({ length: 8 }, (_, i) => sme(`0901234${String(i).padStart(4, '0')}`));
    assert.equal((await multi(esme, { dest_address: eight, short_message: NORMAL })).command_status, ROK);
    assert.equal((await esme.submit({ short_message: NORMAL })).command_status, RTHROTTLED, 'the 7 destinations owed are paid first');
    esme.close();
    await new Promise((r) => setTimeout(r, 1600)); // the bucket refills for the next cases
  });

  it('never puts together parts whose destination lists differ, and survives such parts', async () => {
    const esme = await connectEsme(fx.proxy.port, 'esme2', 'secret2');
    const bytes = ucs2(NORMAL);
    const half = Math.ceil(bytes.length / 4) * 2;
    const part = (seq: number) => Buffer.concat([Buffer.from([5, 0x00, 3, 0x42, 2, seq]), bytes.subarray((seq - 1) * half, seq * half)]);
    // The same concatenation reference, one list of two numbers, one list of one "number" spelling both.
    const [a, b] = await Promise.all([
      multi(esme, { dest_address: [sme('0901111'), sme('0903333')], esm_class: 0x40, data_coding: 8, short_message: part(1) }),
      multi(esme, { dest_address: [sme('0901111,0903333')], esm_class: 0x40, data_coding: 8, short_message: part(2) }),
    ]);
    assert.deepEqual([a.command_status, b.command_status], [ROK, ROK], 'each decided on its own once its hold ran out');
    assert.equal((await esme.submit({ short_message: NORMAL })).command_status, ROK, 'the proxy is still there');
    esme.close();
  });

  it('while the SMSC is away: kept-back destinations stay accepted and only the others are listed (ESME_RTHROTTLED); with none accepted the PDU is refused', async () => {
    const esme = await connectEsme(fx.proxy.port);
    const port = fx.upstream.port;
    await fx.upstream.close();
    await until(() => fx.proxy.firewall.upstreamState !== 'up');
    // The lure is dropped for the subscriber (accepted, kept back) and would be forwarded to the opted-out line.
    const mixed = await multi(esme, { dest_address: [sme('09011112222'), sme(optedOut)], short_message: SMISHING });
    assert.equal(mixed.command_status, ROK);
    assert.match(String(mixed.message_id), /^mf/, 'our own id: the SMSC took nothing');
    assert.deepEqual(mixed.unsuccess_sme?.map((u) => [u.destination_addr, u.error_status_code]), [[optedOut, RTHROTTLED]]);
    // A normal text goes to both, so nothing is accepted: the whole PDU is refused and the sender retries all of it.
    const normal = await multi(esme, { dest_address: [sme('09011112222'), sme(optedOut)], short_message: NORMAL });
    assert.equal(normal.command_status, RTHROTTLED);
    fx.upstream = await startUpstream(port);
    await until(() => fx.proxy.firewall.upstreamState === 'up', 10_000);
    esme.close();
  });
});

describe('receipts for messages accepted and kept back', () => {
  const optedOut = '09066668888';
  const fx = proxySuite({ onBlock: 'drop' });
  before(async () => {
    await fx.proxy.decider.settings.set(fx.base.services.lineKeys.of(optedOut).lineKey, { network: false }, 'test');
  });

  it('an ESME that asked for a receipt gets one for a dropped message (DELIVRD by default), without its text', async () => {
    const esme = await connectEsme(fx.proxy.port);
    const sent = await esme.submit({ short_message: SMISHING, registered_delivery: 1 });
    assert.equal(sent.command_status, ROK);
    const id = String(sent.message_id);
    assert.match(id, /^mf/);
    await until(() => esme.delivered.length === 1);
    const r = esme.delivered[0]!;
    assert.equal(r.esm_class, 0x04);
    assert.equal(r.receipted_message_id, id);
    assert.equal(r.message_state, 2);
    assert.equal(r.source_addr, '09087654321', 'from the recipient');
    assert.equal(r.destination_addr, PERSONAL, 'to the sender');
    const text = String((r.short_message as { message?: unknown }).message);
    assert.match(text, new RegExp(`^id:${id} sub:001 dlvrd:001 submit date:\\d{10} done date:\\d{10} stat:DELIVRD err:000 text:$`));
    // Asked for a receipt on failure only: a "delivered" one is not sent.
    await esme.submit({ short_message: SMISHING, registered_delivery: 2 });
    await new Promise((res) => setTimeout(res, 800));
    assert.equal(esme.delivered.length, 1);
    esme.close();
  });

  it('answers query_sm for a message it kept back itself (the SMSC does not know the id), to its sender only; cancel_sm fails', async () => {
    const esme = await connectEsme(fx.proxy.port);
    const other = await connectEsme(fx.proxy.port, 'esme2', 'secret2');
    const id = String((await esme.submit({ short_message: SMISHING })).message_id);
    const query = (e: Esme) => new Promise<{ command_status: number; message_state?: unknown; message_id?: unknown }>((resolve) => {
      e.session.query_sm({ message_id: id, source_addr: PERSONAL }, resolve);
    });
    const mine = await query(esme);
    assert.deepEqual([mine.command_status, mine.message_id, mine.message_state], [ROK, id, 2]);
    assert.equal((await query(other)).command_status, 0x67);
    const cancel = await new Promise<{ command_status: number }>((resolve) => {
      esme.session.cancel_sm({ message_id: id, source_addr: PERSONAL, destination_addr: '09087654321' }, resolve);
    });
    assert.equal(cancel.command_status, 0x11, 'final: nothing to cancel');
    assert.equal(fx.upstream.queries.length, 0, 'none of it went to the SMSC');
    esme.close();
    other.close();
  });

  it('a submit_multi\'s kept-back destination gets its receipt under the id the ESME was given', async () => {
    const esme = await connectEsme(fx.proxy.port);
    const r = await multi(esme, { dest_address: [sme('09011112222'), sme(optedOut)], short_message: SMISHING, registered_delivery: 1 });
    assert.equal(r.command_status, ROK);
    assert.match(String(r.message_id), /^up-/, 'the SMSC took the opted-out line\'s copy');
    await until(() => esme.delivered.length === 1);
    assert.equal(esme.delivered[0]!.receipted_message_id, r.message_id);
    assert.equal(esme.delivered[0]!.source_addr, '09011112222');
    esme.close();
  });
});

describe('receipts for a concatenated submit_multi kept back', () => {
  const fx = proxySuite({ onBlock: 'drop' });

  it('each part gets its own id, and each destination one receipt per part', async () => {
    const esme = await connectEsme(fx.proxy.port);
    const bytes = ucs2(SMISHING);
    const half = Math.ceil(bytes.length / 4) * 2;
    const part = (seq: number) => Buffer.concat([Buffer.from([5, 0x00, 3, 0x51, 2, seq]), bytes.subarray((seq - 1) * half, seq * half)]);
    const dests = [sme('09011112222'), sme('09033334444')];
    const rs = await Promise.all([1, 2].map((seq) => multi(esme, { dest_address: dests, esm_class: 0x40, data_coding: 8, short_message: part(seq), registered_delivery: 1 })));
    assert.deepEqual(rs.map((r) => r.command_status), [ROK, ROK]);
    const ids = rs.map((r) => String(r.message_id));
    assert.notEqual(ids[0], ids[1]);
    await until(() => esme.delivered.length === 4);
    const got = esme.delivered.map((d) => `${String(d.receipted_message_id)}>${String(d.source_addr)}`).sort();
    assert.deepEqual(got, ids.flatMap((id) => dests.map((d) => `${id}>${d.destination_addr}`)).sort());
    esme.close();
  });
});

describe('query_sm and cancel_sm with several ESMEs', () => {
  const fx = proxySuite();

  it('relays them for the ESME whose message it is, and refuses another ESME\'s and a cancel by addresses alone', async () => {
    const owner = await connectEsme(fx.proxy.port);
    const other = await connectEsme(fx.proxy.port, 'esme2', 'secret2');
    const sent = await owner.submit({ short_message: NORMAL, registered_delivery: 1 });
    assert.equal(sent.command_status, ROK);
    const id = String(sent.message_id);
    const query = (esme: Esme, message_id: string) => new Promise<{ command_status: number; message_state?: unknown; message_id?: unknown }>((resolve) => {
      esme.session.query_sm({ message_id, source_addr: PERSONAL }, resolve);
    });
    const cancel = (esme: Esme, message_id: string) => new Promise<{ command_status: number }>((resolve) => {
      esme.session.cancel_sm({ message_id, source_addr: PERSONAL, destination_addr: '09087654321' }, resolve);
    });
    const mine = await query(owner, id);
    assert.deepEqual([mine.command_status, mine.message_id, mine.message_state], [ROK, id, 2]);
    assert.equal((await query(other, id)).command_status, 0x67, 'ESME_RQUERYFAIL for another ESME\'s message');
    assert.equal((await cancel(other, id)).command_status, 0x11, 'ESME_RCANCELFAIL');
    assert.equal((await cancel(owner, '')).command_status, 0x11, 'a cancel by addresses could reach other ESMEs\' messages');
    assert.equal((await cancel(owner, id)).command_status, ROK);
    assert.deepEqual(fx.upstream.queries.map((q) => q.command), ['query_sm', 'cancel_sm']);
    owner.close();
    other.close();
  });
});
