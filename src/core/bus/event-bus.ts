// The event-bus port. Modules publish and subscribe only through this interface; the transport is in-process by
// default and NATS JetStream when scaled out (DESIGN §4), and both pass test/bus-contract.ts.
import type { EventMap, Subject } from './events.js';

/** What a handler receives. Frozen: handlers must not mutate it (nor its payload). */
export interface Envelope<S extends Subject = Subject> {
  /** Unique per event (ULID unless the publisher gave one); the idempotency key for handlers. */
  id: string;
  subject: S;
  /** When the event was published, ms since epoch. */
  at: number;
  /** Partitioning key; null when the publisher gave none. */
  key: string | null;
  payload: EventMap[S];
  // Transport facts: optional, so a handler that does not need them works on every transport.
  /** The partition of `key` (`partitionOf(key, partitions)`); set by both buses. */
  partition?: number;
  /** Stream sequence: strictly increasing within a partition, not contiguous (the partitions of a subject share
   * one sequence). Set only by durable transports (JetStream): a worker that snapshots its state stores the last
   * applied `seq` per partition and skips events at or below it after a restart. Absent in-process, where
   * nothing survives a restart to compare with. */
  seq?: number;
  /** True when the transport delivered this event before and it was not acknowledged (a consumer crashed,
   * stopped or let the ack wait pass). Set by durable transports; absent in-process, which never redelivers. */
  redelivered?: boolean;
  /** Present only on subscriptions with `ack: 'manual'`: acknowledges this event and every earlier event of the
   * same partition for this group. Never throws; a no-op in-process and once the bus is closed. */
  ack?: () => void;
}

export type Handler<S extends Subject> = (env: Envelope<S>) => void | Promise<void>;

export interface PublishOptions {
  /** Ordering/partitioning key: events with the same key reach a group in publish order, at the same member. */
  key?: string;
  /** Event id; give a deterministic one to make a retried publish de-duplicable. Default: a new ULID. */
  id?: string;
}

export interface SubscribeOptions {
  /** Consumer group. Each event goes to exactly one member of a group (chosen by key), and to every group.
   * Without a group the subscription gets every event (what a per-process cache such as the indicator index
   * needs). On JetStream a group is a durable consumer that survives restarts: a new member resumes where the
   * group stopped; a group's first subscription starts it at the events published from then on. Names: 1–64
   * letters, digits, `-` and `_` (else CONFIG_INVALID, on both buses). */
  group?: string;
  /** Consume only these partitions (0 … partitions−1), e.g. a worker process started with `--partitions 0-3`;
   * default all. Members of one group split the partitions they accept between them. An empty list or a
   * partition the bus does not have is refused with CONFIG_INVALID. */
  partitions?: readonly number[];
  /** 'auto' (default): an event is acknowledged when the handler's promise settles, also when it rejects (the
   * failure is logged, the event is not redelivered). 'manual': the handler's return acknowledges nothing; the
   * envelope carries `ack()`, and events not acknowledged are redelivered after the ack wait (30 s by default
   * on JetStream) to whichever member then holds the partition. For workers that apply events to state and
   * acknowledge only after saving it; a failing handler is logged and its event left unacknowledged (a later
   * ack of the partition covers it). Every member of a group must use the same mode (else CONFLICT). */
  ack?: 'auto' | 'manual';
  /** Manual-ack groups on a durable transport: the last stream sequence this member has applied (and stored) for
   * a partition, if it knows one. When the partition's consumer has to be created anew — an operator deleted it,
   * or a restart was cut short while it was being re-seated — it starts right after that sequence rather than at
   * the events published from then on, so nothing in between is skipped. Ignored in-process. */
  resumeAfter?: (partition: number) => number | undefined;
}

export interface Subscription {
  /** Stop delivery: no handler call starts after this resolves; one already running is not interrupted. Safe to
   * call from inside the handler itself, and more than once. On JetStream it also waits for this subscription's
   * running handler calls (except the one calling it), so a worker can save its state right after; a group
   * member's partitions move to the group's remaining members in this process, if any, and events it fetched
   * but did not handle — and, with ack 'manual', handled but did not acknowledge — are redelivered. */
  unsubscribe(): Promise<void>;
}

/**
 * Typed publish/subscribe.
 *
 * Guarantees every adapter keeps:
 * - delivery is asynchronous: `publish` resolves when the transport has accepted the event, not when handlers ran;
 * - per subscription, events with the same key are delivered in publish order, one at a time (the next waits for
 *   the handler's promise). A subscription without a group, and every in-process subscription, runs its handler
 *   one event at a time overall; a group member on JetStream runs one event at a time *per partition*, so its
 *   handler may run concurrently for events of different partitions (different keys);
 * - a handler that throws or rejects is logged at error level with the subject and event id; it never fails the
 *   publisher or stops later deliveries, and (ack 'auto') the event counts as handled.
 *
 * Delivery is at-least-once on durable transports (JetStream redelivers after a crash or a missing ack), so
 * handlers must be idempotent by `envelope.id` (or by the payload's own identity, as an index upsert is).
 *
 * How the JetStream adapter maps this (docs/architecture.md, "Event bus"): subject `s` is published to
 * `<prefix>.<s>.<partition>` (prefix `mamoru` by default), partition = `partitionOf(key, N)` (key null →
 * partition 0), into one stream per subject; a group is one durable pull consumer per partition named
 * `<group>-p<partition>`; no group is an ordered ephemeral consumer starting at the events published from
 * then on; `publish` resolves on the stream's ack, and the event id is the message id the stream de-duplicates
 * on (within 2 minutes).
 */
export interface EventBus {
  publish<S extends Subject>(subject: S, payload: EventMap[S], opts?: PublishOptions): Promise<void>;
  subscribe<S extends Subject>(subject: S, handler: Handler<S>, opts?: SubscribeOptions): Promise<Subscription>;
  /** Stop accepting publishes and subscriptions, let running handlers finish, release the transport.
   * Idempotent; afterwards publish and subscribe reject with SHUTTING_DOWN. */
  close(): Promise<void>;
}
