// The devices worker: subscribes to SMS verdict events for its partitions, runs the detector, and every flush
// writes the changed line state, the case changes and its stream position in one transaction, then acknowledges
// the events that flush covered. After a crash the un-acknowledged events come back and those at or below the
// stored position are skipped, so each event changes the state once (at-least-once delivery, idempotent
// handling). Notification happens after the commit, through the notifier, whose store claims make it
// at-most-once per line and notice however many workers race.
import { Counter, Gauge, type Registry } from 'prom-client';
import { partitionOf, type Clock, type Database, type Envelope, type EventBus, type Logger, type Subscription } from '../core/index.js';
import type { Kysely } from 'kysely';
import type { DeviceCase } from './case.js';
import { CasesRepository } from './cases.repository.js';
import { InfectionDetector, type CaseChange, type DetectorOptions } from './detector/detector.js';

/** What the worker hands cases to (the infected-handset notifier). */
export interface CaseListener {
  onCase(c: DeviceCase): Promise<unknown>;
}

export interface DevicesWorkerOptions {
  db: Kysely<Database>;
  bus: EventBus;
  clock: Clock;
  logger: Logger;
  metrics?: Registry;
  /** The partitions this worker consumes, and how many there are in all. */
  partitions: readonly number[];
  partitionCount: number;
  /** Durable consumer (group) name; also the key of the stored stream positions. */
  consumer?: string;
  notifier?: CaseListener;
  /** Lines that opted out (consent): never scored for notification. Refreshed every `consentRefreshMs`. */
  optedOut?: () => Promise<ReadonlySet<string>>;
  consentRefreshMs?: number;
  flushEveryMs?: number;
  flushEveryEvents?: number;
  /** A case left pending for notification this long is picked up by the outbox sweep, ms (default 15 s). */
  noticeSweepAfterMs?: number;
  sweepEveryMs?: number;
  detector?: Omit<DetectorOptions, 'clock'>;
}

export class DevicesWorker {
  readonly detector: InfectionDetector;
  private readonly repo: CasesRepository;
  private readonly consumer: string;
  private readonly cursors = new Map<number, number>();
  private readonly lastEnv = new Map<number, Envelope<'sms.verdict.v1'>>();
  private readonly pending: CaseChange[] = [];
  private sub: Subscription | null = null;
  private timers: NodeJS.Timeout[] = [];
  private sinceFlush = 0;
  private flushing: Promise<void> = Promise.resolve();
  private notifying: Promise<void> = Promise.resolve();
  private lastSweep = 0;
  private excluded: ReadonlySet<string> = new Set();
  private readonly events: Counter<'outcome'>;
  private readonly cases: Counter<'change'>;

  constructor(private readonly o: DevicesWorkerOptions) {
    this.consumer = o.consumer ?? 'devices';
    this.repo = new CasesRepository(o.db);
    this.detector = new InfectionDetector({ clock: o.clock, ...o.detector, isExcluded: (k) => this.excluded.has(k) });
    const registers = o.metrics ? [o.metrics] : [];
    this.events = new Counter({ name: 'mamoru_devices_events_total', help: 'Verdict events seen by the devices worker, by outcome', labelNames: ['outcome'], registers });
    this.cases = new Counter({ name: 'mamoru_devices_case_changes_total', help: 'Infected-handset case changes stored', labelNames: ['change'], registers });
    if (o.metrics) {
      const det = this.detector;
      new Gauge({ name: 'mamoru_devices_active_lines', help: 'Lines with detector state in this worker', registers, collect() { this.set(det.stats().activeLines); } });
    }
  }

  /** Restores the partitions' state from the store, then starts consuming. */
  async start(): Promise<void> {
    const { lines, cursors } = await this.repo.loadPartitions(this.consumer, this.o.partitions);
    let bad = 0;
    for (const l of lines) if (!this.detector.importLine(l.lineKey, l.state)) bad++;
    if (bad > 0) this.o.logger.warn({ bad }, 'detector snapshot rows that did not parse were skipped');
    for (const [p, s] of cursors) this.cursors.set(p, s);
    await this.refreshConsent();
    this.sub = await this.o.bus.subscribe('sms.verdict.v1', (env) => this.handle(env), {
      group: this.consumer, partitions: this.o.partitions, ack: 'manual', resumeAfter: (p) => this.cursors.get(p),
    });
    const every = (ms: number, fn: () => Promise<void>) => {
      const t = setInterval(() => void fn().catch((e: unknown) => this.o.logger.error({ err: e }, 'devices worker task failed')), ms);
      t.unref();
      this.timers.push(t);
    };
    every(this.o.flushEveryMs ?? 1000, () => this.flush());
    if (this.o.notifier) every(Math.max(1000, Math.floor((this.o.noticeSweepAfterMs ?? 15_000) / 3)), () => this.sweepNotices().then(() => undefined));
    if (this.o.optedOut) every(this.o.consentRefreshMs ?? 30_000, () => this.refreshConsent());
    this.o.logger.info({ partitions: this.o.partitions, restoredLines: lines.length }, 'devices worker started');
  }

  private async refreshConsent(): Promise<void> {
    if (this.o.optedOut) this.excluded = await this.o.optedOut();
  }

