// One SMPP session as the proxy drives it: the PDU framing (in place of the package's own reader, so the proxy
// keeps each PDU's exact bytes to forward, and survives a malformed PDU instead of stalling the session), the
// matching of our requests to their responses, and the writing of responses.
import { performance } from 'node:perf_hooks';
import smpp, { type PDU, type Session } from 'smpp';
import { CMD, RESPONSE_BIT, STATUS } from './status.js';

/** One PDU as it came off the wire. */
export interface Frame {
  /** The whole PDU, header included (a copy: safe to keep and forward). */
  raw: Buffer;
  commandId: number;
  status: number;
  seq: number;
}

export interface ChannelHandlers {
  /** A request (or a response to nothing we sent). Must not throw; errors are caught and logged by the caller. */
  onFrame(frame: Frame): void;
  /** The byte stream cannot be framed any more (bad command_length): the channel answers and closes itself. */
  onBadFrame(reason: string): void;
  onClose(): void;
}

export interface ChannelOptions {
  /** Largest PDU accepted, bytes. */
  maxPduBytes: number;
  /** How long a request of ours waits for its response before it counts as lost, ms. */
  responseTimeoutMs: number;
}

const HEADER = 16;

/** Parses a frame with the package (decoded fields); null when the body is malformed. */
export function parsePdu(frame: Frame): PDU | null {
  try {
    return new smpp.PDU(frame.raw);
  } catch {
    return null;
  }
}

