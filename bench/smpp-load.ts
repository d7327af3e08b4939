// A lean SMPP 3.4 load generator for the firewall benchmark: an ESME and an SMSC on plain sockets that build their
// PDUs by hand and read only the header of what they receive, so the load they put on the machine is small next
// to the proxy's (the `smpp` package's own client and server cost about as much CPU per message as the proxy, and
// on a two-core machine they would measure the package, not the proxy). The firewall's tests use the package's
// client and server; this file is only for load.
import { once } from 'node:events';
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

const HEADER = 16;
export const SUBMIT_SM = 0x00000004;
export const DELIVER_SM = 0x00000005;
const BIND_TRANSCEIVER = 0x00000009;
const ENQUIRE_LINK = 0x00000015;
const UNBIND = 0x00000006;
const RESP = 0x80000000;

/** Calls `onPdu` with every whole PDU in the byte stream (a view into the received bytes: copy to keep). */
function framer(socket: Socket, onPdu: (pdu: Buffer) => void): void {
  let acc: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    acc = acc.length === 0 ? chunk : Buffer.concat([acc, chunk]);
    let off = 0;
    while (acc.length - off >= HEADER) {
      const len = acc.readUInt32BE(off);
      if (len < HEADER || len > 65_536) {
        socket.destroy(new Error(`unframeable PDU (command_length ${len})`));
        return;
      }
      if (acc.length - off < len) break;
      onPdu(acc.subarray(off, off + len));
      off += len;
    }
    acc = off === acc.length ? Buffer.alloc(0) : acc.subarray(off);
  });
}

/** A PDU from its header fields and body parts (strings become C-octet strings, numbers one octet). */
export function pdu(commandId: number, status: number, seq: number, body: Array<string | number | Buffer>): Buffer {
  const parts = body.map((p) => (typeof p === 'string' ? Buffer.from(`${p}\0`, 'latin1') : typeof p === 'number' ? Buffer.from([p]) : p));
  const len = HEADER + parts.reduce((n, p) => n + p.length, 0);
  const head = Buffer.alloc(HEADER);
  head.writeUInt32BE(len, 0);
  head.writeUInt32BE(commandId >>> 0, 4);
  head.writeUInt32BE(status >>> 0, 8);
  head.writeUInt32BE(seq >>> 0, 12);
  return Buffer.concat([head, ...parts]);
}

function tlv(tag: number, value: Buffer): Buffer {
  const b = Buffer.alloc(4 + value.length);
  b.writeUInt16BE(tag, 0);
  b.writeUInt16BE(value.length, 2);
  value.copy(b, 4);
  return b;
}

/** A submit_sm in UCS-2 (data_coding 8), as Japanese traffic is sent; sequence number 0 (set when sent). */
export function submitSm(from: string, to: string, text: string, registeredDelivery: number): Buffer {
  const ucs2 = Buffer.from(text, 'utf16le').swap16();
  const long = ucs2.length > 140;
  return pdu(SUBMIT_SM, 0, 0, [
    '', 1, 1, from, 1, 1, to, 0, 0, 0, '', '', registeredDelivery, 0, 8, 0,
    long ? 0 : ucs2.length, long ? Buffer.alloc(0) : ucs2, long ? tlv(0x0424, ucs2) : Buffer.alloc(0),
  ]);
}

function withSeq(template: Buffer, seq: number): Buffer {
  const b = Buffer.allocUnsafe(template.length);
  template.copy(b);
  b.writeUInt32BE(seq, 12);
  return b;
}

/** registered_delivery of a submit_sm (after service_type, source and destination addresses, 7 octets). */
function registeredDelivery(p: Buffer): number {
  let off = HEADER;
  for (let cstrings = 0; cstrings < 5; cstrings++) {
    while (p[off] !== 0) off++;
    off++;
    if (cstrings === 0) off += 2; // source_addr_ton, _npi
    if (cstrings === 1) off += 2; // dest_addr_ton, _npi
    if (cstrings === 2) off += 3; // esm_class, protocol_id, priority_flag
  }
  return p[off] ?? 0;
}

