// The core module: what every other module builds on — configuration, the one error type, logging, ids and
// the clock, the storage and event-bus ports, and the audit log.
export * from './config.js';
export * from './errors.js';
export * from './clock.js';
export * from './ids.js';
export * from './logger.js';
export * from './storage/index.js';
export * from './bus/index.js';
export * from './audit.js';
export * from './pseudonym.js';
export * from './access/index.js';
export * from './rate-limit.js';
export * from './bounded-cache.js';
export * from './counted.js';
