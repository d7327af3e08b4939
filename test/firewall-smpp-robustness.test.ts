// The firewall against bad peers and a failing upstream: wrong credentials, commands before bind, malformed PDUs
// written raw on a socket, unknown TLVs, a flooding session, and the upstream SMSC going away and coming back.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import smpp from 'smpp';
import {
  connectEsme, NORMAL, PERSONAL, proxySuite, ROK, RTHROTTLED, SMISHING, startUpstream, textOf, until,
} from './firewall-smpp-fixtures.js';

/** A client that writes bytes as given and reads whole PDUs back as [command_id, status, seq, raw]. */
class RawClient {
  readonly pdus: Array<{ id: number; status: number; seq: number; raw: Buffer }> = [];
  closed = false;
  private acc = Buffer.alloc(0);
  private constructor(readonly socket: Socket) {
    socket.on('data', (c: Buffer) => {
      this.acc = Buffer.concat([this.acc, c]);
      while (this.acc.length >= 4 && this.acc.length >= this.acc.readUInt32BE(0)) {
        const len = this.acc.readUInt32BE(0);
        const raw = this.acc.subarray(0, len);
        this.pdus.push({ id: raw.readUInt32BE(4), status: raw.readUInt32BE(8), seq: raw.readUInt32BE(12), raw });
        this.acc = this.acc.subarray(len);
      }
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => undefined);
  }
  static async open(port: number): Promise<RawClient> {
    const s = connect(port, '127.0.0.1');
    await once(s, 'connect');
    return new RawClient(s);
  }
  write(b: Buffer): void {
    this.socket.write(b);
  }
  async next(count: number): Promise<void> {
    await until(() => this.pdus.length >= count || this.closed);
  }
}

const pdu = (command: string, fields: Record<string, unknown>) => new smpp.PDU(command, fields).toBuffer();

describe('SMPP firewall: bad input and upstream loss', () => {
  const fx = proxySuite({ perSessionPerSecond: 50 });

  it('refuses a bind with a wrong password (ESME_RINVPASWD) or an unknown system_id (ESME_RINVSYSID), then closes', async () => {
    const wrongPw = await connectEsme(fx.proxy.port, 'esme1', 'nope');
    assert.equal(wrongPw.bindStatus, 0x0e);
    const unknown = await connectEsme(fx.proxy.port, 'mallory', 'secret1');
    assert.equal(unknown.bindStatus, 0x0f);
    await until(() => !wrongPw.session.socket.writable && !unknown.session.socket.writable);
  });

  it('answers commands before bind with ESME_RINVBNDSTS and forwards nothing', async () => {
    fx.upstream.submits.length = 0;
    const c = await RawClient.open(fx.proxy.port);
    c.write(pdu('submit_sm', { sequence_number: 7, source_addr: '09012345678', destination_addr: '09087654321', short_message: NORMAL }));
    await c.next(1);
    assert.deepEqual([c.pdus[0]!.id, c.pdus[0]!.status, c.pdus[0]!.seq], [0x80000004, 0x04, 7]);
    assert.equal(fx.upstream.submits.length, 0);
    c.socket.destroy();
  });

  it('answers a wrong command_length with generic_nack and closes only that session', async () => {
    const other = await connectEsme(fx.proxy.port);
    const c = await RawClient.open(fx.proxy.port);
    const bad = Buffer.alloc(16);
    bad.writeUInt32BE(8, 0); // shorter than a header
    bad.writeUInt32BE(0x15, 4);
    bad.writeUInt32BE(3, 12);
    c.write(bad);
    await c.next(1);
    await until(() => c.closed);
    assert.deepEqual([c.pdus[0]!.id, c.pdus[0]!.status], [0x80000000, 0x02]);
    // The other session carries on.
    assert.equal((await other.submit({ short_message: NORMAL })).command_status, ROK);
    other.close();
  });

  it('answers a truncated submit_sm with an error status and keeps the session; unknown TLVs are carried through', async () => {
    fx.upstream.submits.length = 0;
    const c = await RawClient.open(fx.proxy.port);
    c.write(pdu('bind_transceiver', { sequence_number: 1, system_id: 'esme1', password: 'secret1' }));
    await c.next(1);
    assert.equal(c.pdus[0]!.status, ROK);
    // A submit_sm whose source_addr never ends (no NUL before the end of the PDU).
    const truncated = Buffer.concat([Buffer.alloc(16), Buffer.from('\x00\x01\x0109012345678')]);
    truncated.writeUInt32BE(truncated.length, 0);
    truncated.writeUInt32BE(0x04, 4);
    truncated.writeUInt32BE(2, 12);
    c.write(truncated);
    await c.next(2);
    assert.deepEqual([c.pdus[1]!.id, c.pdus[1]!.status, c.pdus[1]!.seq], [0x80000004, 0x02, 2]);
    // A well-formed submit with an unknown TLV (tag 0x1400) is classified and forwarded as it is.
    const withTlv = Buffer.concat([pdu('submit_sm', { sequence_number: 3, source_addr: '09012345678', destination_addr: '09087654321', data_coding: 8, short_message: Buffer.from(NORMAL, 'utf16le').swap16() }), Buffer.from([0x14, 0x00, 0x00, 0x02, 0xab, 0xcd])]);
    withTlv.writeUInt32BE(withTlv.length, 0);
    c.write(withTlv);
    await c.next(3);
    assert.deepEqual([c.pdus[2]!.id, c.pdus[2]!.status, c.pdus[2]!.seq], [0x80000004, ROK, 3]);
    assert.equal(textOf(fx.upstream.submits[0]!), NORMAL);
    assert.deepEqual(fx.upstream.submits[0]![0x1400], Buffer.from([0xab, 0xcd]));
    // And the smishing text with an unknown TLV is still refused.
    const lure = Buffer.concat([pdu('submit_sm', { sequence_number: 4, source_addr: '09012345678', destination_addr: '09087654321', data_coding: 8, short_message: Buffer.from(SMISHING, 'utf16le').swap16() }), Buffer.from([0x14, 0x00, 0x00, 0x00])]);
    lure.writeUInt32BE(lure.length, 0);
    c.write(lure);
    await c.next(4);
    assert.equal(c.pdus[3]!.status, fx.proxy.config.firewall.rejectStatus);
    assert.equal(fx.upstream.submits.length, 1);
    assert.equal(c.closed, false);
    c.socket.destroy();
  });

  it('answers unknown commands with generic_nack ESME_RINVCMDID and classifies data_sm like a submit', async () => {
    const c = await RawClient.open(fx.proxy.port);
    c.write(pdu('bind_transmitter', { sequence_number: 1, system_id: 'esme1', password: 'secret1' }));
    const unknown = Buffer.alloc(16);
    unknown.writeUInt32BE(16, 0);
    unknown.writeUInt32BE(0x00000abc, 4);
    unknown.writeUInt32BE(2, 12);
    c.write(unknown);
    c.write(pdu('data_sm', { sequence_number: 3, source_addr: '09012345678', destination_addr: '09087654321', message_payload: SMISHING }));
    await c.next(3);
    // The smishing data_sm gets data_sm_resp with the reject status; replace_sm (text we cannot read) is refused.
    assert.deepEqual(c.pdus.slice(1).map((p) => [p.id, p.status, p.seq]), [[0x80000000, 0x03, 2], [0x80000103, fx.proxy.config.firewall.rejectStatus, 3]]);
    const before = fx.upstream.submits.length;
    c.write(pdu('replace_sm', { sequence_number: 4, message_id: 'up-1', source_addr: '09012345678', short_message: NORMAL }));
    await c.next(4);
    assert.deepEqual([c.pdus[3]!.id, c.pdus[3]!.status], [0x80000007, 0x03]);
    assert.equal(fx.upstream.submits.length, before);
    c.socket.destroy();
  });

  it('refuses a malformed submit_multi with the status that names the fault and forwards nothing', async () => {
    const c = await RawClient.open(fx.proxy.port);
    c.write(pdu('bind_transmitter', { sequence_number: 1, system_id: 'esme1', password: 'secret1' }));
    const before = fx.upstream.submits.length;
    const good = pdu('submit_multi', { sequence_number: 2, source_addr: '09012345678', dest_address: [{ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr: '09087654321' }], short_message: NORMAL });
    // number_of_dests sits after service_type (1 byte: empty), TON, NPI and source_addr (12 bytes with its NUL).
    const countAt = 16 + 1 + 2 + 12;
    assert.equal(good[countAt], 1);
    const noDests = Buffer.from(good);
    noDests[countAt] = 0;
    noDests.writeUInt32BE(3, 12);
    const badFlag = Buffer.from(good);
    badFlag[countAt + 1] = 3;
    badFlag.writeUInt32BE(4, 12);
    const moreThanThere = Buffer.from(good.subarray(0, countAt + 6)); // ends inside the first destination's address
    moreThanThere.writeUInt32BE(moreThanThere.length, 0);
    moreThanThere.writeUInt32BE(5, 12);
    c.write(noDests);
    c.write(badFlag);
    c.write(moreThanThere);
    await c.next(4);
    assert.deepEqual(c.pdus.slice(1).map((p) => [p.id, p.status, p.seq]), [
      [0x80000021, 0x33, 3], // ESME_RINVNUMDESTS
      [0x80000021, 0x40, 4], // ESME_RINVDESTFLAG
      [0x80000021, 0x02, 5], // the list runs past the end: ESME_RINVCMDLEN
    ]);
    assert.equal(fx.upstream.submits.length, before);
    assert.equal(c.closed, false);
    c.socket.destroy();
  });

  it('refuses a PDU that repeats an optional parameter (two texts: one to show us, one for the SMSC) and forwards nothing', async () => {
    const c = await RawClient.open(fx.proxy.port);
    c.write(pdu('bind_transmitter', { sequence_number: 1, system_id: 'esme1', password: 'secret1' }));
    const before = fx.upstream.submits.length;
    const harmless = Buffer.from(NORMAL, 'utf16le').swap16();
    const first = pdu('data_sm', { sequence_number: 2, source_addr: '09012345678', destination_addr: '09087654321', data_coding: 8, message_payload: Buffer.from(SMISHING, 'utf16le').swap16() });
    const second = Buffer.alloc(4 + harmless.length);
    second.writeUInt16BE(0x0424, 0);
    second.writeUInt16BE(harmless.length, 2);
    harmless.copy(second, 4);
    const twice = Buffer.concat([first, second]);
    twice.writeUInt32BE(twice.length, 0);
    c.write(twice);
    await c.next(2);
    assert.deepEqual([c.pdus[1]!.id, c.pdus[1]!.status, c.pdus[1]!.seq], [0x80000103, 0xc0, 2], 'ESME_RINVTLVSTREAM');
    assert.equal(fx.upstream.submits.length, before);
    c.socket.destroy();
  });

  it('classifies an SME acknowledgement from the SMSC (it carries a person\'s text); only SMSC receipts are relayed as they are', async () => {
    const rx = await connectEsme(fx.proxy.port, 'esme2', 'secret2', 'bind_receiver');
    const ack = await fx.upstream.deliver({ source_addr: PERSONAL, destination_addr: '09011112222', esm_class: 0x10, short_message: SMISHING });
    assert.equal(ack, fx.proxy.config.firewall.rejectStatus);
    assert.equal(rx.delivered.length, 0);
    rx.close();
  });

  it('throttles a flooding session (ESME_RTHROTTLED) without slowing another one', async () => {
    const flood = await connectEsme(fx.proxy.port);
    const calm = await connectEsme(fx.proxy.port, 'esme2', 'secret2');
    const rs = await Promise.all(Array.from({ length: 200 }, () => flood.submit({ short_message: NORMAL })));
    const throttled = rs.filter((r) => r.command_status === RTHROTTLED).length;
    assert.ok(throttled >= 100, `${throttled} of 200 throttled at 50/s`);
    assert.equal((await calm.submit({ short_message: NORMAL })).command_status, ROK);
    flood.close();
    calm.close();
  });

  it('refuses submits with ESME_RTHROTTLED while the upstream is down, and forwards again once it is back', async () => {
    const esme = await connectEsme(fx.proxy.port, 'esme2', 'secret2');
    const port = fx.upstream.port;
    await fx.upstream.close();
    await until(() => fx.proxy.firewall.upstreamState !== 'up');
    assert.equal((await esme.submit({ short_message: NORMAL })).command_status, RTHROTTLED);
    assert.match(await fx.proxy.registry.metrics(), /mamoru_firewall_upstream_state\{state="up"\} 0/);
    fx.upstream = await startUpstream(port);
    await until(() => fx.proxy.firewall.upstreamState === 'up', 10_000);
    assert.equal((await esme.submit({ short_message: NORMAL })).command_status, ROK);
    assert.deepEqual(fx.upstream.submits.map(textOf), [NORMAL]);
    esme.close();
  });
});
