// Real SMPP sessions on loopback for the firewall suites: an upstream SMSC that records what reaches it, the proxy
// with the real decider (FirewallService on the verdict engine, in-memory store), and ESME clients.
import { once } from 'node:events';
import { after, before } from 'node:test';
import type { AddressInfo } from 'node:net';
import smpp, { type PDU, type Server, type Session } from 'smpp';
import { Registry } from 'prom-client';
import { loadConfig, silentLogger, type Config, type ConfigOverrides } from '../src/core/index.js';
import { SmppFirewall, type SmppFirewallOptions } from '../src/firewall/index.js';
import { compose, type Services } from '../src/server/index.js';
import { firewallDecider } from '../src/cli/firewall.js';

export const ROK = 0x00;
export const RTHROTTLED = 0x58;

/** Realistic texts: a 佐川急便 redelivery lure with a link, sent from a personal mobile number, and a normal one. */
export const SMISHING = '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。下記よりご確認ください。 http://sagawa-ex.top/s';
export const NORMAL = '明日の会議は10時からです。資料は共有フォルダに置きました。';
export const PERSONAL = '09012345678';

export interface Upstream {
  port: number;
  /** Every submit_sm, submit_multi and data_sm received, decoded by the package. */
  submits: PDU[];
  /** query_sm and cancel_sm received. */
  queries: PDU[];
  session(): Session | undefined;
  /** Sends a delivery receipt for an upstream message id to the bound proxy. */
  receipt(messageId: string): void;
  /** Sends a deliver_sm (or data_sm) towards a subscriber; resolves with the proxy's answer status. */
  deliver(fields: Record<string, unknown>, command?: 'deliver_sm' | 'data_sm'): Promise<number>;
  close(): Promise<void>;
}

