// Choosing the transport from configuration. The NATS adapter is loaded on demand, so a process on the default
// in-process bus never loads the NATS client.
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { EventBus } from './event-bus.js';
import { InProcessBus } from './in-process-bus.js';
import type { NatsBusOptions, NatsJetStreamBus } from './nats-bus.js';

/** The `bus` slice of the configuration. */
export type BusConfig = Config['bus'];

/** Connects to NATS JetStream and sets up the prefix's streams (see NatsBusOptions for the defaults). Rejects
 * with BUS_UNAVAILABLE when the server cannot be reached or has no JetStream. */
export async function connectNatsBus(opts: NatsBusOptions): Promise<NatsJetStreamBus> {
  const nats = await import('./nats-bus.js');
  return nats.connectNatsBus(opts);
}

/** The configured event bus: NATS JetStream when `bus.url` is set, else the in-process bus; both with
 * `bus.partitions` partitions. */
export async function openBus(config: Readonly<BusConfig>, deps: { logger?: Logger; clock?: Clock } = {}): Promise<EventBus> {
  if (config.url) return connectNatsBus({ url: config.url, partitions: config.partitions, prefix: config.prefix, ackWaitMs: config.ackWaitMs, prefetch: config.prefetch, ...deps });
  return new InProcessBus({ partitions: config.partitions, ...deps });
}
