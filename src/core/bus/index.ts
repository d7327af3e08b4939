// The event-bus port: typed, versioned subjects and the transports that carry them.
export type { EventMap, Subject, SmsVerdictV1, IndicatorsChangedV1, ChangedIndicator } from './events.js';
export { SUBJECTS } from './events.js';
export type { EventBus, Envelope, Handler, PublishOptions, SubscribeOptions, Subscription } from './event-bus.js';
export { InProcessBus, type InProcessBusOptions } from './in-process-bus.js';