export async function startUpstream(port = 0): Promise<Upstream> {
  const submits: PDU[] = [];
  const queries: PDU[] = [];
  const sessions: Session[] = [];
  let n = 0;
  const server: Server = smpp.createServer((s) => {
    sessions.push(s);
    s.on('error', () => undefined);
    s.on('bind_transceiver', (pdu) => s.send(pdu.response({ system_id: 'test-smsc' })));
    s.on('enquire_link', (pdu) => s.send(pdu.response()));
    s.on('unbind', (pdu) => {
      s.send(pdu.response());
      s.close();
    });
    s.on('submit_sm', (pdu) => {
      submits.push(pdu);
      s.send(pdu.response({ message_id: `up-${++n}` }));
    });
    s.on('data_sm', (pdu) => {
      submits.push(pdu);
      s.send(pdu.response({ message_id: `up-${++n}` }));
    });
    // Like a real SMSC, it refuses some destinations itself: numbers ending in 0000 are "invalid" (ESME_RINVDSTADR).
    s.on('submit_multi', (pdu) => {
      submits.push(pdu);
      const bad = (pdu.dest_address as Array<{ destination_addr?: string; dest_addr_ton?: number; dest_addr_npi?: number }>)
        .filter((d) => d.destination_addr?.endsWith('0000'))
        .map((d) => ({ dest_addr_ton: d.dest_addr_ton, dest_addr_npi: d.dest_addr_npi, destination_addr: d.destination_addr, error_status_code: 0x0b }));
      s.send(pdu.response({ message_id: `up-${++n}`, unsuccess_sme: bad }));
    });
    s.on('query_sm', (pdu) => {
      queries.push(pdu);
      s.send(pdu.response({ message_id: pdu.message_id, final_date: '', message_state: 2, error_code: 0 }));
    });
    s.on('cancel_sm', (pdu) => {
      queries.push(pdu);
      s.send(pdu.response());
    });
  });
  server.listen(port, '127.0.0.1');
  await once(server, 'listening');
  const live = () => sessions.filter((s) => s.socket.writable).at(-1);
  return {
    port: (server.address() as AddressInfo).port,
    submits,
    queries,
    session: live,
    receipt(messageId) {
      live()?.deliver_sm({
        source_addr: PERSONAL, destination_addr: '0312345678', esm_class: 0x04, receipted_message_id: messageId,
        short_message: `id:${messageId} sub:001 dlvrd:001 submit date:2501011200 done date:2501011201 stat:DELIVRD err:000 text:`,
      });
    },
    deliver(fields, command = 'deliver_sm') {
      return new Promise((resolve) => {
        live()?.[command](fields, (r) => resolve(r.command_status));
      });
    },
    async close() {
      for (const s of sessions) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

export interface Proxy {
  firewall: SmppFirewall;
  /** The proxy's decider (its filter settings take changes at once). */
  decider: ReturnType<typeof firewallDecider>;
  port: number;
  registry: Registry;
  services: Services;
  config: Readonly<Config>;
  close(): Promise<void>;
}

export const PEERS = [{ systemId: 'esme1', password: 'secret1' }, { systemId: 'esme2', password: 'secret2' }];

/** One composed store per suite (composing is the slow part); a proxy per case. */
export async function composeServices(firewall: ConfigOverrides['firewall'] = {}): Promise<{ services: Services; config: Readonly<Config> }> {
  const config = loadConfig({ env: {}, overrides: { log: { level: 'silent' }, firewall: { listen: { host: '127.0.0.1', port: 0 }, peers: PEERS, ...firewall } } });
  return { services: await compose(config, silentLogger, { memory: true, defaultMetrics: false }), config };
}

export async function startProxy(
  base: { services: Services; config: Readonly<Config> }, upstreamPort: number,
  firewall: Partial<Config['firewall']> = {}, extra: Partial<SmppFirewallOptions> = {},
): Promise<Proxy> {
  const cfg = { ...base.config.firewall, upstream: { host: '127.0.0.1', port: upstreamPort, systemId: 'mamoru', password: 'pw' }, ...firewall };
  const config = { ...base.config, firewall: cfg };
  const registry = new Registry();
  const decider = firewallDecider(config, base.services, silentLogger, registry);
  const firewall_ = new SmppFirewall({ config: cfg, decider, registry, logger: silentLogger, minBackoffMs: 50, ...extra });
  const at = await firewall_.start();
  await until(() => firewall_.upstreamState === 'up');
  return {
    firewall: firewall_, decider, port: at.port, registry, services: base.services, config,
    async close() {
      await firewall_.stop();
      await decider.close();
    },
  };
}

export interface ProxySuite {
  base: { services: Services; config: Readonly<Config> };
  /** The SMSC the proxy forwards to; a test that replaces it sets the new one here, so it is the one closed. */
  upstream: Upstream;
  proxy: Proxy;
}

/** A store, an upstream SMSC and a proxy (with `firewall` settings) for one describe block: started in its before
 * hook, stopped in its after hook. */
export function proxySuite(firewall: Partial<Config['firewall']> = {}): ProxySuite {
  const s = {} as ProxySuite;
  before(async () => {
    s.base = await composeServices();
    s.upstream = await startUpstream();
    s.proxy = await startProxy(s.base, s.upstream.port, firewall);
  });
  after(async () => {
    await s.proxy.close();
    await s.upstream.close();
    await s.base.services.close();
  });
  return s;
}

export interface Esme {
  session: Session;
  bindStatus: number;
  /** deliver_sm received (answered ESME_ROK). */
  delivered: PDU[];
  submit(fields: Record<string, unknown>): Promise<PDU>;
  close(): void;
}

export async function connectEsme(port: number, systemId = 'esme1', password = 'secret1', mode: 'bind_transceiver' | 'bind_transmitter' | 'bind_receiver' = 'bind_transceiver'): Promise<Esme> {
  const session = smpp.connect({ host: '127.0.0.1', port });
  session.on('error', () => undefined);
  await once(session, 'connect');
  const delivered: PDU[] = [];
  for (const command of ['deliver_sm', 'data_sm'] as const) {
    session.on(command, (pdu) => {
      delivered.push(pdu);
      session.send(pdu.response());
    });
  }
  const bindStatus = await new Promise<number>((resolve) => session[mode]({ system_id: systemId, password }, (r) => resolve(r.command_status)));
  return {
    session, bindStatus, delivered,
    submit: (fields) => new Promise((resolve) => session.submit_sm({ source_addr: PERSONAL, destination_addr: '09087654321', ...fields }, resolve)),
    close: () => session.destroy(),
  };
}

export async function until(cond: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The text of a submit the upstream received (the package decodes short_message, and message_payload, into
 * { message }). */
export function textOf(pdu: PDU): string {
  const sm = (pdu.short_message ?? pdu.message_payload) as { message?: string | Buffer } | undefined;
  const m = sm?.message;
  return typeof m === 'string' ? m : m ? m.toString('latin1') : '';
}
