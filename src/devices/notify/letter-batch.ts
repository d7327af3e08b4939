// Letters: one row per notice appended to a daily CSV (`notices-YYYY-MM-DD.csv`, the date in Japan time) that the
// print shop collects. UTF-8 with a byte-order mark and CRLF records (RFC 4180), so spreadsheet software used at
// print shops opens it correctly. The files hold names and addresses: they are created readable by the owner only.
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Clock } from '../../core/index.js';
import type { NoticeChannel, NoticeContact, RenderedNotice } from './channel.js';
import { NoticeDeliveryError } from './delivery-error.js';

export const LETTER_COLUMNS = [
  'reference', 'notice_date', 'contract_id', 'postal_code', 'address', 'name', 'flagged', 'first_seen', 'last_seen', 'subject', 'body',
] as const;

export interface LetterBatchOptions {
  /** Directory of the daily files; created (mode 700) when missing. */
  dir: string;
  clock: Clock;
}

const JST_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });
const JST_TIME = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });

/** One CSV cell. A cell that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) is prefixed with ',
 * so a name or address crafted as a formula stays text at the print shop. */
export function csvCell(value: string | number): string {
  let s = String(value).replace(/\r?\n/g, '\r\n');
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export class LetterBatch implements NoticeChannel {
  readonly name = 'letter' as const;
  private readonly dir: string;
  private readonly clock: Clock;
  // Appends from this process go one at a time, so a new file's header is always written before its first row.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: LetterBatchOptions) {
    this.dir = opts.dir;
    this.clock = opts.clock;
  }

  /** The file a letter created at `at` goes to. */
  fileFor(at: number): string {
    return join(this.dir, `notices-${JST_DAY.format(at)}.csv`);
  }

  async send(notice: RenderedNotice, contact: NoticeContact): Promise<{ messageId?: string }> {
    if (contact.postalCode === null || contact.address === null) throw new NoticeDeliveryError('letter no-address', false);
    const now = this.clock.now();
    const file = this.fileFor(now);
    const row = [
      notice.reference, JST_DAY.format(now), contact.contractId, contact.postalCode, contact.address, contact.name,
      notice.facts.flagged, JST_TIME.format(notice.facts.firstAt), JST_TIME.format(notice.facts.lastAt), notice.subject, notice.text,
    ].map(csvCell).join(',') + '\r\n';
    const write = this.queue.then(async () => {
      await mkdir(this.dir, { recursive: true, mode: 0o700 });
      try {
        await writeFile(file, `\uFEFF${LETTER_COLUMNS.join(',')}\r\n`, { flag: 'wx', mode: 0o600 });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      // One append call per row: with O_APPEND the row lands whole even if another process appends too.
      await appendFile(file, row, { mode: 0o600 });
    });
    this.queue = write.catch(() => undefined);
    try {
      await write;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new NoticeDeliveryError(`letter ${typeof code === 'string' ? code : 'error'}`, true, { cause: e });
    }
    return { messageId: notice.reference };
  }
}
