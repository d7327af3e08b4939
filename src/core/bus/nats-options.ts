// Options of the JetStream bus, their defaults and checks.
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { PREFIX_PATTERN } from './nats-setup.js';
import { checkPartitionCount, DEFAULT_PARTITIONS } from './partition.js';

export interface NatsBusOptions {
  /** nats://host:port (credentials in the URL are never logged); several servers separated by commas. */
  url: string;
  /** Partitions per subject (default 8). Every process on one prefix must use the same number. */
  partitions?: number;
  /** First token of every subject and of the stream names (default 'mamoru'): 1–32 lower-case letters, digits,
   * _ and -, starting with a letter. Deployments (and test runs) sharing one server use different prefixes. */
  prefix?: string;
  logger?: Logger;
  clock?: Clock;
  /** How long a group consumer waits for an ack before redelivering, ms (default 30,000). */
  ackWaitMs?: number;
  /** Most delivered but unacknowledged events per group consumer (default 100,000); in manual mode the
   * partition stalls at this many until the worker acknowledges. */
  maxAckPending?: number;
  /** Events pulled ahead of the handler per consumer (default 64). Fetched events wait in memory while their ack
   * wait runs: keep prefetch × handler time well under ackWaitMs, or they are redelivered. */
  prefetch?: number;
  /** How long publish waits for the stream's ack (including for a reconnect), ms (default 5,000); also the
   * timeout of the first connection. */
  publishTimeoutMs?: number;
  /** How long streams keep events, ms (default 7 days): a group that falls further behind loses them. */
  maxAgeMs?: number;
  /** Stream replicas in a NATS cluster (default 1). */
  replicas?: number;
  /** Wait between reconnect attempts, ms (default 2,000; the client retries forever). */
  reconnectWaitMs?: number;
  /** Connection name shown by the server (default 'mamoru'). */
  name?: string;
}

export type NatsSettings = Required<Omit<NatsBusOptions, 'logger' | 'clock'>>;

/** Fills in defaults and checks the options; CONFIG_INVALID names what is wrong. */
export function resolveNatsSettings(opts: NatsBusOptions): NatsSettings {
  const s: NatsSettings = {
    url: opts.url,
    partitions: opts.partitions ?? DEFAULT_PARTITIONS,
    prefix: opts.prefix ?? 'mamoru',
    ackWaitMs: opts.ackWaitMs ?? 30_000,
    maxAckPending: opts.maxAckPending ?? 100_000,
    prefetch: opts.prefetch ?? 64,
    publishTimeoutMs: opts.publishTimeoutMs ?? 5_000,
    maxAgeMs: opts.maxAgeMs ?? 7 * 24 * 3600_000,
    replicas: opts.replicas ?? 1,
    reconnectWaitMs: opts.reconnectWaitMs ?? 2_000,
    name: opts.name ?? 'mamoru',
  };
  checkPartitionCount(s.partitions);
  if (!PREFIX_PATTERN.test(s.prefix)) {
    throw new AppError('CONFIG_INVALID', `bad event bus prefix "${s.prefix}": 1–32 lower-case letters, digits, _ and -, starting with a letter`);
  }
  const positive = { ackWaitMs: s.ackWaitMs, maxAckPending: s.maxAckPending, prefetch: s.prefetch, publishTimeoutMs: s.publishTimeoutMs, maxAgeMs: s.maxAgeMs, replicas: s.replicas };
  const bad = Object.entries(positive).filter(([, v]) => !Number.isInteger(v) || v < 1);
  if (bad.length > 0) throw new AppError('CONFIG_INVALID', `event bus options must be positive whole numbers: ${bad.map(([k, v]) => `${k}=${v}`).join(', ')}`);
  if (splitServers(s.url).length === 0) throw new AppError('CONFIG_INVALID', 'the event bus URL is empty');
  return s;
}

export function splitServers(url: string): string[] {
  return url.split(',').map((u) => u.trim()).filter((u) => u !== '');
}

/** A URL fit for logs and messages: whatever stands before an @ (user, password, token) is masked. */
export function maskUrl(url: string): string {
  return url.replace(/\/\/[^@/,\s]*@/g, '//***@');
}
