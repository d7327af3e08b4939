// Decides messages in threads of their own, so the proxy's event loop only moves PDUs: classification, settings,
// the quarantine and the decision log take about half of the CPU a message costs, and on one thread they would
// put every message in flight behind the one being classified. Each thread runs a whole decider (its own verdict
// engine, indicator index, settings and store connection; see src/cli/firewall-decider-thread.ts); a message goes
// to the thread with the fewest waiting. Requests made in one tick are posted together, as are the answers.
//
// A thread that fails or exits takes its waiting messages with it: they are rejected (the proxy refuses them with
// ESME_RSYSERR, so the sender retries them and nothing unclassified passes) and a new thread is started after a
// back-off (1 s, doubling to 30 s while restarts keep failing). A thread that cannot start at all fails start().
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../core/index.js';
import type { Decider, FirewallDecision, FirewallMessage } from '../types.js';

export type DeciderRequest = { id: number; msg: FirewallMessage };
export type DeciderReply = { id: number; decision: FirewallDecision } | { id: number; error: string };
/** From a thread: 'ready' once it can decide, 'failed' when it could not start, a batch of answers, or its metrics
 * (prom-client's getMetricsAsJSON) when asked. */
export type DeciderThreadMessage =
  | { kind: 'ready' } | { kind: 'failed'; error: string } | { kind: 'answers'; answers: DeciderReply[] } | { kind: 'metrics'; id: number; metrics: object[] };
/** To a thread. */
export type DeciderThreadRequest = { kind: 'decide'; batch: DeciderRequest[] } | { kind: 'metrics'; id: number } | { kind: 'close' };

export interface ThreadedDeciderOptions {
  /** The thread's entry module (a .mjs that loads the TypeScript entry). */
  entry: URL;
  /** Handed to every thread as workerData (the configuration). */
  workerData: unknown;
  threads: number;
  logger: Logger;
  /** Longest wait for a thread to start, ms (it loads the indicator index). Default 120 s. */
  startTimeoutMs?: number;
}

interface Slot {
  worker: Worker;
  waiting: Map<number, { resolve: (d: FirewallDecision) => void; reject: (e: Error) => void }>;
  outbox: DeciderRequest[];
  ready: boolean;
  exited: boolean;
  metricsWaiting: Map<number, (m: object[]) => void>;
}

const MIN_RESTART_MS = 1000;
const MAX_RESTART_MS = 30_000;

export class ThreadedDecider implements Decider {
  private readonly slots: Slot[] = [];
  private nextId = 0;
  private stopped = false;
  private readonly flushQueued = new Set<Slot>();
  private readonly restartDelay: number[] = [];

  constructor(private readonly opts: ThreadedDeciderOptions) {}

  /** Starts every thread; resolves when all can decide. When one cannot start, every thread is stopped and this
   * rejects. */
  async start(): Promise<void> {
    try {
      await Promise.all(Array.from({ length: this.opts.threads }, (_, i) => this.spawn(i)));
    } catch (e) {
      await this.stop();
      throw e;
    }
  }

  /** Threads that can decide now, of how many. */
  get readiness(): { ready: number; threads: number } {
    return { ready: this.slots.filter((s) => s.ready).length, threads: this.opts.threads };
  }

  decide(msg: FirewallMessage): Promise<FirewallDecision> {
    const slot = this.pick();
    if (!slot) return Promise.reject(new Error('no decider thread is running'));
    const id = ++this.nextId;
    return new Promise<FirewallDecision>((resolve, reject) => {
      slot.waiting.set(id, { resolve, reject });
      slot.outbox.push({ id, msg });
      if (!this.flushQueued.has(slot)) {
        this.flushQueued.add(slot);
        queueMicrotask(() => this.flush(slot));
      }
    });
  }

  /** Stops every thread after it has written what it buffered. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.slots.map(async (s) => {
      if (s.exited) return;
      this.post(s, { kind: 'close' });
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => void s.worker.terminate().then(() => resolve()), 10_000);
        s.worker.once('exit', () => {
          clearTimeout(t);
          resolve();
        });
      });
    }));
  }

  /** Every running thread's metrics (prom-client JSON), for aggregation with the main thread's; a thread that does
   * not answer within a second is left out. */
  async metrics(): Promise<object[][]> {
    const asks = this.slots.filter((s) => s.ready).map((s) => new Promise<object[] | null>((resolve) => {
      const id = ++this.nextId;
      const t = setTimeout(() => {
        s.metricsWaiting.delete(id);
        resolve(null);
      }, 1000);
      s.metricsWaiting.set(id, (m) => {
        clearTimeout(t);
        resolve(m);
      });
      this.post(s, { kind: 'metrics', id });
    }));
    return (await Promise.all(asks)).filter((m): m is object[] => m !== null);
  }

