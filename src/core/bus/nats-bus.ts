// The NATS JetStream event bus, for scale-out (DESIGN §4). Subject `s` goes to `<prefix>.<s>.<partition>` in one
// file-backed stream per subject; a group is one durable pull consumer per partition (`<group>-p<partition>`), read
// by one fetch loop per partition in whichever process holds a member for it; a subscription without a group is an
// ordered ephemeral consumer starting at the events published from then on. Guarantees are the port's
// (event-bus.ts); specifics: delivery is at-least-once, a group member's handler runs one event at a time per
// partition (partitions in parallel), and a failing handler is logged at error level with the subject and event
// id and, with ack 'auto', the event is acknowledged anyway — as in-process, a bad event must not loop forever.
import { AsyncLocalStorage } from 'node:async_hooks';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { DeliverPolicy, jetstream, jetstreamManager, type Consumer, type JetStreamClient, type JetStreamManager, type JsMsg } from '@nats-io/jetstream';
import { systemClock, type Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { newId } from '../ids.js';
import { silentLogger, type Logger } from '../logger.js';
import { ackModeConflict, busClosed, checkGroupName } from './bus-checks.js';
import type { Envelope, EventBus, Handler, PublishOptions, SubscribeOptions, Subscription } from './event-bus.js';
import { SUBJECTS, type EventMap, type Subject } from './events.js';
import { ConsumerLoop } from './nats-consumer-loop.js';
import { ConnectionWatch, withTimeout } from './nats-connection.js';
import { maskUrl, resolveNatsSettings, splitServers, type NatsBusOptions, type NatsSettings } from './nats-options.js';
import { apiErrorCode, CONSUMER_NOT_FOUND, consumerName, deleteStreams, ensureGroupConsumer, ensureStream, natsSubject, reseatGroupConsumer, partitionOfSubject, streamName, unavailable } from './nats-setup.js';
import { decodeEvent, encodeEvent } from './nats-wire.js';
import { assignPartitions, checkPartitionList, partitionOf } from './partition.js';

export type { NatsBusOptions } from './nats-options.js';

/** The start sequence after an applied position, as an optional argument list. */
const nextAfter = (applied: number | undefined): [] | [number] => (applied === undefined ? [] : [applied + 1]);

interface Member {
  handler: Handler<Subject>;
  accepts: ReadonlySet<number> | undefined;
  manual: boolean;
  resumeAfter: ((partition: number) => number | undefined) | undefined;
  group: string | undefined;
  /** Running handler calls, by the async-context token of each call. */
  running: Map<object, Promise<void>>;
}

/** One group on one subject within this bus: its members here and the fetch loops of the partitions they hold. */
interface GroupState {
  subject: Subject;
  group: string;
  stream: string;
  manual: boolean;
  members: Member[];
  owners: number[];
  loops: Map<number, ConsumerLoop>;
  ready: Promise<void>;
}

interface CallContext {
  loop: ConsumerLoop;
}

const noAck = () => undefined;

/** Acks, naks and keep-alives are fire-and-forget: once the connection is gone they cannot be sent, and the
 * event is redelivered, which at-least-once delivery allows. They must never throw into a loop or a timer. */
function settle(send: () => void): void {
  try {
    send();
  } catch {
    // connection closed or draining: see above
  }
}

export class NatsJetStreamBus implements EventBus {
  private readonly logger: Logger;
  private readonly clock: Clock;
  private readonly context = new AsyncLocalStorage<CallContext>();
  private readonly groups = new Map<string, GroupState>();
  /** Groups whose last member here left while their loops were still stopping: a new member waits for them, so
   * two loops never read one partition's consumer at once. */
  private readonly leaving = new Map<string, ConsumerLoop[]>();
  /** Loops of subscriptions without a group. */
  private readonly plainLoops = new Set<ConsumerLoop>();
  private readonly orderedConsumers = new Set<Consumer>();
  private readonly publishing = new Set<Promise<unknown>>();
  private readonly keepAlive: NodeJS.Timeout;
  private closing: Promise<void> | undefined;
  private readonly connection: ConnectionWatch;

  /** Use connectNatsBus(). */
  constructor(
    private readonly nc: NatsConnection,
    private readonly js: JetStreamClient,
    private readonly jsm: JetStreamManager,
    private readonly s: NatsSettings,
    opts: { logger?: Logger; clock?: Clock },
  ) {
    this.logger = opts.logger ?? silentLogger;
    this.clock = opts.clock ?? systemClock;
    this.connection = new ConnectionWatch(nc, this.logger);
    // A handler running longer than a third of the ack wait gets its event's ack deadline pushed back, so a slow
    // handler does not see its own event redelivered.
    const every = Math.max(250, Math.floor(s.ackWaitMs / 3));
    this.keepAlive = setInterval(() => this.extendRunning(every), every);
    this.keepAlive.unref();
  }

  get partitions(): number {
    return this.s.partitions;
  }

  get prefix(): string {
    return this.s.prefix;
  }

  get url(): string {
    return this.s.url;
  }

  private get closed(): boolean {
    return this.closing !== undefined;
  }

  private extendRunning(olderThanMs: number): void {
    const now = performance.now();
    for (const g of this.groups.values()) {
      for (const loop of g.loops.values()) {
        const c = loop.current;
        if (c && now - c.since >= olderThanMs) settle(() => c.msg.working());
      }
    }
  }

  async publish<S extends Subject>(subject: S, payload: EventMap[S], opts: PublishOptions = {}): Promise<void> {
    if (this.closed) throw busClosed();
    const at = this.clock.now();
    const id = opts.id ?? newId(at);
    const key = opts.key ?? null;
    const data = encodeEvent({ id, subject, at, key, payload });
    const max = this.nc.info?.max_payload;
    if (max !== undefined && data.length > max - 1024) {
      // Headers (the message id) count too, so leave them room. A retry cannot help: refuse it as a bug.
      throw new AppError('EVENT_TOO_LARGE', `${subject} event ${id} is ${data.length} bytes; the NATS server accepts at most ${max} per message: split it`, { subject, id, bytes: data.length, maxPayload: max });
    }
    const p = this.send(natsSubject(this.s.prefix, subject, partitionOf(key, this.s.partitions)), data, id);
    this.publishing.add(p);
    try {
      await p;
    } catch (e) {
      throw unavailable(`publishing ${subject} event ${id}`, e);
    } finally {
      this.publishing.delete(p);
    }
  }

  /** Publishes within publishTimeoutMs. While the client is reconnecting it waits for the connection first: the
   * client drops a request made while disconnected, which would otherwise time out although the server is back. */
  private async send(natsSubj: string, data: Uint8Array, id: string): Promise<void> {
    const deadline = performance.now() + this.s.publishTimeoutMs;
    if (!(await this.connection.connected(this.s.publishTimeoutMs))) throw new Error(`not connected to NATS for ${this.s.publishTimeoutMs} ms`);
    await this.js.publish(natsSubj, data, { msgID: id, timeout: Math.max(1, Math.round(deadline - performance.now())) });
  }

  async subscribe<S extends Subject>(subject: S, handler: Handler<S>, opts: SubscribeOptions = {}): Promise<Subscription> {
    if (this.closed) throw busClosed();
    if (opts.group !== undefined) checkGroupName(opts.group);
    const member: Member = {
      handler: handler as Handler<Subject>,
      accepts: opts.partitions ? checkPartitionList(opts.partitions, this.s.partitions) : undefined,
      manual: opts.ack === 'manual',
      resumeAfter: opts.resumeAfter,
      group: opts.group,
      running: new Map(),
    };
    if (member.group === undefined) return this.subscribePlain(subject, member);
    const g = await this.join(subject, member.group, member);
    let left = false;
    return {
      unsubscribe: async () => {
        if (left) return;
        left = true;
        await this.leave(g, member);
      },
    };
  }

  private async join(subject: Subject, group: string, member: Member): Promise<GroupState> {
    const id = `${subject} ${group}`;
    const previous = this.leaving.get(id);
    if (previous) await this.awaitStopped(previous);
    let g = this.groups.get(id);
    if (!g) {
      const stream = streamName(this.s.prefix, subject);
      const state: GroupState = { subject, group, stream, manual: member.manual, members: [], owners: [], loops: new Map(), ready: Promise.resolve() };
      // Every partition's consumer is created when the group first appears, not only those this member reads:
      // a worker for partitions 4–7 that starts later must find its events kept since the group began.
      state.ready = Promise.all(
        Array.from({ length: this.s.partitions }, (_, partition) =>
          ensureGroupConsumer(
            this.jsm, { stream, prefix: this.s.prefix, subject, group, partition, manual: member.manual, ackWaitMs: this.s.ackWaitMs, maxAckPending: this.s.maxAckPending },
            ...nextAfter(member.manual ? member.resumeAfter?.(partition) : undefined),
          ),
        ),
      ).then(() => undefined);
      this.groups.set(id, (g = state));
    } else if (g.manual !== member.manual) {
      throw ackModeConflict(subject, group);
    }
    try {
      await g.ready;
    } catch (e) {
      if (this.groups.get(id) === g && g.members.length === 0) this.groups.delete(id);
      throw e instanceof AppError ? e : unavailable(`creating the consumers of group ${group} on ${subject}`, e);
    }
    if (this.closed) throw busClosed();
    g.members.push(member);
    this.rebalance(g);
    return g;
  }

  /** Recomputes which member holds each partition; starts loops for newly held partitions and returns the loops
   * of partitions no member holds any more (already asked to stop). */
  private rebalance(g: GroupState): ConsumerLoop[] {
    g.owners = assignPartitions(g.members.map((m) => m.accepts), this.s.partitions);
    const stopped: ConsumerLoop[] = [];
    g.owners.forEach((owner, partition) => {
      const loop = g.loops.get(partition);
      if (owner >= 0 && !loop) g.loops.set(partition, this.groupLoop(g, partition).start());
      else if (owner < 0 && loop) {
        g.loops.delete(partition);
        loop.requestStop();
        stopped.push(loop);
      }
    });
    return stopped;
  }

  private groupLoop(g: GroupState, partition: number): ConsumerLoop {
    const name = consumerName(g.group, partition);
    return new ConsumerLoop({
      label: { subject: g.subject, group: g.group, partition },
      logger: this.logger,
      prefetch: this.s.prefetch,
      reopenWhenGone: true,
      connectionClosed: () => this.nc.isClosed(),
      open: async () => {
        try {
          if (g.manual) {
            const settings = { stream: g.stream, prefix: this.s.prefix, subject: g.subject, group: g.group, partition, manual: true, ackWaitMs: this.s.ackWaitMs, maxAckPending: this.s.maxAckPending };
            if (await reseatGroupConsumer(this.jsm, settings)) this.logger.info({ subject: g.subject, group: g.group, partition }, 'unacknowledged events re-read from the acknowledged floor');
          }
          return await this.js.consumers.get(g.stream, name);
        } catch (e) {
          if (apiErrorCode(e) !== CONSUMER_NOT_FOUND) throw e;
          // Deleted under us (by an operator, a re-seat cut short by a crash, or the stream was re-created):
          // re-create it — right after the position the member says it applied, when it knows one.
          const settings = { stream: g.stream, prefix: this.s.prefix, subject: g.subject, group: g.group, partition, manual: g.manual, ackWaitMs: this.s.ackWaitMs, maxAckPending: this.s.maxAckPending };
          const applied = g.manual ? g.members[g.owners[partition] ?? -1]?.resumeAfter?.(partition) : undefined;
          if (applied !== undefined) await ensureGroupConsumer(this.jsm, settings, applied + 1);
          else await ensureGroupConsumer(this.jsm, settings);
          return this.js.consumers.get(g.stream, name);
        }
      },
      deliver: async (m, loop) => {
        const owner = g.members[g.owners[partition] ?? -1];
        const env = decodeEvent(m, g.subject, partition, g.manual ? this.ackOf(m) : undefined, this.logger);
        if (!owner || !env) {
          if (!env) settle(() => m.term());
          else if (!g.manual) settle(() => m.nak());
          return;
        }
        await this.run(owner, env, loop);
        if (!g.manual) settle(() => m.ack());
      },
      // Fetched ahead but not handled: in auto mode hand it back at once; in manual mode earlier events of the
      // partition may be handled but unacknowledged, so let the ack wait return them all, in order.
      leave: (m) => {
        if (!g.manual) settle(() => m.nak());
      },
    });
  }

  private async leave(g: GroupState, member: Member): Promise<void> {
    const id = `${g.subject} ${g.group}`;
    g.members = g.members.filter((x) => x !== member);
    const stopped = this.rebalance(g);
    if (g.members.length > 0 || this.groups.get(id) !== g) {
      await this.awaitStopped(stopped, member);
      return;
    }
    this.groups.delete(id);
    this.leaving.set(id, stopped);
    void Promise.all(stopped.map((l) => l.stop())).then(() => {
      if (this.leaving.get(id) === stopped) this.leaving.delete(id);
    });
    await this.awaitStopped(stopped, member);
  }

  /** Waits for loops and for a member's running calls, except those of the calling handler (which would wait
   * for itself). */
  private async awaitStopped(loops: ConsumerLoop[], member?: Member): Promise<void> {
    const ctx = this.context.getStore();
    const self = ctx?.loop;
    await Promise.all(loops.filter((l) => l !== self).map((l) => l.stop()));
    if (member) await Promise.all([...member.running].filter(([token]) => token !== ctx).map(([, call]) => call));
  }

  private async subscribePlain(subject: Subject, member: Member): Promise<Subscription> {
    const stream = streamName(this.s.prefix, subject);
    let next: number;
    try {
      // Start right after the last stored event: what is published once subscribe resolves is delivered, and a
      // re-created ordered consumer resumes from the last event seen rather than from the start of the stream.
      next = (await this.jsm.streams.info(stream)).state.last_seq + 1;
    } catch (e) {
      throw unavailable(`subscribing to ${subject}`, e);
    }
    if (this.closed) throw busClosed();
    let consumer: Consumer | undefined;
    const loop = new ConsumerLoop({
      label: { subject },
      logger: this.logger,
      prefetch: this.s.prefetch,
      reopenWhenGone: false,
      connectionClosed: () => this.nc.isClosed(),
      open: async () => {
        if (consumer) this.forget(consumer);
        consumer = await this.js.consumers.get(stream, { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: next });
        this.orderedConsumers.add(consumer);
        return consumer;
      },
      deliver: async (m, l) => {
        next = m.info.streamSequence + 1;
        const partition = partitionOfSubject(m.subject);
        if (member.accepts && !member.accepts.has(partition)) return;
        // An ordered consumer acknowledges nothing: ack() is a no-op, as in-process.
        const env = decodeEvent(m, subject, partition, undefined, this.logger);
        if (env) await this.run(member, member.manual ? Object.freeze({ ...env, ack: noAck }) : env, l);
      },
      leave: () => undefined,
    }).start();
    this.plainLoops.add(loop);
    let left = false;
    return {
      unsubscribe: async () => {
        if (left) return;
        left = true;
        this.plainLoops.delete(loop);
        loop.requestStop();
        await this.awaitStopped([loop], member);
        if (consumer) this.forget(consumer);
      },
    };
  }

  /** Deletes an ordered consumer now rather than leaving it to the server's inactivity timeout. */
  private forget(consumer: Consumer): void {
    this.orderedConsumers.delete(consumer);
    if (!this.nc.isClosed() && !this.connection.disconnected) void consumer.delete().catch(() => undefined);
  }

  /** Manual mode's ack(): acknowledges this event and the partition's earlier ones; never throws. */
  private ackOf(m: JsMsg): () => void {
    return () => settle(() => m.ack());
  }

  /** Runs one handler call; logs a failure at error level with subject and event id. Never rejects. */
  private async run(member: Member, env: Envelope, loop: ConsumerLoop): Promise<void> {
    const ctx: CallContext = { loop };
    const call = this.context.run(ctx, async () => {
      try {
        await member.handler(env);
      } catch (err) {
        this.logger.error({ err, subject: env.subject, eventId: env.id, group: member.group, partition: env.partition }, 'event handler failed');
      }
    });
    member.running.set(ctx, call);
    try {
      await call;
    } finally {
      member.running.delete(ctx);
    }
  }

  /** Stops every fetch loop, lets running handlers finish (their acks are sent), then drains the connection. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    clearInterval(this.keepAlive);
    await Promise.allSettled([...this.publishing]);
    const loops = [...this.plainLoops, ...[...this.groups.values()].flatMap((g) => [...g.loops.values()]), ...[...this.leaving.values()].flat()];
    for (const l of loops) l.requestStop();
    await this.awaitStopped(loops);
    // Ordered consumers would expire on the server anyway; delete them now unless the server is out of reach.
    if (!this.connection.disconnected) await withTimeout(Promise.allSettled([...this.orderedConsumers].map((c) => c.delete())), this.s.publishTimeoutMs);
    this.plainLoops.clear();
    this.groups.clear();
    // Drain sends the acks still buffered. Not while reconnecting (nothing can be sent; un-acked events are
    // redelivered anyway), and never for longer than a publish may take.
    if (!this.connection.disconnected) {
      try {
        if ((await withTimeout(this.nc.drain(), this.s.publishTimeoutMs)) === 'timeout') this.logger.warn('event bus: drain timed out; closing');
      } catch (err) {
        if (!this.nc.isClosed()) this.logger.warn({ err }, 'event bus: drain failed; closing');
      }
    }
    if (!this.nc.isClosed()) await this.nc.close().catch(() => undefined);
  }

  /** Closes the bus, then deletes this prefix's streams with their events and consumer positions. For tests,
   * which use a prefix of their own. */
  async destroy(): Promise<void> {
    await this.close();
    const nc = await connect({ servers: splitServers(this.s.url), name: `${this.s.name}-destroy` });
    try {
      await deleteStreams(await jetstreamManager(nc), this.s.prefix, SUBJECTS);
    } finally {
      await nc.close();
    }
  }
}

/** Connects, checks JetStream, and creates or updates the prefix's streams. Rejects with BUS_UNAVAILABLE when
 * the server cannot be reached or JetStream is not enabled, CONFIG_INVALID for bad options. */
export async function connectNatsBus(opts: NatsBusOptions): Promise<NatsJetStreamBus> {
  const s = resolveNatsSettings(opts);
  const servers = splitServers(s.url);
  let nc: NatsConnection;
  try {
    // noAsyncTraces: the client would otherwise build two Error objects (with stacks) per publish, a quarter of
    // the publisher's CPU; our AppErrors name the subject and event id instead.
    nc = await connect({ servers, name: s.name, maxReconnectAttempts: -1, reconnectTimeWait: s.reconnectWaitMs, timeout: s.publishTimeoutMs, noAsyncTraces: true });
  } catch (e) {
    throw unavailable(`connecting to ${maskUrl(s.url)}`, e);
  }
  try {
    const jsm = await jetstreamManager(nc);
    await Promise.all(SUBJECTS.map((subject) => ensureStream(jsm, subject, { prefix: s.prefix, maxAgeMs: s.maxAgeMs, replicas: s.replicas })));
    return new NatsJetStreamBus(nc, jetstream(nc), jsm, s, { ...(opts.logger ? { logger: opts.logger } : {}), ...(opts.clock ? { clock: opts.clock } : {}) });
  } catch (e) {
    await nc.close().catch(() => undefined);
    throw e instanceof AppError ? e : unavailable(`setting up JetStream streams on ${maskUrl(s.url)}`, e);
  }
}
