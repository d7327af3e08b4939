// `mamoru senders import FILE` and `mamoru senders export`: the sender registry in bulk, as CSV (header
// `sender,owner,brand_id,vetting,official_domains` — domains separated by spaces — the columns `sender_type` and
// `updated_at` of an export are accepted and ignored) or JSONL (`{"sender","owner","brandId","vetting",
// "officialDomains"}`). The command runs as the operator (it may vet). A bad line is named on stderr and skipped;
// the good ones are stored in batches of 500. Every import is audited.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Option, type Command } from 'commander';
import { AppError, type Config, type Logger } from '../core/index.js';
import { senderCsvLine, SENDERS_CSV_HEADER, type SenderInput } from '../sms/index.js';
import { compose } from '../server/index.js';
import { splitCsv } from './reports.js';

const BATCH = 500;

function rowOf(format: 'csv' | 'jsonl', raw: string, header: string[] | null): SenderInput {
  if (format === 'jsonl') {
    const o = JSON.parse(raw) as Record<string, unknown>;
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error('not a JSON object');
    return o as unknown as SenderInput;
  }
  const cells = splitCsv(raw);
  const get = (k: string) => {
    const i = header!.indexOf(k);
    return i < 0 ? '' : (cells[i] ?? '').trim();
  };
  const vetting = get('vetting');
  return {
    sender: get('sender'), owner: get('owner'), brandId: get('brand_id') || null,
    ...(vetting ? { vetting: vetting as SenderInput['vetting'] } : {}),
    officialDomains: get('official_domains').split(/\s+/).filter((d) => d !== ''),
  };
}

export function sendersCommands(program: Command, load: (opts: { config?: string; data?: string }) => Readonly<Config>, run: (fn: () => Promise<void>) => Promise<void>, logger: (config: Readonly<Config>) => Logger): void {
  const senders = program.command('senders').description('the sender registry: 0005 common numbers and registered sender ids');
  senders
    .command('import')
    .argument('<file>', 'CSV (header sender,owner,brand_id,vetting,official_domains) or JSONL')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file')
    .action((file: string, opts: { data?: string; config?: string }) =>
      run(async () => {
        const config = load(opts);
        const services = await compose(config, logger(config));
        try {
          const format = file.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl';
          const rl = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
          let header: string[] | null = null;
          let lineNo = 0;
          let stored = 0;
          let failed = 0;
          let batch: Array<{ row: SenderInput; lineNo: number }> = [];
          const flush = async () => {
            if (batch.length === 0) return;
            try {
              stored += (await services.smsModule.sendersService.upsert(batch.map((b) => b.row), true)).length;
            } catch (e) {
              // One bad row refuses its batch: store the rows one by one to name the bad ones.
              for (const b of batch) {
                try {
                  stored += (await services.smsModule.sendersService.upsert([b.row], true)).length;
                } catch (err) {
                  failed++;
                  process.stderr.write(`line ${b.lineNo}: ${err instanceof Error ? err.message : String(err)}\n`);
                }
              }
              if (!(e instanceof AppError)) throw e;
            }
            batch = [];
          };
          for await (const raw of rl) {
            lineNo++;
            if (raw.trim() === '') continue;
            if (format === 'csv' && header === null) {
              header = splitCsv(raw).map((h) => h.trim().toLowerCase());
              if (!header.includes('sender') || !header.includes('owner')) throw new AppError('VALIDATION_FAILED', 'the CSV header needs at least sender and owner');
              continue;
            }
            try {
              batch.push({ row: rowOf(format, raw, header), lineNo });
            } catch (e) {
              failed++;
              process.stderr.write(`line ${lineNo}: ${e instanceof Error ? e.message : String(e)}\n`);
            }
            if (batch.length >= BATCH) await flush();
          }
          await flush();
          await services.audit.record({ actor: 'cli', action: 'senders.import', target: `senders:${stored}`, purpose: 'sender registry import', details: { file, stored, failed } });
          process.stdout.write(`${JSON.stringify({ stored, failed })}\n`);
          if (failed > 0) process.exitCode = 1;
        } finally {
          await services.close();
        }
      }),
    );
  senders
    .command('export')
    .addOption(new Option('--format <format>', 'output format').choices(['csv', 'jsonl']).default('csv'))
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file')
    .action((opts: { format: 'csv' | 'jsonl'; data?: string; config?: string }) =>
      run(async () => {
        const config = load(opts);
        const services = await compose(config, logger(config));
        try {
          const rows = services.smsModule.sendersService.list();
          if (opts.format === 'csv') process.stdout.write(`${[SENDERS_CSV_HEADER, ...rows.map(senderCsvLine)].join('\n')}\n`);
          else for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
        } finally {
          await services.close();
        }
      }),
    );
}
