// The proxy's one session to the upstream SMSC, bound as a transceiver: reconnects with exponential back-off
// (capped) when the link is lost, keeps it alive with enquire_link, and unbinds cleanly on stop.
import smpp from 'smpp';
import type { Logger } from '../../core/index.js';
import { parsePdu, PduChannel, type Frame } from './pdu-channel.js';
import { CMD, STATUS } from './status.js';
import type { UpstreamState } from './firewall-metrics.js';

export interface UpstreamOptions {
  host: string;
  port: number;
  systemId: string;
  password: string;
  /** enquire_link period, ms; a link that does not answer within responseTimeoutMs is dropped and redialled. */
  enquireLinkMs: number;
  responseTimeoutMs: number;
  maxPduBytes: number;
  /** First reconnect delay, ms; doubled after each failure up to maxBackoffMs (30 s). */
  minBackoffMs: number;
  maxBackoffMs: number;
}

export interface UpstreamHandlers {
  /** A deliver_sm or data_sm from the SMSC (the caller answers it with `respond`). */
  onDeliver(frame: Frame): void;
  onState(state: UpstreamState): void;
}

export class UpstreamLink {
  private channel: PduChannel | null = null;
  private stateNow: UpstreamState = 'down';
  private attempts = 0;
  private stopping = false;
  private remote = 'upstream';
  private retryTimer: NodeJS.Timeout | null = null;
  private keepAlive: NodeJS.Timeout | null = null;

  constructor(private readonly opts: UpstreamOptions, private readonly handlers: UpstreamHandlers, private readonly logger: Logger) {}

  /** The SMSC's system_id from its bind response: the `peer` of the messages it delivers. */
  get remoteSystemId(): string {
    return this.remote;
  }

  get state(): UpstreamState {
    return this.stateNow;
  }

  start(): void {
    this.stopping = false;
    this.keepAlive = setInterval(() => {
      const ch = this.channel;
      if (!ch || this.stateNow !== 'up') return;
      void ch.request('enquire_link').then((r) => {
        if (r === null && ch === this.channel) {
          this.logger.warn('firewall: the upstream SMSC did not answer enquire_link; reconnecting');
          ch.destroy();
        }
      });
    }, this.opts.enquireLinkMs);
    this.keepAlive.unref();
    this.dial();
  }

  private setState(s: UpstreamState): void {
    if (s === this.stateNow) return;
    this.stateNow = s;
    this.handlers.onState(s);
  }

  private dial(): void {
    this.retryTimer = null;
    if (this.stopping) return;
    this.setState('connecting');
    const session = smpp.connect({ host: this.opts.host, port: this.opts.port });
    const channel = new PduChannel(session, { maxPduBytes: this.opts.maxPduBytes, responseTimeoutMs: this.opts.responseTimeoutMs }, {
      onFrame: (f) => this.onFrame(channel, f),
      onBadFrame: (reason) => this.logger.warn({ reason }, 'firewall: upstream sent an unreadable PDU; reconnecting'),
      onClose: () => this.onClose(channel),
    });
    this.channel = channel;
    session.on('connect', () => {
      void channel.request('bind_transceiver', { system_id: this.opts.systemId, password: this.opts.password, interface_version: 0x34 }).then((resp) => {
        if (channel !== this.channel) return;
        if (resp && resp.status === STATUS.ROK) {
          this.attempts = 0;
          const id = parsePdu(resp)?.system_id;
          this.remote = typeof id === 'string' && id !== '' ? id : 'upstream';
          this.setState('up');
          this.logger.info({ host: this.opts.host, port: this.opts.port }, 'firewall: bound to the upstream SMSC');
        } else {
          this.logger.warn({ status: resp?.status ?? null }, 'firewall: the upstream SMSC refused the bind');
          channel.close();
        }
      });
    });
  }

  private onFrame(channel: PduChannel, f: Frame): void {
    switch (f.commandId) {
      case CMD.deliver_sm:
      case CMD.data_sm:
        if (this.stateNow !== 'up') return channel.respond(f, STATUS.RINVBNDSTS);
        return this.handlers.onDeliver(f);
      case CMD.enquire_link:
        return channel.respond(f, STATUS.ROK);
      case CMD.unbind:
        channel.respond(f, STATUS.ROK);
        return channel.close();
      default:
        if ((f.commandId & 0x80000000) === 0) channel.respond(f, STATUS.RINVCMDID);
    }
  }

  private onClose(channel: PduChannel): void {
    if (channel !== this.channel) return;
    this.channel = null;
    this.setState('down');
    if (this.stopping) return;
    const delay = Math.min(this.opts.maxBackoffMs, this.opts.minBackoffMs * 2 ** this.attempts);
    this.attempts = Math.min(this.attempts + 1, 30);
    this.logger.warn({ retryInMs: delay }, 'firewall: upstream SMSC link down');
    this.retryTimer = setTimeout(() => this.dial(), delay);
    this.retryTimer.unref();
  }

  /** Sends a submit_sm / deliver_sm as its bytes (taken over: the sequence number is rewritten in place); null when
   * the link is down, lost or the answer did not come. */
  forward(raw: Buffer): Promise<Frame | null> {
    if (this.stateNow !== 'up' || !this.channel) return Promise.resolve(null);
    return this.channel.requestRaw(raw);
  }

  /** Sends a new request built from fields (a released message); null when the link is down or no answer came. */
  request(command: string, fields: Record<string, unknown>): Promise<Frame | null> {
    if (this.stateNow !== 'up' || !this.channel) return Promise.resolve(null);
    return this.channel.request(command, fields);
  }

  respond(f: Frame, status: number, fields: Record<string, unknown> = {}): void {
    this.channel?.respond(f, status, fields);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.keepAlive) clearInterval(this.keepAlive);
    this.keepAlive = null;
    const ch = this.channel;
    if (!ch) return;
    if (this.stateNow === 'up') await ch.request('unbind');
    await new Promise<void>((resolve) => {
      if (!ch.isOpen) return resolve();
      ch.session.socket.once('close', () => resolve());
      ch.close();
    });
  }
}
