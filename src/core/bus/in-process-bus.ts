// The default event bus: everything in one process, nothing persisted. Same guarantees as the port (see
// event-bus.ts) with in-process specifics: delivery is exactly-once while the process lives (and lost on a
// crash — the store, not the bus, is the system of record, so consumers rebuild from it at start); the payload
// object is shared, not copied, so neither the publisher nor handlers may mutate it; every subscription's handler
// runs one event at a time; envelopes carry `partition` but no `seq` or `redelivered`, and `ack()` (manual mode)
// does nothing.
import { systemClock, type Clock } from '../clock.js';
import { newId } from '../ids.js';
import { silentLogger, type Logger } from '../logger.js';
import { ackModeConflict, busClosed, checkGroupName } from './bus-checks.js';
import type { Envelope, EventBus, Handler, PublishOptions, SubscribeOptions, Subscription } from './event-bus.js';
import type { EventMap, Subject } from './events.js';
import { assignPartitions, checkPartitionCount, checkPartitionList, DEFAULT_PARTITIONS, partitionOf } from './partition.js';

export interface InProcessBusOptions {
  clock?: Clock;
  logger?: Logger;
  /** Partitions per subject, as on JetStream (default 8): decides how a group's members split the keys and
   * what a subscription's `partitions` list means. */
  partitions?: number;
}

const noAck = () => undefined;

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
    /** Partitions this subscription accepts; undefined = all. */
    readonly accepts: ReadonlySet<number> | undefined,
    readonly manual: boolean,
    private readonly handler: Handler<Subject>,
    private readonly logger: Logger,
  ) {}

  get busy(): boolean {
    return this.running || this.head < this.items.length;
  }

  push(env: Envelope): void {
    if (!this.active) return;
    this.items.push(this.manual ? Object.freeze({ ...env, ack: noAck }) : env);
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

/** A group's members on one subject, in join order, and which member owns each partition. */
interface Group {
  members: Queue[];
  owners: number[];
}

interface Topic {
  /** Subscriptions without a group. */
  plain: Queue[];
  groups: Map<string, Group>;
}

export class InProcessBus implements EventBus {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly partitions: number;
  private readonly topics = new Map<Subject, Topic>();
  private closed = false;

  constructor(opts: InProcessBusOptions = {}) {
    this.clock = opts.clock ?? systemClock;
    this.logger = opts.logger ?? silentLogger;
    this.partitions = checkPartitionCount(opts.partitions ?? DEFAULT_PARTITIONS);
  }

  publish<S extends Subject>(subject: S, payload: EventMap[S], opts: PublishOptions = {}): Promise<void> {
    if (this.closed) return Promise.reject(busClosed());
    // Nobody subscribed (the firewall process publishes every verdict and usually consumes none): nothing to build.
    const topic = this.topics.get(subject);
    if (!topic) return Promise.resolve();
    const at = this.clock.now();
    const key = opts.key ?? null;
    const partition = partitionOf(key, this.partitions);
    const env: Envelope<S> = Object.freeze({ id: opts.id ?? newId(at), subject, at, key, payload, partition });
    for (const q of topic.plain) if (!q.accepts || q.accepts.has(partition)) q.push(env);
    // A null key is partition 0, so it always lands on the same member, as on a partitioned transport.
    for (const g of topic.groups.values()) {
      const owner = g.owners[partition]!;
      if (owner >= 0) g.members[owner]!.push(env);
    }
    return Promise.resolve();
  }

  subscribe<S extends Subject>(subject: S, handler: Handler<S>, opts: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closed) return Promise.reject(busClosed());
    let accepts: ReadonlySet<number> | undefined;
    try {
      if (opts.group !== undefined) checkGroupName(opts.group);
      accepts = opts.partitions ? checkPartitionList(opts.partitions, this.partitions) : undefined;
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const q = new Queue(subject, opts.group, accepts, opts.ack === 'manual', handler as Handler<Subject>, this.logger);
    let topic = this.topics.get(subject);
    if (!topic) this.topics.set(subject, (topic = { plain: [], groups: new Map() }));
    const existing = opts.group === undefined ? undefined : topic.groups.get(opts.group)?.members[0];
    if (existing && existing.manual !== q.manual) return Promise.reject(ackModeConflict(subject, opts.group!));
    if (opts.group === undefined) topic.plain.push(q);
    else {
      const g = topic.groups.get(opts.group) ?? { members: [], owners: [] };
      g.members.push(q);
      this.reassign(g);
      topic.groups.set(opts.group, g);
    }
    const t = topic;
    return Promise.resolve({
      unsubscribe: () => {
        q.stop();
        if (q.group === undefined) t.plain = t.plain.filter((x) => x !== q);
        else {
          const g = t.groups.get(q.group);
          if (g) {
            g.members = g.members.filter((x) => x !== q);
            if (g.members.length === 0) t.groups.delete(q.group);
            else this.reassign(g);
          }
        }
        return Promise.resolve();
      },
    });
  }

  private reassign(g: Group): void {
    g.owners = assignPartitions(g.members.map((m) => m.accepts), this.partitions);
  }

  private allQueues(): Queue[] {
    return [...this.topics.values()].flatMap((t) => [...t.plain, ...[...t.groups.values()].flatMap((g) => g.members)]);
  }

  /** Resolves when every queued event has been handled, including events published by handlers meanwhile.
   * For tests and orderly shutdown. */
  async drain(): Promise<void> {
    for (;;) {
      const busy = this.allQueues().filter((q) => q.busy);
      if (busy.length === 0) return;
      await Promise.all(busy.map((q) => q.idle()));
    }
  }

  /** Refuses new publishes, delivers what was already accepted, then drops every subscription. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.drain();
    for (const q of this.allQueues()) q.stop();
    this.topics.clear();
  }
}
