// The SMPP 3.4 proxy in the message path (DESIGN S1): peers (ESMEs, SMSCs) bind to it; each submit_sm and
// deliver_sm is read from its exact bytes, reassembled when concatenated, decided by the Decider, and then
// forwarded byte for byte (with our sequence number), rejected, or accepted and kept back. Delivery receipts from
// the upstream SMSC go back to the peer that submitted the message.
//
// Choices worth knowing:
// - A concatenated message is decided once, on its reassembled text; every part gets that decision (all forwarded
//   in order, all rejected, or all accepted and kept back), and no part is answered before the decision. When the
//   parts do not all arrive within `concatHoldMs`, the message is decided on the parts that did arrive (they are
//   answered then); a part arriving later (within another `concatHoldMs`) is decided again on the earlier parts'
//   text plus its own, so a link sent late is still read in context; after that it is a message of its own.
//   A late duplicate of a complete message's part gets that message's decision.
// - While the upstream is down, messages the decider would forward are refused with ESME_RTHROTTLED (the sender
//   keeps and retries them); a decider failure refuses the message (ESME_RSYSERR) — nothing unclassified passes.
// - A deliver_sm from the upstream that we cannot hand to a receiver is answered ESME_RX_T_APPN, so the SMSC keeps
//   it and retries. A receipt whose message id we never saw goes to the only receiving system_id when there is
//   one, else it is acknowledged and counted as unroutable (retrying it would never succeed).
// - data_sm is read like a submit_sm (from a peer) or a deliver_sm (from the upstream), its text from message_payload.
// - submit_multi is decided once per destination (each recipient's settings apply; a distribution list, whose
//   members only the SMSC knows, gets the defaults); the SMSC receives the PDU with only the forwarded destinations,
//   and the refused ones are added to the unsuccess_sme list of the answer (see submit-multi.ts). Each destination
//   counts against the session's rate.
// - query_sm and cancel_sm carry no text and are relayed to the upstream as they are. replace_sm is refused
//   (ESME_RINVCMDID): its new text has no data_coding and no recipient of its own (both are the original
//   message's, which only the SMSC holds), so it cannot be classified; ESMEs can cancel and submit again.
import { performance } from 'node:perf_hooks';
import type { AddressInfo } from 'node:net';
import smpp, { type Server } from 'smpp';
import type { Registry } from 'prom-client';
import { BoundedCache, type Config, type Logger } from '../../core/index.js';
import type { Decider, FirewallDecision, FirewallMessage } from '../types.js';
import { ConcatHolder } from './concat-holder.js';
import { FirewallMetrics, type PduDirection } from './firewall-metrics.js';
import { receiptFields, wantsReceipt, type ReceiptAddress } from './kept-back-receipts.js';
import { FieldError, isSmscNotice, readMessageFields, receiptMessageId, splitSegment, type MessageFields, type MultiDest, type Segment } from './message-fields.js';
import type { Frame } from './pdu-channel.js';
import { PeerSession } from './peer-session.js';
import { ReceiptRoutes, RoundRobin } from './receipt-routes.js';
import { CMD, STATUS, UPSTREAM_DOWN_STATUS } from './status.js';
import { multiResp, readMultiResp, unsuccessEntry, withDestinations } from './submit-multi.js';
import { decodeText } from './text-decoding.js';
import { UpstreamLink } from './upstream-link.js';

export interface SmppFirewallOptions {
  config: Readonly<Config['firewall']>;
  decider: Decider;
  registry: Registry;
  logger: Logger;
  /** ms since epoch (FirewallMessage.receivedAt, rate limits). Default Date.now. */
  now?: () => number;
  /** system_id in our bind responses. Default 'mamoru'. */
  systemId?: string;
  /** enquire_link period towards the upstream, ms. Default firewall.enquireLinkMs. */
  enquireLinkMs?: number;
  /** Wait for a response to a PDU we sent, ms. Default firewall.responseTimeoutMs. */
  responseTimeoutMs?: number;
  /** A connection that has not bound within this time is closed, ms. Default firewall.bindTimeoutMs. */
  bindTimeoutMs?: number;
  /** First upstream reconnect delay, ms (doubled up to 30 s). Default 250 ms. */
  minBackoffMs?: number;
  /** Most connections at once; more are closed at accept. Default firewall.maxSessions. */
  maxSessions?: number;
  /** The quarantine's release outbox: messages a subscriber released in the app, submitted to the SMSC for delivery. */
  releases?: ReleaseOutbox;
  /** How often the release outbox is read, ms. Default 2 s. */
  releaseEveryMs?: number;
}

