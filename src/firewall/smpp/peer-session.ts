// One ESME or SMSC connected to the proxy: binding with its system_id and password from `firewall.peers`, the
// commands allowed in each bind state, and its message rate. Messages go to the firewall through `onMessage`.
import { timingSafeEqual } from 'node:crypto';
import type { Session } from 'smpp';
import { parsePdu, PduChannel, type Frame } from './pdu-channel.js';
import { RateLimiter } from './rate-limiter.js';
import { CMD, RESPONSE_BIT, STATUS } from './status.js';

export type BindMode = 'transmitter' | 'receiver' | 'transceiver';

export interface PeerSessionDeps {
  /** system_id → password. */
  peers: ReadonlyMap<string, string>;
  /** The system_id the proxy answers binds with. */
  ownSystemId: string;
  perSecond: number;
  bindTimeoutMs: number;
  maxPduBytes: number;
  responseTimeoutMs: number;
  now: () => number;
  onMessage(peer: PeerSession, frame: Frame): void;
  /** query_sm / cancel_sm: relayed to the upstream. */
  onRelay(peer: PeerSession, frame: Frame): void;
  /** Rate exceeded: the firewall answers (and counts) it. */
  onThrottled(peer: PeerSession, frame: Frame): void;
  onProtocolError(peer: PeerSession, reason: string): void;
  onBound(peer: PeerSession): void;
  onClosed(peer: PeerSession): void;
}

const BIND_MODES = new Map<number, BindMode>([[CMD.bind_transmitter, 'transmitter'], [CMD.bind_receiver, 'receiver'], [CMD.bind_transceiver, 'transceiver']]);
/** Protocol errors a session may make before it is closed. */
const MAX_ERRORS = 20;

export class PeerSession {
  systemId: string | null = null;
  mode: BindMode | null = null;
  readonly channel: PduChannel;
  private readonly limiter: RateLimiter;
  private errors = 0;
  private bindTimer: NodeJS.Timeout | null;

  constructor(session: Session, readonly id: number, private readonly deps: PeerSessionDeps) {
    this.limiter = new RateLimiter(deps.perSecond, deps.now);
    this.channel = new PduChannel(session, { maxPduBytes: deps.maxPduBytes, responseTimeoutMs: deps.responseTimeoutMs }, {
      onFrame: (f) => this.onFrame(f),
      onBadFrame: (reason) => deps.onProtocolError(this, `bad_length: ${reason}`),
      onClose: () => {
        if (this.bindTimer) clearTimeout(this.bindTimer);
        deps.onClosed(this);
      },
    });
    this.bindTimer = setTimeout(() => {
      this.deps.onProtocolError(this, 'bind_timeout');
      this.channel.close();
    }, deps.bindTimeoutMs);
    this.bindTimer.unref();
  }

  get canReceive(): boolean {
    return this.mode === 'receiver' || this.mode === 'transceiver';
  }

  private onFrame(f: Frame): void {
    const mode = BIND_MODES.get(f.commandId);
    if (mode) return this.bind(f, mode);
    switch (f.commandId) {
      case CMD.enquire_link:
        return this.channel.respond(f, STATUS.ROK);
      case CMD.unbind:
        if (!this.mode) return this.error(f, STATUS.RINVBNDSTS, 'not_bound');
        this.channel.respond(f, STATUS.ROK);
        return this.channel.close();
      case CMD.submit_sm:
      case CMD.submit_multi:
      case CMD.data_sm:
      case CMD.deliver_sm:
        // A receiver may not submit (SMPP 3.4 §2.2); deliver_sm from a peer is accepted from any bound peer (an
        // SMSC binding to the proxy) and classified like a submit.
        if (!this.mode || (f.commandId !== CMD.deliver_sm && this.mode === 'receiver')) return this.error(f, STATUS.RINVBNDSTS, 'not_bound');
        if (!this.limiter.take()) return this.deps.onThrottled(this, f);
        return this.deps.onMessage(this, f);
      case CMD.query_sm:
      case CMD.cancel_sm:
        if (!this.mode || this.mode === 'receiver') return this.error(f, STATUS.RINVBNDSTS, 'not_bound');
        if (!this.limiter.take()) return this.deps.onThrottled(this, f);
        return this.deps.onRelay(this, f);
    }
    if ((f.commandId & RESPONSE_BIT) !== 0) return; // a response to nothing we are waiting for (late, or a stray)
    // Everything else — replace_sm (text that cannot be read, see the firewall's notes) and unknown commands — is
    // refused rather than passed unclassified.
    this.error(f, this.mode ? STATUS.RINVCMDID : STATUS.RINVBNDSTS, this.mode ? 'unsupported' : 'not_bound');
  }

  /** Owes `n` more of the session's rate (a submit_multi's further destinations): later messages wait for them. */
  owe(n: number): void {
    this.limiter.owe(n);
  }

  private bind(f: Frame, mode: BindMode): void {
    if (this.mode) return this.error(f, STATUS.RALYBND, 'already_bound');
    const pdu = parsePdu(f);
    const systemId = typeof pdu?.system_id === 'string' ? pdu.system_id : null;
    const password = typeof pdu?.password === 'string' ? pdu.password : null;
    if (systemId === null || password === null) {
      this.channel.respond(f, STATUS.RINVCMDLEN);
      this.deps.onProtocolError(this, 'malformed');
      return this.channel.close();
    }
    const expected = this.deps.peers.get(systemId);
    const status = expected === undefined ? STATUS.RINVSYSID : samePassword(password, expected) ? STATUS.ROK : STATUS.RINVPASWD;
    if (status !== STATUS.ROK) {
      this.channel.respond(f, status);
      this.deps.onProtocolError(this, status === STATUS.RINVSYSID ? 'unknown_system_id' : 'bad_password');
      return this.channel.close();
    }
    if (this.bindTimer) clearTimeout(this.bindTimer);
    this.bindTimer = null;
    this.systemId = systemId;
    this.mode = mode;
    this.channel.respond(f, STATUS.ROK, { system_id: this.deps.ownSystemId });
    this.deps.onBound(this);
  }

  private error(f: Frame, status: number, reason: string): void {
    this.channel.respond(f, status);
    this.deps.onProtocolError(this, reason);
    if (++this.errors >= MAX_ERRORS) this.channel.close();
  }

  /** Ends the session with an unbind (waits for the answer at most the response timeout). */
  async unbind(): Promise<void> {
    if (this.mode && this.channel.isOpen) await this.channel.request('unbind');
    this.channel.close();
  }
}

function samePassword(given: string, expected: string): boolean {
  const a = Buffer.alloc(9);
  const b = Buffer.alloc(9);
  a.write(given.slice(0, 9), 'latin1');
  b.write(expected, 'latin1');
  return given.length === expected.length && timingSafeEqual(a, b);
}
