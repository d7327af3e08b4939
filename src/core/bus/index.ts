// The event-bus port: typed, versioned subjects and the transports that carry them (in-process by default, NATS
// JetStream when scaled out), plus the partitioning both share.
export type { EventMap, Subject, SmsVerdictV1, IndicatorsChangedV1, ChangedIndicator, SendersChangedV1 } from './events.js';
export { SUBJECTS } from './events.js';
export type { EventBus, Envelope, Handler, PublishOptions, SubscribeOptions, Subscription } from './event-bus.js';
export { InProcessBus, type InProcessBusOptions } from './in-process-bus.js';
export { partitionOf, parsePartitionList, assignPartitions, DEFAULT_PARTITIONS, MAX_PARTITIONS } from './partition.js';
export type { NatsBusOptions, NatsJetStreamBus } from './nats-bus.js';
export { openBus, connectNatsBus, type BusConfig } from './open-bus.js';
