// The event-bus port. Modules publish and subscribe only through this interface; the transport is in-process by
// default and NATS JetStream when scaled out (DESIGN §4), and both pass test/bus-contract.ts.
import type { EventMap, Subject } from './events.js';

/** What a handler receives. */
export interface Envelope<S extends Subject = Subject> {
  /** Unique per event (ULID unless the publisher gave one); the idempotency key for handlers. */
  id: string;
  subject: S;
  /** When the event was published, ms since epoch. */
  at: number;
  /** Partitioning key; null when the publisher gave none. */
  key: string | null;
  payload: EventMap[S];
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
   * needs). On JetStream a group is a durable consumer that survives restarts. */
  group?: string;
}

export interface Subscription {
  /** Stop delivery: no handler call starts after this resolves (one already running may still finish).
   * Safe to call from inside the handler itself, and more than once. */
  unsubscribe(): Promise<void>;
}

/**
 * Typed publish/subscribe.
 *
 * Guarantees every adapter keeps:
 * - delivery is asynchronous: `publish` resolves when the transport has accepted the event, not when handlers ran;
 * - per subscription, events with the same key are delivered in publish order, one at a time (the next waits for
 *   the handler's promise);
 * - a handler that throws or rejects is logged; it never fails the publisher or stops later deliveries.
 *
 * Delivery is at-least-once on durable transports (JetStream redelivers after a crash or a missing ack), so
 * handlers must be idempotent by `envelope.id` (or by the payload's own identity, as an index upsert is).
 *
 * How the JetStream adapter maps this: subject `s` is published to `mamoru.<s>.<partition>`, partition =
 * hash(key) mod N (key null → partition 0); a group is one durable consumer per partition; no group is an
 * ordered ephemeral consumer; `publish` resolves on the stream's ack.
 */
export interface EventBus {
  publish<S extends Subject>(subject: S, payload: EventMap[S], opts?: PublishOptions): Promise<void>;
  subscribe<S extends Subject>(subject: S, handler: Handler<S>, opts?: SubscribeOptions): Promise<Subscription>;
  /** Stop accepting publishes, let running handlers finish, release the transport. Idempotent. */
  close(): Promise<void>;
}
