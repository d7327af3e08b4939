// The proxy's Prometheus metrics: PDUs by direction and outcome, decisions by action, the upstream link's state,
// texts that could not be decoded, and the latency the proxy adds to a forwarded message.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LabeledCounter } from '../../core/index.js';

/** What became of a PDU: forwarded, refused (by a decision or because of the peer or the upstream), or relayed. */
export type PduOutcome =
  | 'forwarded' | 'rejected' | 'dropped' | 'quarantined' | 'throttled' | 'upstream_down' | 'no_receiver'
  | 'invalid' | 'not_bound' | 'unsupported' | 'decider_failed' | 'relayed' | 'unroutable' | 'generated';
export type PduDirection = 'submit_sm' | 'deliver_sm' | 'receipt' | 'query';
export type UpstreamState = 'down' | 'connecting' | 'up';

export class FirewallMetrics {
  private readonly pdus: LabeledCounter<'direction' | 'outcome'>;
  private readonly decisions: LabeledCounter<'action'>;
  private readonly upstream: Gauge<'state'>;
  private readonly undecodable: Counter<'data_coding'>;
  private readonly latency: Histogram;
  private readonly refused: Counter<'reason'>;
  private readonly releases: Counter<'outcome'>;
  readonly sessions: Gauge;

  constructor(registry: Registry) {
    const registers = [registry];
    this.pdus = new LabeledCounter({ name: 'mamoru_firewall_pdus_total', help: 'submit_sm / deliver_sm PDUs (parts counted one by one) by direction and outcome', labelNames: ['direction', 'outcome'], registers });
    this.releases = new Counter({ name: 'mamoru_firewall_releases_total', help: 'Messages released from the quarantine, by outcome of the submit to the SMSC (delivered, refused, unavailable)', labelNames: ['outcome'], registers });
    this.decisions = new LabeledCounter({ name: 'mamoru_firewall_decisions_total', help: 'Decisions on whole messages by action (a submit_multi counts one per destination)', labelNames: ['action'], registers });
    this.upstream = new Gauge({ name: 'mamoru_firewall_upstream_state', help: 'The upstream SMSC link: 1 for its current state (down, connecting, up), 0 for the others', labelNames: ['state'], registers });
    this.undecodable = new Counter({ name: 'mamoru_firewall_undecodable_total', help: 'Messages whose text could not be decoded, by data_coding', labelNames: ['data_coding'], registers });
    this.latency = new Histogram({
      name: 'mamoru_firewall_added_latency_seconds', help: 'Time a forwarded PDU spends in the proxy (receipt to forward, plus upstream response to our response), excluding the upstream\'s own time and concatenation holds', registers,
      buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.05, 0.25],
    });
    this.refused = new Counter({ name: 'mamoru_firewall_session_errors_total', help: 'Protocol errors from peers (bad credentials, malformed PDUs, commands before bind, floods) by reason', labelNames: ['reason'], registers });
    this.sessions = new Gauge({ name: 'mamoru_firewall_sessions', help: 'Peer sessions currently bound', registers });
    this.setUpstream('down');
  }

  pdu(direction: PduDirection, outcome: PduOutcome, n = 1): void {
    this.pdus.child(direction, outcome).inc(n);
  }

  decision(action: string): void {
    this.decisions.child(action).inc();
  }

  setUpstream(state: UpstreamState): void {
    for (const s of ['down', 'connecting', 'up'] as const) this.upstream.set({ state: s }, s === state ? 1 : 0);
  }

  decodeFailed(dataCoding: number): void {
    this.undecodable.inc({ data_coding: `0x${dataCoding.toString(16).padStart(2, '0')}` });
  }

  addedLatency(seconds: number): void {
    this.latency.observe(seconds);
  }

  sessionError(reason: string): void {
    this.refused.inc({ reason });
  }

  release(outcome: 'delivered' | 'refused' | 'unavailable'): void {
    this.releases.inc({ outcome });
  }
}