export class PduChannel {
  private acc: Buffer = Buffer.alloc(0);
  private nextSeq = 0;
  /** Our requests waiting for a response, oldest first (every one waits the same time, so deadlines are in
   * insertion order and one timer, armed for the oldest, serves them all). */
  private readonly pending = new Map<number, { resolve: (f: Frame | null) => void; deadline: number }>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = 0;
  private closed = false;
  /** Writes made in one tick are corked and go out together (one system call) when the tick ends. */
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.session.socket.uncork();
  };

  constructor(readonly session: Session, private readonly opts: ChannelOptions, private readonly handlers: ChannelHandlers) {
    const socket = session.socket;
    // Replace the package's reader: it drops the bytes after parsing, and stops reading for good after one bad PDU.
    socket.removeAllListeners('readable');
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.resume();
    socket.setNoDelay(true);
    // Without a listener an 'error' would be thrown by the emitter and end the process.
    session.on('error', () => this.destroy());
    socket.on('close', () => this.onClosed());
  }

  get isOpen(): boolean {
    return !this.closed && this.session.socket.writable;
  }

  private onData(chunk: Buffer): void {
    this.acc = this.acc.length === 0 ? chunk : Buffer.concat([this.acc, chunk]);
    let off = 0;
    while (!this.closed && this.acc.length - off >= 4) {
      const len = this.acc.readUInt32BE(off);
      if (len < HEADER || len > this.opts.maxPduBytes) {
        // The stream cannot be re-synchronised after a wrong command_length: answer and close (SMPP 3.4 §2.7.1).
        const seq = this.acc.length - off >= HEADER ? this.acc.readUInt32BE(off + 12) : 0;
        this.writeRaw(headerOnly(CMD.generic_nack, STATUS.RINVCMDLEN, seq));
        this.handlers.onBadFrame(`command_length ${len}`);
        this.close();
        return;
      }
      if (this.acc.length - off < len) break;
      const raw = Buffer.from(this.acc.subarray(off, off + len));
      off += len;
      const frame: Frame = { raw, commandId: raw.readUInt32BE(4), status: raw.readUInt32BE(8), seq: raw.readUInt32BE(12) };
      if ((frame.commandId & RESPONSE_BIT) !== 0) {
        const p = this.pending.get(frame.seq);
        if (p) {
          this.pending.delete(frame.seq);
          p.resolve(frame);
          continue;
        }
      }
      this.handlers.onFrame(frame);
    }
    this.acc = off === this.acc.length ? Buffer.alloc(0) : this.acc.subarray(off);
  }

  private onClosed(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const [seq, p] of this.pending) {
      this.pending.delete(seq);
      p.resolve(null);
    }
    this.handlers.onClose();
  }

  private takeSeq(): number {
    this.nextSeq = this.nextSeq >= 0x7fffffff ? 1 : this.nextSeq + 1;
    return this.nextSeq;
  }

  /** Sends a request given as bytes; resolves with the response frame, or null when the channel closed or the
   * response did not come in time. Takes `raw` over: its sequence number is overwritten with ours in place (a
   * Frame's `raw` is already a copy of its own, so a forwarded PDU is not copied again). */
  requestRaw(raw: Buffer): Promise<Frame | null> {
    if (!this.isOpen) return Promise.resolve(null);
    const seq = this.takeSeq();
    raw.writeUInt32BE(seq, 12);
    const reply = this.await(seq);
    this.writeRaw(raw);
    return reply;
  }

  /** Sends a request built with the package. */
  request(command: string, fields: Record<string, unknown> = {}): Promise<Frame | null> {
    if (!this.isOpen) return Promise.resolve(null);
    const seq = this.takeSeq();
    const reply = this.await(seq);
    this.writeRaw(new smpp.PDU(command, { ...fields, sequence_number: seq }).toBuffer());
    return reply;
  }

  private await(seq: number): Promise<Frame | null> {
    return new Promise((resolve) => {
      const deadline = performance.now() + this.opts.responseTimeoutMs;
      this.pending.set(seq, { resolve, deadline });
      if (!this.timer) this.arm(deadline);
    });
  }

  /** Runs the expiry at `deadline` (the oldest pending request's). */
  private arm(deadline: number): void {
    this.timerAt = deadline;
    this.timer = setTimeout(() => this.expire(), Math.max(0, Math.ceil(deadline - performance.now())));
    this.timer.unref();
  }

  /** Resolves every request whose time is up with null; re-arms for the oldest one left. */
  private expire(): void {
    this.timer = null;
    const now = performance.now();
    for (const [seq, p] of this.pending) {
      if (p.deadline > now) return this.arm(p.deadline);
      this.pending.delete(seq);
      p.resolve(null);
    }
  }

  /** Answers a request: `<command>_resp` with the status (fields only on success), or generic_nack for a command
   * the package does not know. */
  respond(request: Frame, status: number, fields: Record<string, unknown> = {}): void {
    const respId = (request.commandId | RESPONSE_BIT) >>> 0;
    if (status !== STATUS.ROK || Object.keys(fields).length === 0) {
      const known = KNOWN_REQUESTS.has(request.commandId);
      // submit_sm_resp and deliver_sm_resp carry no body on error (§4.4.2); data_sm_resp's message_id is mandatory.
      const body = known && (status === STATUS.ROK || request.commandId === CMD.data_sm) ? emptyBody(request.commandId) : undefined;
      this.writeRaw(headerOnly(known ? respId : CMD.generic_nack, status, request.seq, body));
      return;
    }
    const name = COMMAND_NAMES.get(request.commandId);
    if (!name) return this.writeRaw(headerOnly(CMD.generic_nack, STATUS.RINVCMDID, request.seq));
    // The common answer (a submit_sm_resp / deliver_sm_resp with only a message_id) is built here, byte for byte
    // what the package would encode (message_id as an ASCII C-octet string), without a PDU object per message.
    const messageId = fields.message_id;
    if (typeof messageId === 'string' && (request.commandId === CMD.submit_sm || request.commandId === CMD.deliver_sm || request.commandId === CMD.data_sm) && onlyKey(fields, 'message_id')) {
      return this.writeRaw(withCString(respId, request.seq, messageId));
    }
    this.writeRaw(new smpp.PDU(`${name}_resp`, { ...fields, sequence_number: request.seq, command_status: 0 }).toBuffer());
  }

  writeRaw(buf: Buffer): void {
    if (this.session.socket.writable) this.write(buf);
  }

  private write(buf: Buffer): void {
    const socket = this.session.socket;
    if (!this.corked) {
      this.corked = true;
      socket.cork();
      process.nextTick(this.uncork);
    }
    socket.write(buf);
  }

  /** Ends the socket after what was written is flushed. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session.socket.end();
    const t = setTimeout(() => this.session.socket.destroy(), 1000);
    t.unref();
  }

  destroy(): void {
    this.closed = true;
    this.session.socket.destroy();
  }
}

const COMMAND_NAMES = new Map<number, string>([
  [0x00000001, 'bind_receiver'], [0x00000002, 'bind_transmitter'], [0x00000003, 'query_sm'], [0x00000004, 'submit_sm'],
  [0x00000005, 'deliver_sm'], [0x00000006, 'unbind'], [0x00000007, 'replace_sm'], [0x00000008, 'cancel_sm'],
  [0x00000009, 'bind_transceiver'], [0x00000015, 'enquire_link'], [0x00000021, 'submit_multi'], [0x00000103, 'data_sm'],
]);
const KNOWN_REQUESTS = new Set(COMMAND_NAMES.keys());

/** The body of a successful response that carries only a C-octet string (message_id, system_id): empty. */
function emptyBody(commandId: number): Buffer | undefined {
  return commandId === CMD.submit_sm || commandId === CMD.deliver_sm || commandId === CMD.data_sm ? Buffer.from([0]) : undefined;
}

function onlyKey(o: Record<string, unknown>, key: string): boolean {
  for (const k in o) if (k !== key) return false;
  return true;
}

/** A response whose body is one C-octet string (ASCII, as the package writes it). */
export function withCString(commandId: number, seq: number, value: string): Buffer {
  const n = Buffer.byteLength(value, 'ascii');
  const b = Buffer.allocUnsafe(HEADER + n + 1);
  b.writeUInt32BE(HEADER + n + 1, 0);
  b.writeUInt32BE(commandId >>> 0, 4);
  b.writeUInt32BE(0, 8);
  b.writeUInt32BE(seq >>> 0, 12);
  b.write(value, HEADER, 'ascii');
  b[HEADER + n] = 0;
  return b;
}

/** A PDU with only a header (plus an optional body), e.g. generic_nack or an error response. */
export function headerOnly(commandId: number, status: number, seq: number, body?: Buffer): Buffer {
  const len = HEADER + (body?.length ?? 0);
  const b = Buffer.alloc(len);
  b.writeUInt32BE(len, 0);
  b.writeUInt32BE(commandId >>> 0, 4);
  b.writeUInt32BE(status >>> 0, 8);
  b.writeUInt32BE(seq >>> 0, 12);
  body?.copy(b, HEADER);
  return b;
}