export interface ReleaseOutbox {
  pendingReleases(limit: number): Promise<Array<{ id: string; sender: string | null; body: string; deliverTo: string }>>;
  markDelivered(id: string): Promise<boolean>;
}

/** A message's decisions: one per destination (one for all but submit_multi); null where the decider failed. */
type Outcome = Array<FirewallDecision | null>;

/** A decided concatenated message, for its late parts: the decision of a complete message, or — when it was
 * decided on an incomplete set — the parts it was decided on, so a late part is decided again with their text. */
interface Decided {
  decision: Promise<Outcome>;
  incomplete: Part[] | null;
}

type Origin = { kind: 'peer'; peer: PeerSession } | { kind: 'upstream' };

interface Part {
  origin: Origin;
  frame: Frame;
  fields: MessageFields;
  body: Buffer;
  segment: Segment | null;
  receivedAt: number;
}

const MAX_PDU_BYTES = 16_384;
/** How long after its response a receipt for a kept-back message is sent. */
const RECEIPT_DELAY_MS = 500;

export class SmppFirewall {
  private readonly cfg: Readonly<Config['firewall']>;
  private readonly metrics: FirewallMetrics;
  private readonly upstream: UpstreamLink;
  private readonly server: Server;
  private readonly sessions = new Set<PeerSession>();
  private readonly held: ConcatHolder<Part, Decided>;
  private readonly routes = new ReceiptRoutes();
  private readonly rr = new RoundRobin();
  private readonly now: () => number;
  private readonly peers: Map<string, string>;
  private readonly peerRoutes: Map<string, FirewallMessage['route']>;
  private nextSessionId = 0;
  private ownMessageIds = 0;
  /** Our ids of messages kept back → the system_id that sent each (the SMSC does not know them). */
  private readonly keptBackIds = new BoundedCache<string, string>(200_000);
  /** Receipts for kept-back messages waiting to be sent (stop() drops them). */
  private readonly receiptTimers = new Set<NodeJS.Timeout>();
  private warnedMultiResp = false;
  private stopped = false;
  private releaseTimer: NodeJS.Timeout | null = null;
  private releasing: Promise<void> = Promise.resolve();

  constructor(private readonly opts: SmppFirewallOptions) {
    this.cfg = opts.config;
    const up = opts.config.upstream;
    if (!up) throw new Error('firewall.upstream is not configured');
    this.now = opts.now ?? Date.now;
    this.metrics = new FirewallMetrics(opts.registry);
    this.peers = new Map(opts.config.peers.map((p) => [p.systemId, p.password]));
    this.peerRoutes = new Map(opts.config.peers.map((p) => [p.systemId, p.route]));
    this.held = new ConcatHolder(opts.config.concatHoldMs, (key, parts) => this.decideSafely(parts, key, true));
    this.upstream = new UpstreamLink(
      {
        host: up.host, port: up.port, systemId: up.systemId, password: up.password, enquireLinkMs: opts.enquireLinkMs ?? this.cfg.enquireLinkMs,
        responseTimeoutMs: opts.responseTimeoutMs ?? this.cfg.responseTimeoutMs, maxPduBytes: MAX_PDU_BYTES, minBackoffMs: opts.minBackoffMs ?? 250, maxBackoffMs: 30_000,
      },
      { onDeliver: (f) => this.guard(() => this.fromUpstream(f)), onState: (s) => this.metrics.setUpstream(s) },
      opts.logger,
    );
    this.server = smpp.createServer((session) => {
      if (this.stopped || this.sessions.size >= (opts.maxSessions ?? this.cfg.maxSessions)) {
        session.on('error', () => undefined);
        session.destroy();
        return;
      }
      const peer = new PeerSession(session, ++this.nextSessionId, {
        peers: this.peers, ownSystemId: opts.systemId ?? 'mamoru', perSecond: this.cfg.perSessionPerSecond, bindTimeoutMs: opts.bindTimeoutMs ?? this.cfg.bindTimeoutMs,
        maxPduBytes: MAX_PDU_BYTES, responseTimeoutMs: opts.responseTimeoutMs ?? this.cfg.responseTimeoutMs, now: this.now,
        onMessage: (p, f) => this.guard(() => this.fromPeer(p, f)),
        onRelay: (p, f) => this.guard(() => this.relayUp(p, f)),
        onThrottled: (p, f) => {
          const query = f.commandId === CMD.query_sm || f.commandId === CMD.cancel_sm;
          this.metrics.pdu(query ? 'query' : directionOf({ kind: 'peer', peer: p }, f), 'throttled');
          p.channel.respond(f, STATUS.RTHROTTLED);
        },
        onProtocolError: (_p, reason) => this.metrics.sessionError(reason.split(':')[0]!),
        onBound: (p) => {
          this.metrics.sessions.inc();
          this.opts.logger.info({ systemId: p.systemId, mode: p.mode }, 'firewall: peer bound');
        },
        onClosed: (p) => {
          if (p.mode) this.metrics.sessions.dec();
          this.sessions.delete(p);
        },
      });
      this.sessions.add(peer);
    });
    this.server.on('error', (e: Error) => opts.logger.error({ err: e }, 'firewall: listener error'));
  }

