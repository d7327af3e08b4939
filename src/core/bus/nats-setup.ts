// JetStream names and the idempotent set-up of streams and group consumers. Several processes may run this at
// the same time against one server: every step tolerates finding the work already done.
import { AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import { AppError } from '../errors.js';
import type { Subject } from './events.js';

/** A prefix is one subject token and part of stream names: lower-case letters, digits, `_` and `-`. */
export const PREFIX_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;
/** Window within which the stream drops a message whose id (`Nats-Msg-Id` = event id) it already stored, ms. */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;

/** Stream of one subject: `MAMORU_SMS_VERDICT_V1` for prefix `mamoru` and subject `sms.verdict.v1`. */
export function streamName(prefix: string, subject: Subject): string {
  return `${prefix}_${subject}`.replace(/\./g, '_').toUpperCase();
}

/** NATS subject of one partition of a mamoru subject: `mamoru.sms.verdict.v1.3`. */
export function natsSubject(prefix: string, subject: Subject, partition: number): string {
  return `${prefix}.${subject}.${partition}`;
}

/** Durable consumer of one partition for a group: `devices-p3`. */
export function consumerName(group: string, partition: number): string {
  return `${group}-p${partition}`;
}

/** The partition a NATS subject was published to (its last token). */
export function partitionOfSubject(natsSubj: string): number {
  return Number(natsSubj.slice(natsSubj.lastIndexOf('.') + 1));
}

export function apiErrorCode(e: unknown): number | undefined {
  return e instanceof JetStreamApiError ? e.code : undefined;
}

const STREAM_NOT_FOUND = 10059;
const STREAM_NAME_IN_USE = 10058;
export const CONSUMER_NOT_FOUND = 10014;
/** 10013 on servers before 2.10; 10148 when 2.10+ is asked to create a consumer that exists with other settings. */
const CONSUMER_EXISTS = new Set([10013, 10148]);

export function unavailable(what: string, e: unknown): AppError {
  const reason = e instanceof Error ? e.message : String(e);
  return new AppError('BUS_UNAVAILABLE', `event bus: ${what} failed: ${reason}`, undefined, { cause: e });
}

export interface StreamSettings {
  prefix: string;
  /** How long a stream keeps events, ms (consumers that fall further behind lose them). */
  maxAgeMs: number;
  replicas: number;
}

/** Creates the subject's stream, or brings an existing one's limits up to date. Returns its name. */
export async function ensureStream(jsm: JetStreamManager, subject: Subject, s: StreamSettings): Promise<string> {
  const name = streamName(s.prefix, subject);
  const wanted = {
    subjects: [`${s.prefix}.${subject}.*`],
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    max_age: nanos(s.maxAgeMs),
    num_replicas: s.replicas,
  };
  const update = async () => {
    const info = await jsm.streams.info(name);
    const c = info.config;
    const same = c.subjects?.join() === wanted.subjects.join() && c.duplicate_window === wanted.duplicate_window &&
      c.max_age === wanted.max_age && c.num_replicas === wanted.num_replicas;
    if (!same) await jsm.streams.update(name, { ...c, ...wanted });
  };
  try {
    await update();
  } catch (e) {
    if (apiErrorCode(e) !== STREAM_NOT_FOUND) throw e;
    const config: Partial<StreamConfig> & { name: string } = {
      name, ...wanted, storage: StorageType.File, retention: RetentionPolicy.Limits, discard: DiscardPolicy.Old,
    };
    try {
      await jsm.streams.add(config);
    } catch (e2) {
      if (apiErrorCode(e2) !== STREAM_NAME_IN_USE) throw e2;
      await update(); // another process created it first
    }
  }
  return name;
}

export interface GroupConsumerSettings {
  stream: string;
  prefix: string;
  subject: Subject;
  group: string;
  partition: number;
  manual: boolean;
  ackWaitMs: number;
  maxAckPending: number;
}

/** Creates a group's durable consumer of one partition, or checks and updates an existing one. A new consumer
 * starts at `startSeq` when given, else at the events published from now on; an existing one keeps its position. */
export async function ensureGroupConsumer(jsm: JetStreamManager, s: GroupConsumerSettings, startSeq?: number): Promise<string> {
  const name = consumerName(s.group, s.partition);
  const ackPolicy = s.manual ? AckPolicy.All : AckPolicy.Explicit;
  const check = async () => {
    const info = await jsm.consumers.info(s.stream, name);
    const c = info.config;
    if (c.ack_policy !== ackPolicy) {
      throw new AppError(
        'CONFLICT',
        `consumer ${name} of stream ${s.stream} acknowledges with policy "${c.ack_policy}" but group "${s.group}" now subscribes with ack "${s.manual ? 'manual' : 'auto'}"; use the old mode, another group name, or delete the group's consumers`,
        { stream: s.stream, consumer: name },
      );
    }
    if (c.ack_wait !== nanos(s.ackWaitMs) || c.max_ack_pending !== s.maxAckPending) {
      await jsm.consumers.update(s.stream, name, { ack_wait: nanos(s.ackWaitMs), max_ack_pending: s.maxAckPending });
    }
  };
  try {
    await check();
  } catch (e) {
    if (apiErrorCode(e) !== CONSUMER_NOT_FOUND) throw e;
    try {
      await jsm.consumers.add(s.stream, {
        durable_name: name,
        filter_subject: natsSubject(s.prefix, s.subject, s.partition),
        ack_policy: ackPolicy,
        ack_wait: nanos(s.ackWaitMs),
        max_ack_pending: s.maxAckPending,
        ...(startSeq !== undefined ? { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: startSeq } : { deliver_policy: DeliverPolicy.New }),
      });
    } catch (e2) {
      if (!CONSUMER_EXISTS.has(apiErrorCode(e2) ?? 0)) throw e2;
      await check(); // another process created it first
    }
  }
  return name;
}

/**
 * Manual-ack groups only: re-creates the partition's consumer so that it starts right after its acknowledged
 * floor, when events were delivered but never acknowledged (a member crashed, or a delivery was lost with a
 * connection). Without this the server would redeliver those only after the ack wait, *after* newer events, and a
 * worker that skips what it already applied (by sequence) would skip them for good. Call it when a member starts
 * reading the partition, never while another member reads it. Returns whether the consumer was re-created.
 */
export async function reseatGroupConsumer(jsm: JetStreamManager, s: GroupConsumerSettings): Promise<boolean> {
  const name = consumerName(s.group, s.partition);
  const info = await jsm.consumers.info(s.stream, name);
  if (info.num_ack_pending === 0) return false;
  const floor = info.ack_floor.stream_seq;
  await jsm.consumers.delete(s.stream, name);
  await jsm.consumers.add(s.stream, {
    durable_name: name,
    filter_subject: natsSubject(s.prefix, s.subject, s.partition),
    ack_policy: AckPolicy.All,
    ack_wait: nanos(s.ackWaitMs),
    max_ack_pending: s.maxAckPending,
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: floor + 1,
  });
  return true;
}

/** Deletes the prefix's streams (and so their consumers). For tests: every stored event and position is lost. */
export async function deleteStreams(jsm: JetStreamManager, prefix: string, subjects: readonly Subject[]): Promise<void> {
  for (const subject of subjects) {
    try {
      await jsm.streams.delete(streamName(prefix, subject));
    } catch (e) {
      if (apiErrorCode(e) !== STREAM_NOT_FOUND) throw e;
    }
  }
}