export interface LeanSmsc {
  port: number;
  /** Bind system_ids, in order. */
  binds: string[];
  submits: number;
  receiptsSent: number;
  receiptsAnswered: number;
  close(): Promise<void>;
}

/**
 * An SMSC that accepts every bind_transceiver, answers every submit_sm with a message id and, when the submit asked
 * for a receipt (registered_delivery bit 0), sends a delivery receipt (deliver_sm, esm_class 0x04, with
 * receipted_message_id) back on the same session in the same tick.
 */
export async function startLeanSmsc(): Promise<LeanSmsc> {
  const sockets = new Set<Socket>();
  let ids = 0;
  const state: LeanSmsc = { port: 0, binds: [], submits: 0, receiptsSent: 0, receiptsAnswered: 0, close: async () => undefined };
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    let seq = 0;
    framer(socket, (p) => {
      const id = p.readUInt32BE(4);
      const s = p.readUInt32BE(12);
      if (id === BIND_TRANSCEIVER) {
        const nul = p.indexOf(0, HEADER);
        state.binds.push(p.toString('latin1', HEADER, nul));
        socket.write(pdu(BIND_TRANSCEIVER | RESP, 0, s, ['bench-smsc']));
      } else if (id === ENQUIRE_LINK || id === UNBIND) {
        socket.write(pdu((id | RESP) >>> 0, 0, s, []));
      } else if (id === SUBMIT_SM) {
        state.submits++;
        const messageId = `m${(++ids).toString(16)}`;
        socket.write(pdu((SUBMIT_SM | RESP) >>> 0, 0, s, [messageId]));
        if ((registeredDelivery(p) & 1) !== 0) {
          state.receiptsSent++;
          seq = seq >= 0x7fffffff ? 1 : seq + 1;
          const text = `id:${messageId} sub:001 dlvrd:001 submit date:2612071000 done date:2612071000 stat:DELIVRD err:000 text:`;
          socket.write(pdu(DELIVER_SM, 0, seq, ['', 1, 1, '09000000000', 1, 1, '0312345678', 0x04, 0, 0, '', '', 0, 0, 0, 0, text.length, Buffer.from(text, 'latin1'), tlv(0x001e, Buffer.from(`${messageId}\0`, 'latin1'))]));
        }
      } else if (id === ((DELIVER_SM | RESP) >>> 0)) {
        state.receiptsAnswered++;
      } else if ((id & RESP) === 0) {
        socket.write(pdu(0x80000000, 0x03, s, []));
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  state.port = (server.address() as AddressInfo).port;
  state.close = async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

export interface RunResult {
  sent: number;
  answered: number;
  /** Answered per second over the run (from the first send to the last answer). */
  perSecond: number;
  /** Round trip of each answered submit, µs (paced runs: from the time it was due, so a late send counts). */
  rttUs: Float64Array;
  statuses: Map<number, number>;
  receipts: number;
  /** Submits not answered within the run's time limit. */
  unanswered: number;
}

/** An ESME bound as a transceiver; answers every deliver_sm (receipts) at once. */
export class LeanEsme {
  private seq = 0;
  private readonly due = new Map<number, number>();
  private onAnswer: ((status: number, dueAt: number) => void) | null = null;
  private bindAnswer: ((status: number) => void) | null = null;
  receipts = 0;

  private constructor(private readonly socket: Socket) {
    framer(socket, (p) => {
      const id = p.readUInt32BE(4);
      const status = p.readUInt32BE(8);
      const s = p.readUInt32BE(12);
      if (id === ((SUBMIT_SM | RESP) >>> 0) || id === 0x80000000) {
        const at = this.due.get(s);
        if (at === undefined) return;
        this.due.delete(s);
        this.onAnswer?.(status, at);
      } else if (id === DELIVER_SM) {
        this.receipts++;
        socket.write(pdu((DELIVER_SM | RESP) >>> 0, 0, s, ['']));
      } else if (id === ((BIND_TRANSCEIVER | RESP) >>> 0)) {
        this.bindAnswer?.(status);
      } else if (id === ENQUIRE_LINK) {
        socket.write(pdu((ENQUIRE_LINK | RESP) >>> 0, 0, s, []));
      }
    });
  }

  static async bind(port: number, systemId: string, password: string): Promise<LeanEsme> {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setNoDelay(true);
    await once(socket, 'connect');
    socket.on('error', () => undefined);
    const esme = new LeanEsme(socket);
    const status = await new Promise<number>((resolve) => {
      esme.bindAnswer = resolve;
      socket.write(pdu(BIND_TRANSCEIVER, 0, esme.nextSeq(), [systemId, password, '', 0x34, 0, 0, '']));
    });
    if (status !== 0) throw new Error(`bind_transceiver refused with status 0x${status.toString(16)}`);
    return esme;
  }

  private nextSeq(): number {
    this.seq = this.seq >= 0x7fffffff ? 1 : this.seq + 1;
    return this.seq;
  }

  private send(template: Buffer, dueAt: number): void {
    const s = this.nextSeq();
    this.due.set(s, dueAt);
    this.socket.write(withSeq(template, s));
  }

  /** Closed loop: `count` submits with `window` outstanding at all times; the most this path can carry. */
  async saturate(templates: Buffer[], count: number, window: number, limitMs: number): Promise<RunResult> {
    return this.run(templates, count, limitMs, (sendOne) => {
      for (let k = 0; k < window; k++) sendOne();
      return { onAnswered: sendOne, stop: () => undefined };
    });
  }

  /** Open loop: submits at a fixed `rate` per second, whatever comes back, for `count` submits. Each round trip is
   * timed from when the submit was due, so a generator that falls behind shows up as latency, not as less load. */
  async paced(templates: Buffer[], count: number, rate: number, limitMs: number): Promise<RunResult> {
    return this.run(templates, count, limitMs, (sendOne, started) => {
      let sent = 0;
      let timer: NodeJS.Timeout | null = null;
      const tick = (): void => {
        const dueNow = Math.min(count, Math.floor(((performance.now() - started) * rate) / 1000) + 1);
        while (sent < dueNow) sendOne(started + (sent++ * 1000) / rate);
        timer = sent < count ? setTimeout(tick, 1) : null;
      };
      tick();
      return { onAnswered: () => undefined, stop: () => timer && clearTimeout(timer) };
    });
  }

  private async run(
    templates: Buffer[], count: number, limitMs: number,
    drive: (sendOne: (dueAt?: number) => void, started: number) => { onAnswered: () => void; stop: () => void },
  ): Promise<RunResult> {
    const rtt = new Float64Array(count);
    const statuses = new Map<number, number>();
    const receiptsBefore = this.receipts;
    let sent = 0;
    let answered = 0;
    let last = 0;
    const started = performance.now();
    const result = await new Promise<RunResult>((resolve) => {
      const finish = (): void => {
        driver.stop();
        clearTimeout(limit);
        this.onAnswer = null;
        this.due.clear();
        const span = Math.max(1, last - started);
        resolve({ sent, answered, perSecond: Math.round((answered * 1000) / span), rttUs: rtt.subarray(0, answered), statuses, receipts: this.receipts - receiptsBefore, unanswered: sent - answered });
      };
      const limit = setTimeout(finish, limitMs);
      const sendOne = (dueAt?: number): void => {
        if (sent >= count) return;
        const t = templates[sent % templates.length]!;
        sent++;
        this.send(t, dueAt ?? performance.now());
      };
      this.onAnswer = (status, dueAt) => {
        last = performance.now();
        rtt[answered++] = (last - dueAt) * 1000;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (answered === count) return finish();
        driver.onAnswered();
      };
      const driver = drive(sendOne, started);
    });
    // Receipts follow their submit's answer on the upstream side: give the last ones a moment to arrive.
    await new Promise((r) => setTimeout(r, 50));
    result.receipts = this.receipts - receiptsBefore;
    return result;
  }

  close(): void {
    this.socket.destroy();
  }
}