  /** Listens on `firewall.listen` and dials the upstream; resolves with the bound address (port 0 → ephemeral). */
  async start(): Promise<{ host: string; port: number }> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.cfg.listen.port, this.cfg.listen.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.upstream.start();
    if (this.opts.releases) {
      this.releaseTimer = setInterval(() => void this.deliverReleases(), this.opts.releaseEveryMs ?? 2000);
      this.releaseTimer.unref();
    }
    const a = this.server.address() as AddressInfo;
    return { host: a.address, port: a.port };
  }

  get upstreamState(): 'down' | 'connecting' | 'up' {
    return this.upstream.state;
  }

  /** Stops accepting, answers held parts (throttled: the senders retry), unbinds every peer and the upstream. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.releaseTimer) clearInterval(this.releaseTimer);
    for (const t of this.receiptTimers) clearTimeout(t);
    this.receiptTimers.clear();
    await this.releasing;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const p of this.held.drain()) this.answer(p, UPSTREAM_DOWN_STATUS);
    await Promise.all([...this.sessions].map((s) => s.unbind()));
    await this.upstream.stop();
    await closed;
  }

  /** Submits the messages subscribers released from the quarantine to the SMSC (UCS-2, from the original sender),
   * marking each delivered once the SMSC accepted it; while the SMSC is away they wait in the outbox. */
  deliverReleases(): Promise<void> {
    this.releasing = this.releasing.then(async () => {
      if (!this.opts.releases || this.upstream.state !== 'up') return;
      try {
        for (const r of await this.opts.releases.pendingReleases(50)) {
          const text = Buffer.from(r.body, 'utf16le').swap16();
          const fields = {
            source_addr: r.sender ?? '', source_addr_ton: r.sender && /^\+?\d+$/.test(r.sender) ? 1 : 5, source_addr_npi: r.sender && /^\+?\d+$/.test(r.sender) ? 1 : 0,
            destination_addr: r.deliverTo.replace(/^\+/, ''), dest_addr_ton: 1, dest_addr_npi: 1, data_coding: 8, registered_delivery: 0,
            ...(text.length <= 140 ? { short_message: text } : { message_payload: text }),
          };
          const answer = await this.upstream.request('submit_sm', fields);
          if (!answer || answer.status !== STATUS.ROK) {
            this.metrics.release(answer ? 'refused' : 'unavailable');
            return;
          }
          await this.opts.releases.markDelivered(r.id);
          this.metrics.release('delivered');
        }
      } catch (e) {
        this.opts.logger.warn({ err: e }, 'firewall: delivering released messages failed; retried later');
      }
    });
    return this.releasing;
  }

  /** One session's bad PDU must never reach the others: everything a PDU triggers runs under this. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.opts.logger.error({ err: e }, 'firewall: unexpected error handling a PDU');
    }
  }

  private read(origin: Origin, f: Frame): Part | null {
    try {
      const fields = readMessageFields(f.raw);
      const { body, segment } = splitSegment(fields);
      return { origin, frame: f, fields, body, segment, receivedAt: this.now() };
    } catch (e) {
      if (!(e instanceof FieldError)) throw e;
      this.metrics.pdu(directionOf(origin, f), 'invalid');
      this.metrics.sessionError('malformed');
      this.channelOf(origin)?.respond(f, e.status);
      return null;
    }
  }

  private fromPeer(peer: PeerSession, f: Frame): void {
    const part = this.read({ kind: 'peer', peer }, f);
    if (!part) return;
    // A submit_multi costs one token per destination: the first was taken with the PDU, the rest are owed (a list
    // longer than a second's worth would otherwise never pass).
    const extra = (part.fields.multi?.dests.length ?? 1) - 1;
    if (extra > 0) peer.owe(extra);
    this.admit(part, `p${peer.id}`);
  }

  /**
   * query_sm / cancel_sm: no text; the SMSC's answer goes back as it is (with the peer's sequence number). Every
   * peer reaches the SMSC through our one bind, so the SMSC can no longer tell whose message an id is: with more
   * than one system_id configured, only ids we remember as this peer's (those that asked for a receipt) are
   * relayed, and a cancel_sm by addresses alone (no message_id) is refused.
   */
  private relayUp(peer: PeerSession, f: Frame): void {
    const query = f.commandId === CMD.query_sm;
    const id = queriedMessageId(f.raw, query);
    // A message we kept back is answered here: final (as its receipt said), so it cannot be cancelled.
    const keptBy = id ? this.keptBackIds.get(id) : undefined;
    if (keptBy !== undefined) {
      this.metrics.pdu('query', keptBy === peer.systemId ? 'generated' : 'rejected');
      if (keptBy !== peer.systemId || !query) return peer.channel.respond(f, query ? STATUS.RQUERYFAIL : STATUS.RCANCELFAIL);
      return peer.channel.respond(f, STATUS.ROK, { message_id: id, final_date: '', message_state: this.cfg.keptBackReceipts === 'rejected' ? 8 : 2, error_code: 0 });
    }
    if (this.peers.size > 1 && (id === null || id === '' || this.routes.systemIdOf(id) !== peer.systemId)) {
      this.metrics.pdu('query', 'rejected');
      return peer.channel.respond(f, query ? STATUS.RQUERYFAIL : STATUS.RCANCELFAIL);
    }
    if (this.upstream.state !== 'up') {
      this.metrics.pdu('query', 'upstream_down');
      return peer.channel.respond(f, UPSTREAM_DOWN_STATUS);
    }
    void this.upstream.forward(f.raw).then((r) => {
      this.metrics.pdu('query', r ? 'relayed' : 'upstream_down');
      if (!r) return peer.channel.respond(f, UPSTREAM_DOWN_STATUS);
      r.raw.writeUInt32BE(f.seq, 12);
      peer.channel.writeRaw(r.raw);
    }).catch(this.unexpected);
  }

  private fromUpstream(f: Frame): void {
    const part = this.read({ kind: 'upstream' }, f);
    if (!part) return;
    if (isSmscNotice(part.fields.esmClass)) return this.relayReceipt(part);
    this.admit(part, 'up');
  }

  /** A single message goes to the decider at once; a part waits for the rest of its message. */
  private admit(part: Part, originKey: string): void {
    if (!part.segment) return this.decideSafely([part], null, false);
    const f = part.fields;
    // A submit_multi's parts belong together only with byte-identical destination lists (flags, TON/NPI and all), so
    // one decision per destination index holds for every part.
    const to = f.multi ? part.frame.raw.toString('latin1', f.multi.countAt, f.multi.dests[f.multi.dests.length - 1]!.end) : f.destinationAddr;
    const key = `${originKey}|${part.frame.commandId}|${f.sourceAddr}|${to}|${part.segment.ref}|${part.segment.total}`;
    const r = this.held.add(key, part.segment, part);
    if (r.kind === 'complete') this.decideSafely(r.parts, key, false);
    else if (r.kind === 'late') {
      const { decision, incomplete } = r.decision;
      if (incomplete) this.decideSafely([...incomplete, part].sort(bySegment), null, false, [part]);
      else void decision.then((d) => this.apply([part], d, performance.now())).catch(this.unexpected);
    }
    else if (r.kind === 'full') {
      this.metrics.pdu(directionOf(part.origin, part.frame), 'throttled');
      this.answer(part, STATUS.RTHROTTLED);
    }
  }

  /** decideWhole runs after awaits: an error there is not caught by `guard`, and unhandled it would end the process. */
  private decideSafely(parts: Part[], key: string | null, incomplete: boolean, applyTo?: Part[]): void {
    this.decideWhole(parts, key, incomplete, applyTo).catch(this.unexpected);
  }

  private readonly unexpected = (e: unknown): void => {
    this.opts.logger.error({ err: e }, 'firewall: unexpected error deciding a message; its parts may be left unanswered (the sender times out and retries)');
  };

  /** Decides a message on the text of `parts` and applies the decision to `applyTo` (default: all of them); `key`
   * names a concatenated one, whose decision is kept for its late parts. */
  private async decideWhole(parts: Part[], key: string | null, incomplete: boolean, applyTo: Part[] = parts): Promise<void> {
    // Added latency counts from here: the decider's time is part of what the proxy adds, the hold is not.
    const readyAt = performance.now();
    const first = parts[0]!;
    const text = textOf(parts);
    if (text === null) this.metrics.decodeFailed(first.fields.dataCoding);
    const msg: FirewallMessage = {
      direction: directionOf(first.origin, first.frame),
      peer: first.origin.kind === 'peer' ? first.origin.peer.systemId ?? '' : this.upstream.remoteSystemId,
      from: first.fields.sourceAddr === '' ? null : first.fields.sourceAddr,
      to: first.fields.destinationAddr === '' ? null : first.fields.destinationAddr,
      text,
      receivedAt: first.receivedAt,
    };
    const route = first.origin.kind === 'peer' ? this.peerRoutes.get(first.origin.peer.systemId ?? '') : this.cfg.upstream?.route;
    if (route) msg.route = route;
    const dests = first.fields.multi?.dests;
    const decision: Promise<Outcome> = dests
      ? Promise.all(dests.map((d) => this.opts.decider.decide({ ...msg, to: d.kind === 'sme' && d.address !== '' ? d.address : null }).catch(this.deciderFailed)))
      : this.opts.decider.decide(msg).then(one, (e: unknown) => [this.deciderFailed(e)]);
    if (key !== null) this.held.remember(key, { decision, incomplete: incomplete ? parts : null });
    this.apply(applyTo, await decision, readyAt);
  }

  private readonly deciderFailed = (e: unknown): null => {
    this.opts.logger.error({ err: e }, 'firewall: the decider failed; the message is refused');
    return null;
  };

  private apply(parts: Part[], outcome: Outcome, readyAt: number): void {
    if (parts[0]!.fields.multi) return this.applyMulti(parts, outcome, readyAt);
    const d = outcome[0] ?? null;
    const dir = directionOf(parts[0]!.origin, parts[0]!.frame);
    if (d === null) {
      this.metrics.pdu(dir, 'decider_failed', parts.length);
      for (const p of parts) this.answer(p, p.origin.kind === 'upstream' ? STATUS.RX_T_APPN : STATUS.RSYSERR);
      return;
    }
    this.metrics.decision(d.action);
    switch (d.action) {
      case 'forward':
        return parts[0]!.origin.kind === 'peer' ? this.forwardUp(parts, readyAt) : this.forwardDown(parts, readyAt);
      case 'reject':
        this.metrics.pdu(dir, 'rejected', parts.length);
        for (const p of parts) this.answer(p, d.status ?? this.cfg.rejectStatus);
        return;
      case 'drop':
      case 'quarantine':
        this.metrics.pdu(dir, d.action === 'drop' ? 'dropped' : 'quarantined', parts.length);
        for (const p of parts) {
          const id = this.ownMessageId(p);
          this.answer(p, STATUS.ROK, id);
          this.keptBackReceipt(p, id, { addr: p.fields.destinationAddr, ton: p.fields.destTon, npi: p.fields.destNpi });
        }
    }
  }

  /**
   * submit_multi, answered destination by destination (§4.5.2): the ones to forward go to the SMSC in one PDU per
   * part; the ones refused — by a decision, a decider failure (ESME_RSYSERR: nothing unclassified passes), or the
   * SMSC being away or refusing the PDU — are listed in unsuccess_sme with their status. The PDU succeeds (ESME_ROK)
   * when any destination was accepted (by the SMSC, or kept back: dropped or quarantined), so the ESME sends again
   * only the listed ones; a quarantined copy is never made twice by a retry of the whole PDU. When none was
   * accepted, the PDU is refused with the first refusal's status (the SMSC's when it refused the PDU).
   */
  private applyMulti(parts: Part[], outcome: Outcome, readyAt: number): void {
    const dests = parts[0]!.fields.multi!.dests;
    const keep: number[] = [];
    const refused: Buffer[] = [];
    const keptBack: MultiDest[] = [];
    let firstRefusal: number | null = null;
    outcome.forEach((d, i) => {
      if (d === null || d.action === 'reject') {
        const status = d === null ? STATUS.RSYSERR : (d.status ?? this.cfg.rejectStatus);
        firstRefusal ??= status;
        refused.push(unsuccessEntry(dests[i]!, status));
        if (d === null) this.metrics.pdu('submit_sm', 'decider_failed');
        else this.metrics.decision(d.action);
        return;
      }
      this.metrics.decision(d.action);
      if (d.action === 'forward') keep.push(i);
      else keptBack.push(dests[i]!);
    });
    if (keep.length > 0) return this.forwardMulti(parts, keep, refused, keptBack, readyAt);
    this.metrics.pdu('submit_sm', keptBack.length === 0 ? 'rejected' : outcome.some((d) => d?.action === 'quarantine') ? 'quarantined' : 'dropped', parts.length);
    for (const p of parts) this.multiAnswer(p, keptBack.length > 0, null, refused, firstRefusal!, keptBack);
  }

  private forwardMulti(parts: Part[], keep: number[], refused: Buffer[], keptBack: MultiDest[], readyAt: number): void {
    const someKept = keptBack.length > 0;
    const dests = parts[0]!.fields.multi!.dests;
    const failed = (status: number) => [...refused, ...keep.map((i) => unsuccessEntry(dests[i]!, status))];
    if (this.upstream.state !== 'up') {
      this.metrics.pdu('submit_sm', 'upstream_down', parts.length);
      for (const p of parts) this.multiAnswer(p, someKept, null, failed(UPSTREAM_DOWN_STATUS), UPSTREAM_DOWN_STATUS, keptBack);
      return;
    }
    for (const p of parts) {
      const all = keep.length === dests.length;
      const reply = this.upstream.forward(all ? p.frame.raw : withDestinations(p.frame.raw, p.fields, keep));
      const inProxy = performance.now() - readyAt;
      void reply.then((r) => {
        const t = performance.now();
        if (!r) {
          this.metrics.pdu('submit_sm', 'upstream_down');
          return this.multiAnswer(p, someKept, null, failed(UPSTREAM_DOWN_STATUS), UPSTREAM_DOWN_STATUS, keptBack);
        }
        this.metrics.pdu('submit_sm', 'forwarded');
        if (r.status !== STATUS.ROK) return this.multiAnswer(p, someKept, null, failed(r.status), r.status, keptBack);
        const resp = readMultiResp(r.raw);
        if (!resp && !this.warnedMultiResp) {
          this.warnedMultiResp = true;
          this.opts.logger.warn('firewall: a submit_multi_resp from the upstream could not be read; its unsuccess list is not passed on (logged once)');
        }
        const messageId = resp?.messageId ?? cstringAt(r.raw, 16);
        if (messageId && p.fields.registeredDelivery !== 0 && p.origin.kind === 'peer' && p.origin.peer.systemId) this.routes.remember(messageId, p.origin.peer.systemId);
        this.multiAnswer(p, true, messageId, [...(resp?.unsuccess ?? []), ...refused], STATUS.ROK, keptBack);
        this.metrics.addedLatency((inProxy + performance.now() - t) / 1000);
      }).catch(this.unexpected);
    }
  }

  /** When a destination was accepted: ESME_ROK with the SMSC's message id (our own, one per part, when the SMSC took
   * none or gave an empty one) and the unsuccess list, and receipts for the destinations kept back under that id;
   * else the whole PDU refused with `refusal`. */
  private multiAnswer(p: Part, accepted: boolean, smscId: string | null, unsuccess: Buffer[], refusal: number, keptBack: MultiDest[]): void {
    if (!accepted) return this.answer(p, refusal);
    const messageId = smscId || this.ownMessageId(p);
    if (p.origin.kind === 'peer') p.origin.peer.channel.writeRaw(multiResp(p.frame.seq, messageId, unsuccess));
    for (const d of keptBack) this.keptBackReceipt(p, messageId, { addr: d.address, ton: d.ton, npi: d.npi });
  }

  /** Our delivery receipt for a message from a peer that we accepted and kept back, when it asked for one
   * (kept-back-receipts.ts), to a receiving session of the system that sent it. */
  private keptBackReceipt(p: Part, messageId: string, recipient: ReceiptAddress): void {
    const mode = this.cfg.keptBackReceipts;
    if (mode === 'none' || p.origin.kind !== 'peer' || p.frame.commandId === CMD.deliver_sm || !wantsReceipt(p.fields.registeredDelivery, mode)) return;
    const systemId = p.origin.peer.systemId;
    const sender = { addr: p.fields.sourceAddr, ton: p.fields.sourceTon, npi: p.fields.sourceNpi };
    const fields = receiptFields(messageId, recipient, sender, mode, p.receivedAt, this.now());
    // Sent a little later, as an SMSC's would be: with separate transmitter and receiver binds, a receipt written
    // with the response could reach the ESME first, and be dropped as one for an unknown message.
    const timer = setTimeout(() => {
      this.receiptTimers.delete(timer);
      const target = this.rr.pick([...this.sessions].filter((s) => s.canReceive && s.systemId === systemId && s.channel.isOpen));
      if (!target) return this.metrics.pdu('receipt', 'no_receiver');
      void target.channel.request('deliver_sm', fields)
        .then((r) => this.metrics.pdu('receipt', r && r.status === STATUS.ROK ? 'generated' : 'no_receiver'))
        .catch(this.unexpected);
    }, RECEIPT_DELAY_MS);
    timer.unref();
    this.receiptTimers.add(timer);
  }

  /** Peer → upstream, every part in order; each part is answered with the upstream's status and message_id. */
  private forwardUp(parts: Part[], readyAt: number): void {
    const dir = directionOf(parts[0]!.origin, parts[0]!.frame);
    if (this.upstream.state !== 'up') {
      this.metrics.pdu(dir, 'upstream_down', parts.length);
      for (const p of parts) this.answer(p, UPSTREAM_DOWN_STATUS);
      return;
    }
    for (const p of parts) {
      const reply = this.upstream.forward(p.frame.raw);
      const inProxy = performance.now() - readyAt;
      void reply.then((r) => {
        const t = performance.now();
        if (!r) {
          this.metrics.pdu(dir, 'upstream_down');
          return this.answer(p, UPSTREAM_DOWN_STATUS);
        }
        const messageId = r.status === STATUS.ROK ? cstringAt(r.raw, 16) : '';
        if (messageId && p.fields.registeredDelivery !== 0 && p.origin.kind === 'peer' && p.origin.peer.systemId) this.routes.remember(messageId, p.origin.peer.systemId);
        this.answer(p, r.status, r.status === STATUS.ROK ? messageId : undefined);
        this.metrics.pdu(dir, 'forwarded');
        this.metrics.addedLatency((inProxy + performance.now() - t) / 1000);
      }).catch(this.unexpected);
    }
  }

  /** Upstream → a bound receiver, every part in order to the same one. */
  private forwardDown(parts: Part[], readyAt: number): void {
    const target = this.rr.pick([...this.sessions].filter((s) => s.canReceive && s.channel.isOpen));
    this.relayTo(target, parts, 'deliver_sm', readyAt);
  }

  private relayTo(target: PeerSession | undefined, parts: Part[], dir: PduDirection, readyAt: number): void {
    if (!target) {
      this.metrics.pdu(dir, 'no_receiver', parts.length);
      for (const p of parts) this.answer(p, STATUS.RX_T_APPN);
      return;
    }
    for (const p of parts) {
      const inProxy = performance.now() - readyAt;
      void target.channel.requestRaw(p.frame.raw).then((r) => {
        const t = performance.now();
        // A data_sm_resp carries the receiver's message id back to the SMSC (a deliver_sm_resp's is always empty).
        const messageId = r && r.status === STATUS.ROK && p.frame.commandId === CMD.data_sm ? cstringAt(r.raw, 16) : undefined;
        this.answer(p, r ? r.status : STATUS.RX_T_APPN, messageId);
        this.metrics.pdu(dir, r ? (dir === 'receipt' ? 'relayed' : 'forwarded') : 'no_receiver');
        if (r && dir !== 'receipt') this.metrics.addedLatency((inProxy + performance.now() - t) / 1000);
      }).catch(this.unexpected);
    }
  }

  private relayReceipt(part: Part): void {
    const id = receiptMessageId(part.fields);
    let systemId = id === null ? undefined : this.routes.systemIdOf(id);
    if (systemId === undefined) {
      const receiving = new Set([...this.sessions].filter((s) => s.canReceive).map((s) => s.systemId));
      if (receiving.size !== 1) {
        this.metrics.pdu('receipt', 'unroutable');
        return this.answer(part, STATUS.ROK);
      }
      systemId = [...receiving][0]!;
    }
    const candidates = [...this.sessions].filter((s) => s.canReceive && s.systemId === systemId && s.channel.isOpen);
    this.relayTo(this.rr.pick(candidates), [part], 'receipt', performance.now());
  }

  private channelOf(origin: Origin): { respond(f: Frame, status: number, fields?: Record<string, unknown>): void } | null {
    return origin.kind === 'peer' ? origin.peer.channel : this.upstream;
  }

  /** Answers a part to whoever sent it; message_id only on a successful submit_sm or data_sm. */
  private answer(p: Part, status: number, messageId?: string): void {
    const fields = status === STATUS.ROK && messageId !== undefined && (p.frame.commandId === CMD.submit_sm || p.frame.commandId === CMD.data_sm) ? { message_id: messageId } : {};
    this.channelOf(p.origin)?.respond(p.frame, status, fields);
  }

  /** Our message id for a message kept back; remembered with the system that sent it, for its query_sm. */
  private ownMessageId(p: Part): string {
    this.ownMessageIds = (this.ownMessageIds + 1) % 0x7fffffff;
    const id = `mf${this.now().toString(36)}${this.ownMessageIds.toString(36)}`;
    if (p.origin.kind === 'peer' && p.origin.peer.systemId) this.keptBackIds.set(id, p.origin.peer.systemId);
    return id;
  }
}