  private post(slot: Slot, m: DeciderThreadRequest): void {
    slot.worker.postMessage(m);
  }

  private pick(): Slot | undefined {
    let best: Slot | undefined;
    for (const s of this.slots) if (s.ready && (!best || s.waiting.size < best.waiting.size)) best = s;
    return best;
  }

  private flush(slot: Slot): void {
    this.flushQueued.delete(slot);
    if (slot.outbox.length === 0) return;
    const batch = slot.outbox;
    slot.outbox = [];
    this.post(slot, { kind: 'decide', batch });
  }

  private restartLater(index: number, code: number): void {
    const delay = Math.min(MAX_RESTART_MS, Math.max(MIN_RESTART_MS, (this.restartDelay[index] ?? 0) * 2));
    this.restartDelay[index] = delay;
    this.opts.logger.error({ thread: index, code, retryInMs: delay }, 'firewall: a decider thread stopped; starting a new one');
    const t = setTimeout(() => {
      if (this.stopped) return;
      this.spawn(index).catch((e: unknown) => {
        this.opts.logger.error({ err: e, thread: index }, 'firewall: restarting a decider thread failed');
        if (!this.stopped) this.restartLater(index, -1);
      });
    }, delay);
    t.unref();
  }

  private spawn(index: number): Promise<void> {
    // The main thread's young generation (deciding is where the per-message garbage is made).
    const worker = new Worker(this.opts.entry, { workerData: this.opts.workerData, name: `mamoru-decider-${index}`, resourceLimits: { maxYoungGenerationSizeMb: youngGenerationMb() } });
    const slot: Slot = { worker, waiting: new Map(), outbox: [], ready: false, exited: false, metricsWaiting: new Map() };
    this.slots[index] = slot;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`decider thread ${index} did not start within ${this.opts.startTimeoutMs ?? 120_000} ms`));
        void worker.terminate();
      }, this.opts.startTimeoutMs ?? 120_000);
      worker.on('message', (m: DeciderThreadMessage) => {
        if (m.kind === 'ready') {
          clearTimeout(timer);
          slot.ready = true;
          this.restartDelay[index] = 0;
          resolve();
        } else if (m.kind === 'failed') {
          clearTimeout(timer);
          reject(new Error(`decider thread ${index} could not start: ${m.error}`));
        } else if (m.kind === 'metrics') {
          const done = slot.metricsWaiting.get(m.id);
          slot.metricsWaiting.delete(m.id);
          done?.(m.metrics);
        } else {
          for (const a of m.answers) {
            const p = slot.waiting.get(a.id);
            if (!p) continue;
            slot.waiting.delete(a.id);
            if ('decision' in a) p.resolve(a.decision);
            else p.reject(new Error(a.error));
          }
        }
      });
      worker.on('error', (e) => this.opts.logger.error({ err: e, thread: index }, 'firewall: a decider thread failed'));
      worker.on('exit', (code) => {
        clearTimeout(timer);
        const wasReady = slot.ready;
        slot.ready = false;
        slot.exited = true;
        reject(new Error(`decider thread ${index} stopped before it was ready (exit code ${code})`));
        for (const [id, p] of slot.waiting) {
          slot.waiting.delete(id);
          p.reject(new Error(`decider thread ${index} stopped`));
        }
        // Only a thread that once worked is restarted (one that never started fails start() instead).
        if (this.stopped || this.slots[index] !== slot || !wasReady) return;
        this.restartLater(index, code);
      });
    });
  }
}

/** Three semispaces, as V8 sizes a young generation, from the process's --max-semi-space-size (bin/node-flags.js
 * starts `mamoru firewall` with 64; an operator may set another); 64 when none is given. */
function youngGenerationMb(): number {
  // NODE_OPTIONS comes before the command line, and V8 takes the last value given.
  let mb = 64;
  for (const flag of [...(process.env.NODE_OPTIONS ?? '').split(/\s+/), ...process.execArgv]) {
    const m = /^--max[-_]semi[-_]space[-_]size=(\d+)$/.exec(flag);
    if (m) mb = Number(m[1]);
  }
  return 3 * mb;
}
