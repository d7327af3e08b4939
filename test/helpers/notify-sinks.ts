// Real local sinks for the notice channels (an SMTP server and an SMS-gateway webhook on 127.0.0.1, port 0), a
// tiny MIME decoder for what the SMTP sink receives, and a DeviceCase builder.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { CaseEvidence, DeviceCase } from '../../src/devices/index.js';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  headers: Record<string, string>;
  subject: string;
  text: string;
}

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and ?Q?); whitespace between adjacent words is dropped. */
function decodeWords(value: string): string {
  return value
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_m, _cs: string, enc: string, data: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
    );
}

export function parseMail(raw: string): { headers: Record<string, string>; subject: string; text: string } {
  const split = raw.indexOf('\r\n\r\n');
  const head = raw.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const body = raw.slice(split + 4);
  const cte = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
  const text = cte === 'base64'
    ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
    : cte === 'quoted-printable'
      ? Buffer.from(body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8')
      : body;
  return { headers, subject: decodeWords(headers.subject ?? ''), text: text.replace(/\r\n/g, '\n') };
}

export interface SmtpSink {
  port: number;
  messages: ReceivedMail[];
  close(): Promise<void>;
}

/** An SMTP server on 127.0.0.1 that keeps every message. Recipients starting with `bounce` are refused with 550. */
export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, cb) {
      if (address.address.startsWith('bounce')) {
        cb(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
        return;
      }
      cb();
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const env = session.envelope;
        messages.push({
          from: env.mailFrom ? env.mailFrom.address : '', to: env.rcptTo.map((r) => r.address), raw, ...parseMail(raw),
        });
        cb();
      });
    },
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.server.address() as AddressInfo).port;
  return { port, messages, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

export interface HttpSink {
  url: string;
  received: Array<{ to: string; from: string; text: string }>;
  /** Status the next requests get (default 200). */
  status: number;
  close(): Promise<void>;
}

/** The carrier SMS gateway's webhook: POST {to, from, text}. */
export async function startSmsSink(): Promise<HttpSink> {
  const sink: HttpSink = { url: '', received: [], status: 200, close: () => Promise.resolve() };
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += d.toString()));
    req.on('end', () => {
      if (sink.status === 200) sink.received.push(JSON.parse(body) as { to: string; from: string; text: string });
      res.writeHead(sink.status).end('{}');
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sms`;
  sink.close = () => new Promise<void>((ok) => server.close(() => ok()));
  return sink;
}

/** An open case with enough evidence to notify; override anything. */
export function deviceCase(lineKey: string, at: number, over: Partial<Omit<DeviceCase, 'evidence'>> & { evidence?: Partial<CaseEvidence> } = {}): DeviceCase {
  const { evidence, ...rest } = over;
  return {
    id: 'case-1', lineKey, family: 'moqhao', state: 'open', openedAt: at - 3_600_000, updatedAt: at, lastActivityAt: at - 60_000,
    closedAt: null, closeReason: null,
    ...rest,
    evidence: {
      firstAt: at - 7_200_000, lastAt: at - 60_000, messages: 240, flagged: 230, blocked: 200, warned: 30, flaggedTotal: 230,
      distinctRecipients: 220, baselinePerHour: 1, peakPerHour: 180, fingerprints: ['tf1:abc'], campaignIds: [], brands: ['ヤマト運輸'],
      score: 0.97, reasons: [{ code: 'burst', weight: 3, detail: 'many messages' }],
      ...evidence,
    },
  };
}
