// The stats worker: consumes sms.verdict.v1 in its own consumer group ("stats"), counts each event into the
// roll-up buffer, and every second writes the counts, the merged sketches and its stream positions in one
// transaction, then acknowledges. An event redelivered after a crash is recognised by its position and not
// counted twice. One stats worker per partition: two processes counting the same partition would double it.
import { Counter, type Registry } from 'prom-client';
import { partitionOf, type Clock, type Database, type Envelope, type EventBus, type Logger, type Subscription } from '../core/index.js';
import type { Kysely } from 'kysely';
import { invalidReason, RollupBuffer } from './rollup.js';
import { StatsStore } from './stats.store.js';
import { DAY } from './time.js';

export interface StatsWorkerOptions {
  db: Kysely<Database>;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  metrics?: Registry;
  partitions: readonly number[];
  partitionCount: number;
  flushEveryMs?: number;
  /** How long minute rows are kept (the live counter needs one hour). Default 48 h. */
  minuteRetentionMs?: number;
  /** How long hour and day rows and sketches are kept. Default 400 days. */
  retentionMs?: number;
  consumer?: string;
}

const PURGE_EVERY = 10 * 60_000;

export class StatsWorker {
  private readonly store: StatsStore;
  private readonly buffer = new RollupBuffer();
  private readonly consumer: string;
  private readonly cursors = new Map<number, number>();
  private readonly lastEnv = new Map<number, Envelope<'sms.verdict.v1'>>();
  private readonly events: Counter<'outcome'>;
  private sub: Subscription | null = null;
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> = Promise.resolve();
  private lastPurge = 0;

  constructor(private readonly o: StatsWorkerOptions) {
    this.store = new StatsStore(o.db);
    this.consumer = o.consumer ?? 'stats';
    this.events = new Counter({
      name: 'mamoru_stats_events_total', help: 'Verdict events seen by the stats worker, by outcome (counted, replayed, or the reason it was refused)',
      labelNames: ['outcome'], registers: o.metrics ? [o.metrics] : [],
    });
  }

  async start(): Promise<void> {
    const rows = await this.o.db.selectFrom('stream_cursors').select(['partition', 'seq']).where('consumer', '=', this.consumer).where('partition', 'in', [...this.o.partitions]).execute();
    for (const r of rows) this.cursors.set(Number(r.partition), Number(r.seq));
    this.sub = await this.o.bus.subscribe('sms.verdict.v1', (env) => this.handle(env), {
      group: this.consumer, partitions: this.o.partitions, ack: 'manual', resumeAfter: (p) => this.cursors.get(p),
    });
    this.timer = setInterval(() => void this.flush().catch(() => undefined), this.o.flushEveryMs ?? 1000);
    this.timer.unref();
    this.o.logger.info({ partitions: this.o.partitions }, 'stats worker started');
  }

  private handle(env: Envelope<'sms.verdict.v1'>): void {
    const p = env.partition ?? partitionOf(env.key, this.o.partitionCount);
    this.lastEnv.set(p, env);
    if (env.seq !== undefined && env.seq <= (this.cursors.get(p) ?? 0)) {
      this.events.inc({ outcome: 'replayed' });
      return;
    }
    if (env.seq !== undefined) this.cursors.set(p, env.seq);
    const bad = invalidReason(env.payload, this.o.clock.now());
    if (bad) {
      this.events.inc({ outcome: bad });
      return;
    }
    this.buffer.addVerdict(env.payload);
    this.events.inc({ outcome: 'counted' });
  }

  /** Writes what was counted since the last flush with the positions it covers, then acknowledges. */
  flush(): Promise<void> {
    this.flushing = this.flushing.catch(() => undefined).then(() => this.flushNow());
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    const now = this.o.clock.now();
    if (now - this.lastPurge >= PURGE_EVERY) {
      this.lastPurge = now;
      try {
        await this.store.purge(now, this.o.minuteRetentionMs ?? 2 * DAY, this.o.retentionMs ?? 400 * DAY);
      } catch (e) {
        this.o.logger.warn({ err: e }, 'purging old statistics failed; tried again later');
      }
    }
    if (this.buffer.size === 0 && this.lastEnv.size === 0) return;
    const taken = this.buffer.take();
    const cursors = new Map(this.cursors);
    const toAck = new Map(this.lastEnv);
    this.lastEnv.clear();
    try {
      await this.o.db.transaction().execute(async (trx) => {
        await this.store.write(trx, taken);
        for (const [partition, seq] of cursors) {
          await trx
            .insertInto('stream_cursors')
            .values({ consumer: this.consumer, partition, seq, updated_at: now })
            .onConflict((oc) => oc.columns(['consumer', 'partition']).doUpdateSet({ seq, updated_at: now }))
            .execute();
        }
      });
    } catch (e) {
      // Nothing was written or acknowledged: the counts go back into the buffer for the next flush.
      this.buffer.putBack(taken);
      for (const [p, env] of toAck) if (!this.lastEnv.has(p)) this.lastEnv.set(p, env);
      this.o.logger.error({ err: e }, 'writing statistics failed; retried with the next flush');
      throw e;
    }
    for (const env of toAck.values()) env.ack?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sub?.unsubscribe();
    this.sub = null;
    await this.flush().catch(() => undefined);
  }
}
