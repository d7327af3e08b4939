// Writes the decision log from a thread of its own (decision-log-thread.ts) with its own connection to the store:
// the proxy's thread only posts batches. On SQLite a commit is an fsync that would otherwise stop every message in
// flight for milliseconds, many times a second at carrier rates; on PostgreSQL the thread takes the query building
// off the event loop. The thread starts with the first write or purge; if it dies, the calls waiting on it fail
// (the rows stay with the caller) and a call after a back-off (1 s, doubling to 30 s while threads keep failing)
// starts a new one.
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { Logger, OpenStorageOptions } from '../../core/index.js';
import { decisionTuple, type DecisionRecord, type DecisionWriter } from './decision-store.js';

export type ThreadRequest =
  /** Rows as decisionTuple value arrays. */
  | { id: number; op: 'write'; rows: unknown[][] }
  | { id: number; op: 'purge'; before: number }
  | { id: number; op: 'close' };
export type ThreadReply = { id: number; ok: true; n: number } | { id: number; ok: false; error: string };

const ENTRY = new URL('./decision-log-thread.mjs', import.meta.url);

const MIN_RETRY_MS = 1000;
const MAX_RETRY_MS = 30_000;

export class ThreadDecisionWriter implements DecisionWriter {
  private worker: Worker | null = null;
  private nextId = 0;
  private closed = false;
  /** After a thread failed: no new one before this time (performance.now()), and the wait before the next. */
  private retryAt = 0;
  private retryMs = 0;
  private readonly waiting = new Map<number, { resolve: (n: number) => void; reject: (e: Error) => void }>();

  constructor(private readonly store: OpenStorageOptions, private readonly logger: Logger) {}

  write(rows: DecisionRecord[]): Promise<void> {
    return this.call({ op: 'write', rows: rows.map(decisionTuple) }).then(() => undefined);
  }

  purge(before: number): Promise<number> {
    return this.call({ op: 'purge', before });
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    if (!w) return;
    try {
      await this.call({ op: 'close' });
    } finally {
      await w.terminate();
    }
  }

  private call(req: { op: 'write'; rows: unknown[][] } | { op: 'purge'; before: number } | { op: 'close' }): Promise<number> {
    if (this.closed && req.op !== 'close') return Promise.reject(new Error('the decision log writer is closed'));
    if (!this.worker && performance.now() < this.retryAt) return Promise.reject(new Error('the decision log thread failed; retried shortly'));
    const w = this.thread();
    const id = ++this.nextId;
    return new Promise<number>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      w.ref(); // while a call waits, the thread keeps the process alive
      w.postMessage({ ...req, id });
    });
  }

  private thread(): Worker {
    if (this.worker) return this.worker;
    // Log rows wait up to flushEveryMs in memory before they are written, so a commit that survives a crash but not a
    // power loss loses nothing a crash would not: no flush to disk per batch.
    const w = new Worker(ENTRY, { workerData: { ...this.store, relaxedDurability: true } satisfies OpenStorageOptions, name: 'mamoru-decision-log' });
    w.unref();
    w.on('message', (m: ThreadReply) => {
      const p = this.waiting.get(m.id);
      if (!p) return;
      this.waiting.delete(m.id);
      if (this.waiting.size === 0) w.unref();
      if (m.ok) {
        this.retryMs = 0;
        p.resolve(m.n);
      }
      else p.reject(new Error(m.error));
    });
    w.on('error', (e) => {
      this.retryMs = Math.min(MAX_RETRY_MS, Math.max(MIN_RETRY_MS, this.retryMs * 2));
      this.retryAt = performance.now() + this.retryMs;
      this.logger.error({ err: e, retryInMs: this.retryMs }, 'firewall: the decision log thread failed');
    });
    w.on('exit', () => {
      if (this.worker === w) this.worker = null;
      for (const [id, p] of this.waiting) {
        this.waiting.delete(id);
        p.reject(new Error('the decision log thread stopped'));
      }
    });
    this.worker = w;
    return w;
  }
}
