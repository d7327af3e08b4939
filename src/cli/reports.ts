// `mamoru reports import FILE`: bulk reports from police, carriers and security vendors, as JSONL
// ({"body","sender","reporter","receivedAt"} per line) or CSV with a header row naming those columns. Lines are
// validated one by one (a bad line is reported on stderr with its number and skipped), then stored in batches
// of 500, each acknowledged only after its transaction commits.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { AppError, type Config, type Logger } from '../core/index.js';
import type { ReportInput } from '../reports/index.js';
import { compose } from '../server/index.js';
import { progress } from './progress.js';

const BATCH = 500;
const FIELDS = ['body', 'sender', 'reporter', 'receivedAt'] as const;

/** Splits one CSV line (RFC 4180 quoting; a quoted field may not span lines here). */
export function splitCsv(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function toInput(raw: unknown): ReportInput {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new AppError('VALIDATION_FAILED', 'a report is a JSON object');
  const o = raw as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => !(FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) throw new AppError('VALIDATION_FAILED', `unknown field(s): ${unknown.join(', ')}`);
  if (typeof o.body !== 'string' || o.body.trim() === '') throw new AppError('VALIDATION_FAILED', 'body is missing or empty');
  const str = (k: string): string | null => (typeof o[k] === 'string' && o[k] !== '' ? (o[k]) : null);
  return { body: o.body, sender: str('sender'), reporter: str('reporter'), receivedAt: typeof o.receivedAt === 'number' ? o.receivedAt : str('receivedAt') };
}

export async function importReports(config: Readonly<Config>, logger: Logger, file: string, member: string): Promise<{ stored: number; failed: number }> {
  const services = await compose(config, logger);
  try {
    const m = await services.access.memberByName(member);
    const format = file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
    const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    const bar = progress('import', null);
    let header: string[] | null = null;
    let lineNo = 0;
    let stored = 0;
    let failed = 0;
    let batch: ReportInput[] = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      try {
        stored += (await services.reports.submit(batch, { memberId: m.id, channel: 'import' })).length;
      } catch (e) {
        failed += batch.length;
        process.stderr.write(`a batch of ${batch.length} ending at line ${lineNo} was refused: ${e instanceof Error ? e.message : String(e)}\n`);
      }
      bar.tick(batch.length);
      batch = [];
    };
    for await (const line of rl) {
      lineNo++;
      if (line.trim() === '') continue;
      try {
        let raw: unknown;
        if (format === 'csv') {
          const cells = splitCsv(line);
          if (!header) {
            header = cells.map((c) => c.trim());
            if (!header.includes('body')) throw new AppError('FILE_UNREADABLE', 'the CSV header must name a body column');
            continue;
          }
          raw = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']).filter(([, v]) => v !== ''));
        } else {
          try {
            raw = JSON.parse(line);
          } catch {
            throw new AppError('INVALID_JSON', 'not JSON');
          }
        }
        batch.push(toInput(raw));
      } catch (e) {
        if (e instanceof AppError && e.code === 'FILE_UNREADABLE') throw e;
        failed++;
        process.stderr.write(`line ${lineNo}: ${e instanceof Error ? e.message : String(e)}\n`);
      }
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    bar.done();
    await services.audit.record({ actor: 'cli', action: 'reports.import', target: file, purpose: 'bulk report intake', details: { member, stored, failed } });
    return { stored, failed };
  } finally {
    await services.close();
  }
}

export function reportsCommands(program: Command, load: (opts: { config?: string; data?: string }) => Readonly<Config>, run: (fn: () => Promise<void>) => Promise<void>, logger: (config: Readonly<Config>) => Logger): void {
  const reports = program.command('reports').description('the report hub: reported scam SMS');
  reports
    .command('import')
    .description('import reports from a JSONL or CSV file (columns body, sender, reporter, receivedAt), with a progress bar')
    .argument('<file>', '.jsonl or .csv')
    .requiredOption('--member <name>', 'the member the reports come from (police, carrier, vendor)')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file')
    .action((file: string, opts: { member: string; data?: string; config?: string }) =>
      run(async () => {
        const config = load(opts);
        const { stored, failed } = await importReports(config, logger(config), file, opts.member);
        process.stdout.write(`${JSON.stringify({ stored, failed })}\n`);
        if (failed > 0) process.exitCode = 1;
      }),
    );
}