  private async handle(env: Envelope<'sms.verdict.v1'>): Promise<void> {
    const p = env.partition ?? partitionOf(env.key, this.o.partitionCount);
    if (env.seq !== undefined && env.seq <= (this.cursors.get(p) ?? 0)) {
      this.events.inc({ outcome: 'replayed' });
      this.lastEnv.set(p, env);
      return;
    }
    const change = this.detector.observe(env.payload, env.id);
    this.events.inc({ outcome: 'applied' });
    if (change) this.pending.push(change);
    if (env.seq !== undefined) this.cursors.set(p, env.seq);
    this.lastEnv.set(p, env);
    if (++this.sinceFlush >= (this.o.flushEveryEvents ?? 5000)) await this.flush();
  }

  /** Persists what changed since the last flush, acknowledges the events it covers, then notifies. */
  flush(): Promise<void> {
    // A failed flush must not poison the chain: the next one retries what it put back.
    this.flushing = this.flushing.catch(() => undefined).then(() => this.flushNow());
    return this.flushing;
  }

  private async flushNow(): Promise<void> {
    const now = this.o.clock.now();
    this.sinceFlush = 0;
    const sweepChanges: CaseChange[] = [];
    if (now - this.lastSweep >= (this.o.sweepEveryMs ?? 60_000)) {
      this.lastSweep = now;
      await this.forgetClosedCases();
      sweepChanges.push(...this.detector.sweep(now));
    }
    // Everything this flush covers is taken in one synchronous step, after the last await above: the case changes,
    // the changed lines' state and the positions then describe the same set of applied events.
    const changes = [...this.pending.splice(0), ...sweepChanges];
    const dirty = this.detector.takeDirty();
    const cursors = new Map(this.cursors);
    const toAck = new Map(this.lastEnv);
    this.lastEnv.clear();
    if (dirty.length === 0 && changes.length === 0 && toAck.size === 0) return;
    const lines = dirty.map((d) => ({ ...d, partition: partitionOf(d.lineKey, this.o.partitionCount) }));
    let applied: CaseChange[];
    try {
      for (const ch of changes) {
        if (ch.type === 'opened') ch.case.evidence.campaignIds = await this.repo.campaignsFor(ch.case.evidence.fingerprints);
      }
      applied = await this.repo.applyFlush(this.consumer, lines, changes, cursors, now);
    } catch (e) {
      // Nothing was stored or acknowledged: put it all back so the next flush writes it (the state is still here
      // in memory; the unacknowledged events would only be skipped as already applied).
      this.pending.unshift(...changes);
      this.detector.markDirty(dirty.map((d) => d.lineKey));
      for (const [p, env] of toAck) if (!this.lastEnv.has(p)) this.lastEnv.set(p, env);
      this.o.logger.error({ err: e }, 'devices flush failed; it is retried with the next flush');
      throw e;
    }
    for (const env of toAck.values()) env.ack?.();
    const active = dirty.filter((d) => d.state !== null).flatMap((d) => {
      const c = this.detector.openCase(d.lineKey);
      return c ? [{ id: c.id, lastActivityAt: c.lastActivityAt }] : [];
    });
    if (active.length > 0) await this.repo.updateActivity(active);
    // A grown case the store holds as closed was closed by an analyst: watch the line afresh.
    for (const ch of changes) if (ch.type === 'grown' && !applied.includes(ch)) this.detector.closeCase(ch.case.lineKey);
    for (const ch of applied) this.cases.inc({ change: ch.type });
    // Notices run off the flush chain (a slow mail server must not hold detection up); the outbox sweep catches
    // anything this misses.
    const toNotify = applied.filter((ch) => ch.type !== 'closed').map((ch) => ch.case);
    if (toNotify.length > 0) {
      this.notifying = this.notifying.then(async () => {
        for (const c of toNotify) await this.notify(c);
      });
    }
  }

  /** Cases an analyst closed through the API while this worker had them open: the detector lets go of them, so a
   * line that keeps sending gets a new case instead of updates to a closed one. */
  private async forgetClosedCases(): Promise<void> {
    const open = this.detector.openCaseIds();
    if (open.size === 0) return;
    const closed = new Set(await this.repo.closedAmong([...open.values()]));
    for (const [lineKey, id] of open) if (closed.has(id)) this.detector.closeCase(lineKey);
  }

  private async notify(c: DeviceCase): Promise<void> {
    if (!this.o.notifier) return;
    try {
      await this.o.notifier.onCase(c);
      await this.repo.noticeHandled(c.id, c.updatedAt);
    } catch (e) {
      // Left pending: the next sweep tries again.
      this.o.logger.error({ err: e, caseId: c.id }, 'notifying a case failed');
    }
  }

  /** The outbox sweep: cases whose notification a worker committed but never handled (it died in between, or the
   * notifier failed). Any worker may run it; the notifier's claims keep it at one notice. */
  async sweepNotices(): Promise<number> {
    const due = await this.repo.pendingNotices(this.o.clock.now() - (this.o.noticeSweepAfterMs ?? 15_000));
    for (const c of due) await this.notify(c);
    return due.length;
  }

  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    this.timers = [];
    await this.sub?.unsubscribe();
    this.sub = null;
    await this.flush();
    await this.notifying;
  }

  /** Resolves when the notices handed off by earlier flushes are done (tests, orderly shutdown). */
  idle(): Promise<void> {
    return this.flushing.then(() => this.notifying);
  }
}
