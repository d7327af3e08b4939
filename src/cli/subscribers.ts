// `mamoru subscribers import FILE`: the subscriber directory from the carrier's customer system, as CSV (header
// `line,contract_id,name,email,postal_code,address,channel`, optionally `consent`) or JSONL (one object per line
// with the same keys). A bad line is named with its line number on stderr and skipped; good lines are stored in
// batches of 500, one transaction each. Importing again updates the lines it holds. An import may opt lines out
// (consent column) but never opts a line back in.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import { AppError, type Config, type Logger } from '../core/index.js';
import { parseSubscriberRow, SUBSCRIBER_FIELDS, type SubscriberInput } from '../subscribers/index.js';
import { compose } from '../server/index.js';
import { progress } from './progress.js';
import { splitCsv } from './reports.js';

const BATCH = 500;
const REQUIRED = ['line', 'contract_id', 'name'];

export interface SubscribersImportResult {
  created: number;
  updated: number;
  optedOut: number;
  failed: number;
}

export async function importSubscribers(config: Readonly<Config>, logger: Logger, file: string, actor: string): Promise<SubscribersImportResult> {
  const services = await compose(config, logger);
  try {
    const format = file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
    const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
    const bar = progress('import', null);
    const result: SubscribersImportResult = { created: 0, updated: 0, optedOut: 0, failed: 0 };
    let header: string[] | null = null;
    let lineNo = 0;
    let batch: Array<{ row: SubscriberInput; lineNo: number }> = [];
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      try {
        const r = await services.subscribers.import(batch.map((b) => b.row), actor);
        result.created += r.created;
        result.updated += r.updated;
      } catch (e) {
        result.failed += batch.length;
        process.stderr.write(`lines ${batch[0]!.lineNo}–${batch[batch.length - 1]!.lineNo} were not stored: ${e instanceof Error ? e.message : String(e)}\n`);
        bar.tick(batch.length);
        batch = [];
        return;
      }
      for (const b of batch) {
        if (b.row.consent === null) continue;
        try {
          if (await services.consent.applyImported(services.lineKeys.of(b.row.line).lineKey, b.row.consent, actor)) result.optedOut++;
        } catch (e) {
          result.failed++;
          process.stderr.write(`line ${b.lineNo}: stored, but its consent was not: ${e instanceof Error ? e.message : String(e)}\n`);
        }
      }
      bar.tick(batch.length);
      batch = [];
    };
    for await (const raw of rl) {
      lineNo++;
      // A byte-order mark (spreadsheet exports) is not part of the first column's name.
      const line = lineNo === 1 ? raw.replace(/^\uFEFF/, '') : raw;
      if (line.trim() === '') continue;
      try {
        let obj: unknown;
        if (format === 'csv') {
          const cells = splitCsv(line);
          if (!header) {
            header = cells.map((c) => c.trim().toLowerCase());
            const missing = REQUIRED.filter((f) => !header!.includes(f));
            const unknown = header.filter((h) => !(SUBSCRIBER_FIELDS as readonly string[]).includes(h));
            if (missing.length > 0 || unknown.length > 0) {
              throw new AppError('FILE_UNREADABLE', `the CSV header must be ${SUBSCRIBER_FIELDS.slice(0, 7).join(',')} (optionally consent)${missing.length ? `; missing ${missing.join(', ')}` : ''}${unknown.length ? `; unknown ${unknown.join(', ')}` : ''}`);
            }
            continue;
          }
          if (cells.length !== header.length) throw new AppError('VALIDATION_FAILED', `${cells.length} cells; the header has ${header.length}`);
          obj = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
        } else {
          try {
            obj = JSON.parse(line);
          } catch {
            throw new AppError('INVALID_JSON', 'not JSON');
          }
        }
        batch.push({ row: parseSubscriberRow(obj), lineNo });
      } catch (e) {
        if (e instanceof AppError && e.code === 'FILE_UNREADABLE') throw e;
        result.failed++;
        // The message names the field, never the value: no subscriber data on the terminal or in CI logs.
        process.stderr.write(`line ${lineNo}: ${e instanceof AppError ? `${e.code}: ` : ''}${e instanceof Error ? e.message : String(e)}\n`);
      }
      if (batch.length >= BATCH) await flush();
    }
    await flush();
    bar.done();
    return result;
  } finally {
    await services.close();
  }
}

export function subscribersCommands(program: Command, load: (opts: { config?: string; data?: string }) => Readonly<Config>, run: (fn: () => Promise<void>) => Promise<void>, logger: (config: Readonly<Config>) => Logger): void {
  const subscribers = program.command('subscribers').description('the subscriber directory for infected-handset notices');
  subscribers
    .command('import')
    .description('import or update subscribers from CSV (line,contract_id,name,email,postal_code,address,channel[,consent]) or JSONL')
    .argument('<file>', '.csv or .jsonl')
    .option('--actor <name>', 'who runs the import, for the audit log', 'cli')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file')
    .action((file: string, opts: { actor: string; data?: string; config?: string }) =>
      run(async () => {
        const config = load(opts);
        const result = await importSubscribers(config, logger(config), file, opts.actor);
        process.stdout.write(`${JSON.stringify(result)}\n`);
        if (result.failed > 0) process.exitCode = 1;
      }),
    );
}