/** Towards the network (submit_sm, or data_sm from a peer) or towards a subscriber (deliver_sm, or data_sm from the
 * upstream SMSC). */
function directionOf(origin: Origin, f: Frame): 'submit_sm' | 'deliver_sm' {
  if (f.commandId === CMD.data_sm) return origin.kind === 'upstream' ? 'deliver_sm' : 'submit_sm';
  return f.commandId === CMD.deliver_sm ? 'deliver_sm' : 'submit_sm';
}

/** The whole text: the parts' bodies joined before decoding (a UCS-2 surrogate pair or a Shift_JIS character may
 * straddle two parts), or part by part when their data_coding differs. */
function textOf(parts: Part[]): string | null {
  const dc = parts[0]!.fields.dataCoding;
  if (parts.length === 1) return decodeText(dc, parts[0]!.body);
  if (parts.every((p) => p.fields.dataCoding === dc)) return decodeText(dc, Buffer.concat(parts.map((p) => p.body)));
  const texts = parts.map((p) => decodeText(p.fields.dataCoding, p.body));
  return texts.some((t) => t === null) ? null : texts.join('');
}

/** The message_id a query_sm (first field) or cancel_sm (after service_type) names; null when unreadable. */
function queriedMessageId(raw: Buffer, query: boolean): string | null {
  let off = 16;
  if (!query) {
    const nul = raw.indexOf(0, off);
    if (nul < 0) return null;
    off = nul + 1;
  }
  const nul = raw.indexOf(0, off);
  return nul < 0 ? null : raw.toString('latin1', off, nul);
}

function one(d: FirewallDecision): Outcome {
  return [d];
}

function bySegment(a: Part, b: Part): number {
  return (a.segment?.seq ?? 0) - (b.segment?.seq ?? 0);
}

function cstringAt(b: Buffer, off: number): string {
  const nul = b.indexOf(0, off);
  return b.toString('latin1', off, nul < 0 ? b.length : nul);
}
