// `mamoru classify`: one message from the command line (readable output), or a JSONL stream from a file or
// stdin (one JSON verdict per input line, in input order; a bad line yields { id, error } and the run goes on).
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { AppError } from '../core/index.js';
import { parseSmsInput, type Policy, type SmsInput, type SmsService } from '../sms/index.js';
import { formatVerdict } from './format.js';
import { progress } from './progress.js';

export interface ClassifyOptions {
  from?: string;
  route?: string;
  policy: Policy;
  file?: string;
  json?: boolean;
}

export function parsePolicy(value: string | undefined): Policy {
  if (value === undefined) return 'network';
  if (value === 'network' || value === 'client') return value;
  throw new AppError('INVALID_POLICY', `policy must be "network" or "client", not "${value}"`);
}

export function classifyOne(sms: SmsService, body: string, opts: ClassifyOptions, out: NodeJS.WritableStream): void {
  const input = parseSmsInput({ body, ...(opts.from ? { from: opts.from } : {}), ...(opts.route ? { route: opts.route } : {}) });
  const v = sms.classify(input, opts.policy);
  out.write(`${opts.json ? JSON.stringify(v) : formatVerdict(v)}\n`);
}

function lineError(id: string | null, e: unknown): string {
  const err = e instanceof AppError ? { code: e.code, message: e.message } : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
  return JSON.stringify({ id, error: err });
}

/** Streams JSONL through the engine; returns counts. Never throws for a bad line. */
export async function classifyStream(
  sms: SmsService,
  policy: Policy,
  input: NodeJS.ReadableStream,
  out: NodeJS.WritableStream,
): Promise<{ ok: number; failed: number }> {
  const bar = progress('classify', null);
  const rl = createInterface({ input, crlfDelay: Infinity });
  let ok = 0;
  let failed = 0;
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (line.trim() === '') continue;
    let id: string | null = null;
    let text: string;
    try {
      let raw: unknown;
      try {
        raw = JSON.parse(line);
      } catch (e) {
        throw new AppError('INVALID_JSON', `line ${lineNo}: ${(e as Error).message}`);
      }
      if (raw && typeof raw === 'object' && typeof (raw as { id?: unknown }).id === 'string') id = (raw as { id: string }).id;
      const msg: SmsInput = parseSmsInput(raw);
      text = JSON.stringify(sms.classify(msg, policy));
      ok++;
    } catch (e) {
      text = lineError(id, e);
      failed++;
    }
    if (!out.write(`${text}\n`)) await new Promise((r) => out.once('drain', r));
    bar.tick();
  }
  bar.done();
  return { ok, failed };
}

export function openInput(file: string | undefined): NodeJS.ReadableStream {
  if (!file || file === '-') return process.stdin;
  const s = createReadStream(file, { encoding: 'utf8' });
  return s;
}
