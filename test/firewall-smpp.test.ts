// The SMPP firewall end to end on loopback: an ESME binds to the proxy, which is bound to an upstream SMSC; the
// real decider (verdict engine, filter settings, decision log) decides each message.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  connectEsme, NORMAL, PERSONAL, proxySuite, ROK, SMISHING, textOf, until,
} from './firewall-smpp-fixtures.js';

describe('SMPP firewall end to end', () => {
  const fx = proxySuite();

  it('forwards the normal text, rejects the smishing one, and relays the receipt of the forwarded one', async () => {
    const esme = await connectEsme(fx.proxy.port);
    assert.equal(esme.bindStatus, ROK);
    const bad = await esme.submit({ short_message: SMISHING });
    const good = await esme.submit({ short_message: NORMAL });
    // The smishing lure gets the configured reject status (ESME_RSUBMITFAIL by default) and never reaches the SMSC.
    assert.equal(bad.command_status, fx.proxy.config.firewall.rejectStatus);
    assert.equal(good.command_status, ROK);
    assert.match(String(good.message_id), /^up-\d+$/, 'the ESME gets the upstream message id');
    assert.deepEqual(fx.upstream.submits.map(textOf), [NORMAL]);
    assert.equal(fx.upstream.submits[0]!.source_addr, PERSONAL);
    // It asked for no receipt, so no route was remembered: the receipt reaches the only receiving system_id.
    fx.upstream.receipt(String(good.message_id));
    await until(() => esme.delivered.length === 1);
    assert.equal(esme.delivered[0]!.esm_class, 0x04, 'the receipt is relayed as a receipt, not classified as text');
    assert.equal(esme.delivered[0]!.receipted_message_id, good.message_id);
    esme.close();
  });

  it('classifies data_sm (text in message_payload): the normal one reaches the SMSC with its message id, the smishing one is refused', async () => {
    const esme = await connectEsme(fx.proxy.port);
    const before = fx.upstream.submits.length;
    const send = (text: string) => new Promise<{ command_status: number; message_id?: unknown }>((resolve) => {
      esme.session.data_sm({ source_addr: PERSONAL, destination_addr: '09087654321', data_coding: 8, message_payload: { message: text } }, resolve);
    });
    const bad = await send(SMISHING);
    const good = await send(NORMAL);
    assert.equal(bad.command_status, fx.proxy.config.firewall.rejectStatus);
    assert.equal(good.command_status, ROK);
    assert.match(String(good.message_id), /^up-\d+$/);
    assert.deepEqual(fx.upstream.submits.slice(before).map(textOf), [NORMAL]);
    esme.close();
  });

  it('classifies deliver_sm from the upstream towards subscribers and relays only the clean one to a receiver', async () => {
    const rx = await connectEsme(fx.proxy.port, 'esme2', 'secret2', 'bind_receiver');
    assert.equal(rx.bindStatus, ROK);
    const bad = await fx.upstream.deliver({ source_addr: PERSONAL, destination_addr: '09011112222', short_message: SMISHING });
    const good = await fx.upstream.deliver({ source_addr: PERSONAL, destination_addr: '09011112222', short_message: NORMAL });
    assert.equal(bad, fx.proxy.config.firewall.rejectStatus);
    assert.equal(good, ROK);
    await until(() => rx.delivered.length === 1);
    assert.equal(textOf(rx.delivered[0]!), NORMAL);
    // A data_sm from the SMSC is a message towards a subscriber too.
    const badData = await fx.upstream.deliver({ source_addr: PERSONAL, destination_addr: '09011112222', data_coding: 8, message_payload: { message: SMISHING } }, 'data_sm');
    const goodData = await fx.upstream.deliver({ source_addr: PERSONAL, destination_addr: '09011112222', data_coding: 8, message_payload: { message: NORMAL } }, 'data_sm');
    assert.equal(badData, fx.proxy.config.firewall.rejectStatus);
    assert.equal(goodData, ROK);
    await until(() => rx.delivered.length === 2);
    assert.equal(rx.delivered[1]!.command, 'data_sm');
    assert.equal(textOf(rx.delivered[1]!), NORMAL);
    rx.close();
  });

  it('with two receiving systems, a receipt goes back to the system that asked for it', async () => {
    const a = await connectEsme(fx.proxy.port, 'esme1', 'secret1');
    const b = await connectEsme(fx.proxy.port, 'esme2', 'secret2');
    const fromA = await a.submit({ short_message: NORMAL, registered_delivery: 1 });
    const fromB = await b.submit({ short_message: NORMAL, registered_delivery: 1 });
    assert.equal(fromA.command_status, ROK);
    assert.equal(fromB.command_status, ROK);
    fx.upstream.receipt(String(fromB.message_id));
    fx.upstream.receipt(String(fromA.message_id));
    await until(() => a.delivered.length === 1 && b.delivered.length === 1);
    assert.equal(a.delivered[0]!.receipted_message_id, fromA.message_id);
    assert.equal(b.delivered[0]!.receipted_message_id, fromB.message_id);
    // A submit that asked for no receipt is not remembered: its (unexpected) receipt has no route among two systems.
    const quiet = await a.submit({ short_message: NORMAL });
    fx.upstream.receipt(String(quiet.message_id));
    await until(async () => /outcome="unroutable"\} 1/.test(await fx.proxy.registry.metrics()));
    assert.equal(a.delivered.length + b.delivered.length, 2);
    a.close();
    b.close();
  });

  it('decides a submit_multi per destination: the SMSC gets only the forwarded ones, the ESME learns which were refused', async () => {
    const esme = await connectEsme(fx.proxy.port);
    const optedOut = '09055556666';
    await fx.proxy.decider.settings.set(fx.base.services.lineKeys.of(optedOut).lineKey, { network: false }, 'test');
    const sme = (destination_addr: string) => ({ dest_addr_ton: 1, dest_addr_npi: 1, destination_addr });
    const multi = (fields: Record<string, unknown>) => new Promise<{ command_status: number; message_id?: unknown; unsuccess_sme?: Array<Record<string, unknown>> }>((resolve) => {
      esme.session.submit_multi({ source_addr: PERSONAL, registered_delivery: 1, ...fields }, resolve);
    });
    const before = fx.upstream.submits.length;

    // The lure, to a subscriber, to a line that opted out of network filtering, and to a distribution list (its
    // members are unknown here, so the defaults apply): only the opted-out line's copy goes on.
    const lure = await multi({ dest_address: [sme('09011112222'), sme(optedOut), { dl_name: 'friends' }], short_message: SMISHING });
    assert.equal(lure.command_status, ROK);
    assert.match(String(lure.message_id), /^up-\d+$/);
    const refused = fx.proxy.config.firewall.rejectStatus;
    assert.deepEqual(lure.unsuccess_sme?.map((u) => [u.destination_addr, u.error_status_code]), [['09011112222', refused], ['friends', refused]]);
    const sent = fx.upstream.submits.slice(before);
    assert.equal(sent.length, 1);
    assert.deepEqual((sent[0]!.dest_address as Array<{ destination_addr: string }>).map((d) => d.destination_addr), [optedOut]);
    assert.equal(textOf(sent[0]!), SMISHING);

    // The normal text goes to every destination; the SMSC's own refusals reach the ESME unchanged.
    const normal = await multi({ dest_address: [sme('09011112222'), sme('09011110000'), { dl_name: 'friends' }], short_message: NORMAL });
    assert.equal(normal.command_status, ROK);
    assert.deepEqual(normal.unsuccess_sme?.map((u) => [u.destination_addr, u.error_status_code]), [['09011110000', 0x0b]]);
    assert.equal((fx.upstream.submits.at(-1)!.dest_address as unknown[]).length, 3);

    // Every destination refused: the whole PDU is, with the reject status, and nothing reaches the SMSC.
    const count = fx.upstream.submits.length;
    const all = await multi({ dest_address: [sme('09011112222'), sme('09033334444')], short_message: SMISHING });
    assert.equal(all.command_status, refused);
    assert.equal(fx.upstream.submits.length, count);

    // Its receipt finds its way back like a submit_sm's.
    fx.upstream.receipt(String(lure.message_id));
    await until(() => esme.delivered.some((d) => d.receipted_message_id === lure.message_id));
    esme.close();
  });

  it('counts PDUs by direction and outcome and decisions by action', async () => {
    const text = await fx.proxy.registry.metrics();
    assert.match(text, /mamoru_firewall_pdus_total\{direction="submit_sm",outcome="forwarded"\} [1-9]/);
    assert.match(text, /mamoru_firewall_pdus_total\{direction="submit_sm",outcome="rejected"\} [1-9]/);
    assert.match(text, /mamoru_firewall_decisions_total\{action="reject"\} [1-9]/);
    assert.match(text, /mamoru_firewall_upstream_state\{state="up"\} 1/);
    assert.match(text, /mamoru_firewall_added_latency_seconds_count [1-9]/);
  });
});
