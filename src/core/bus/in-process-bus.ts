// The default event bus: everything in one process, nothing persisted. Same guarantees as the port (see
// event-bus.ts) with two in-process specifics: delivery is exactly-once while the process lives (and lost on a
// crash — the store, not the bus, is the system of record, so consumers rebuild from it at start), and the
// payload object is shared, not copied, so neither the publisher nor handlers may mutate it.
import { systemClock, type Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { newId } from '../ids.js';
import { silentLogger, type Logger } from '../logger.js';
import type { Envelope, EventBus, Handler, PublishOptions, SubscribeOptions, Subscription } from './event-bus.js';
import type { EventMap, Subject } from './events.js';

export interface InProcessBusOptions {
  clock?: Clock;
  logger?: Logger;
}

/** FNV-1a, 32-bit: cheap and stable, so the same key always picks the same group member. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

// One queue per subscription, pumped on setImmediate: a publisher never runs handler code inside its own call
// stack or promise chain, and one subscription's handler never runs twice at once.
class Queue {
  private items: Envelope[] = [];
  private head = 0;
  private running = false;
  private waiters: Array<() => void> = [];
  active = true;

  constructor(
    readonly subject: Subject,
    readonly group: string | undefined,
    private readonly handler: Handler<Subject>,
    private readonly logger: Logger,
  ) {}

  get busy(): boolean {
    return this.running || this.head < this.items.length;
  }

  push(env: Envelope): void {
    if (!this.active) return;
    this.items.push(env);
    if (!this.running) {
      this.running = true;
      setImmediate(() => void this.pump());
    }
  }

  private async pump(): Promise<void> {
    while (this.active && this.head < this.items.length) {
      const env = this.items[this.head]!;
      this.items[this.head++] = undefined as unknown as Envelope; // let the payload be collected
      try {
        await this.handler(env);
      } catch (err) {
        this.logger.error({ err, subject: env.subject, eventId: env.id, group: this.group }, 'event handler failed');
      }
    }
    this.items = [];
    this.head = 0;
    this.running = false;
    for (const w of this.waiters.splice(0)) w();
  }

  idle(): Promise<void> {
    return this.busy ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }

  stop(): void {
    this.active = false;
    this.items = [];
    this.head = 0;
    if (!this.running) for (const w of this.waiters.splice(0)) w();
  }
}

export class InProcessBus implements EventBus {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly queues = new Map<Subject, Queue[]>();
  private closed = false;

  constructor(opts: InProcessBusOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
  }

  publish<S extends Subject>(subject: S, payload: EventMap[S], opts: PublishOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(new AppError('SHUTTING_DOWN', 'the event bus is closed'));
    const at = this.clock.now();
    const env: Envelope<S> = Object.freeze({ id: opts.id ?? newId(at), subject, at, key: opts.key ?? null, payload });
    const groups = new Map<string, Queue[]>();
    for (const q of this.queues.get(subject) ?? []) {
      if (q.group === undefined) q.push(env);
      else {
        const members = groups.get(q.group);
        if (members) members.push(q);
        else groups.set(q.group, [q]);
      }
    }
    // A null key always lands on the same member, like partition 0 on a partitioned transport.
    const h = hashKey(env.key ?? '');
    for (const members of groups.values()) members[h % members.length]!.push(env);
    return Promise.resolve();
  }

  subscribe<S extends Subject>(subject: S, handler: Handler<S>, opts: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closed) return Promise.reject(new AppError('SHUTTING_DOWN', 'the event bus is closed'));
    const q = new Queue(subject, opts.group, handler as Handler<Subject>, this.logger);
    const list = this.queues.get(subject) ?? [];
    list.push(q);
    this.queues.set(subject, list);
    return Promise.resolve({
      unsubscribe: () => {
        q.stop();
        const current = this.queues.get(subject);
        if (current) this.queues.set(subject, current.filter((x) => x !== q));
        return Promise.resolve();
      },
    });
  }

  /** Resolves when every queued event has been handled, including events published by handlers meanwhile.
   * For tests and orderly shutdown. */
  async drain(): Promise<void> {
    for (;;) {
      const busy = [...this.queues.values()].flat().filter((q) => q.busy);
      if (busy.length === 0) return;
      await Promise.all(busy.map((q) => q.idle()));
    }
  }

  /** Refuses new publishes, delivers what was already accepted, then drops every subscription. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drain();
    for (const q of [...this.queues.values()].flat()) q.stop();
    this.queues.clear();
  }
}
