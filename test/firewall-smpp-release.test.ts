// The client layer through the proxy: a warned message to a line with the client layer is accepted but kept in the
// quarantine (the SMSC never sees it); when the subscriber releases it in the app, the proxy submits it to the SMSC
// from the original sender and marks it delivered.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Registry } from 'prom-client';
import { silentLogger } from '../src/core/index.js';
import { SmppFirewall } from '../src/firewall/index.js';
import { composeServices, connectEsme, PERSONAL, ROK, startUpstream, textOf, until, type Upstream } from './firewall-smpp-fixtures.js';

// Warned by the client policy, not blocked by the network one (no link: no attack vector to block on).
const WARN = 'お客様宛にお荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。（URLは省略）';
const RECIPIENT = '09087654321';

describe('SMPP firewall: quarantine and release', () => {
  let base: Awaited<ReturnType<typeof composeServices>>;
  let upstream: Upstream;
  let proxy: SmppFirewall;
  let port = 0;
  before(async () => {
    base = await composeServices();
    upstream = await startUpstream();
    const cfg = { ...base.config.firewall, upstream: { host: '127.0.0.1', port: upstream.port, systemId: 'mamoru', password: 'pw' } };
    proxy = new SmppFirewall({
      config: cfg, decider: base.services.firewall, releases: base.services.firewall.quarantine, registry: new Registry(), logger: silentLogger,
      minBackoffMs: 50, releaseEveryMs: 100,
    });
    port = (await proxy.start()).port;
    await until(() => proxy.upstreamState === 'up');
  });
  after(async () => {
    await proxy.stop();
    await upstream.close();
    await base.services.close();
  });

  it('keeps a warned message for a client-layer line, then delivers it once released', async () => {
    const fw = base.services.firewall;
    const lineKey = base.services.lineKeys.of(RECIPIENT).lineKey;
    await fw.settings.set(lineKey, { client: true }, 'test');
    const esme = await connectEsme(port);
    const r = await esme.submit({ destination_addr: RECIPIENT, short_message: { message: WARN } });
    assert.equal(r.command_status, ROK, 'accepted: the sender is not told it was held');
    assert.equal(upstream.submits.length, 0, 'the SMSC never saw it');
    const [held] = await fw.quarantine.list(lineKey, 10);
    assert.ok(held, 'kept in the quarantine');
    assert.equal(held.state, 'held');

    await fw.quarantine.apply(lineKey, held.id, 'release', { actor: 'test', purpose: 'release test' }, '+819087654321');
    await until(() => upstream.submits.length === 1, 5000);
    const sent = upstream.submits[0]!;
    assert.equal(textOf(sent), WARN);
    assert.equal(sent.source_addr, PERSONAL, 'from the original sender');
    assert.equal(sent.destination_addr, '819087654321');
    assert.equal(sent.data_coding, 8);
    // Marked delivered once the SMSC accepted it (the number is then forgotten).
    await new Promise((r) => setTimeout(r, 300));
    const after = await base.services.storage.db.selectFrom('quarantine').select('state').where('id', '=', held.id).executeTakeFirstOrThrow();
    assert.equal(after.state, 'delivered');
    esme.close();
  });
});
